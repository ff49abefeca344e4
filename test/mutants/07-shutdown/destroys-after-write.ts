/**
 * Mistake: the client destroys its socket once the request is written, instead of half-closing, and never sees the answer.
 * Caught by: still reads after its own end(): destroying the socket instead would lose the answer
 */
import net from "node:net";
import type { RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export { startAnswerServer } from "../../../solutions/07-shutdown/index.ts";
export type { AnswerOptions, AnswerServer, RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export function request(port: number, body: Uint8Array | string, options: RequestOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host }, () => {
      socket.write(body, () => socket.destroy());
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks)));
  });
}
