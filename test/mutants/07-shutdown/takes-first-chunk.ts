/**
 * Mistake: the client resolves with the first chunk of the answer.
 * Caught by: reads until the server ends, not until the first chunk
 */
import net from "node:net";
import type { RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export { startAnswerServer } from "../../../solutions/07-shutdown/index.ts";
export type { AnswerOptions, AnswerServer, RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export function request(port: number, body: Uint8Array | string, options: RequestOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host }, () => socket.end(body));
    socket.on("error", reject);
    socket.once("data", (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk);
    });
    socket.on("end", () => {
      socket.destroy();
      resolve(Buffer.concat(chunks));
    });
  });
}
