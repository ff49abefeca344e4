/**
 * Mistake: no 'error' listener on the accepted socket: a client's reset becomes an uncaught exception.
 * Caught by: survives a client that resets in the middle of its request, and serves the next one
 */
import net from "node:net";
import type { AnswerOptions, AnswerServer } from "../../../solutions/07-shutdown/index.ts";

export { request } from "../../../solutions/07-shutdown/index.ts";
export type { AnswerOptions, AnswerServer, RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export async function startAnswerServer(options: AnswerOptions): Promise<AnswerServer> {
  const host = options.host ?? "127.0.0.1";
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => void (async () => socket.end(await options.answer(Buffer.concat(chunks))))());
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
