/**
 * Mistake: one request buffer for the whole server: clients' bytes are mixed.
 * Caught by: keeps each client's request apart: 5 clients, ended last-opened first
 */
import net from "node:net";
import type { AnswerOptions, AnswerServer } from "../../../solutions/07-shutdown/index.ts";

export { request } from "../../../solutions/07-shutdown/index.ts";
export type { AnswerOptions, AnswerServer, RequestOptions } from "../../../solutions/07-shutdown/index.ts";

const chunks: Buffer[] = [];

export async function startAnswerServer(options: AnswerOptions): Promise<AnswerServer> {
  const host = options.host ?? "127.0.0.1";
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => {
      void (async () => socket.end(await options.answer(Buffer.concat(chunks))))();
      chunks.length = 0;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
