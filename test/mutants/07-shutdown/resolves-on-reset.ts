/**
 * Mistake: the client treats a reset like a normal end and resolves with what it has.
 * Caught by: rejects with ECONNRESET when the peer resets, instead of hanging or crashing
 */
import net from "node:net";
import type { RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export { startAnswerServer } from "../../../solutions/07-shutdown/index.ts";
export type { AnswerOptions, AnswerServer, RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export function request(port: number, body: Uint8Array | string, options: RequestOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  return new Promise<Buffer>((resolve, _reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host }, () => socket.end(body));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => resolve(Buffer.concat(chunks)));
  });
}
