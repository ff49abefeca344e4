/**
 * Mistake: the client writes the request but never ends its side, so a server waiting for the FIN never answers.
 * Caught by: half-closes after writing: a peer that answers only after the client's FIN gets it
 */
import net from "node:net";
import type { RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export { startAnswerServer } from "../../../solutions/07-shutdown/index.ts";
export type { AnswerOptions, AnswerServer, RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export function request(port: number, body: Uint8Array | string, options: RequestOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host }, () => socket.write(body));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      socket.destroy();
      resolve(Buffer.concat(chunks));
    });
  });
}
