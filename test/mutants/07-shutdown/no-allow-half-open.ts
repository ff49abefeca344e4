/**
 * Mistake: the server is created without allowHalfOpen, so Node ends its side right after the client's FIN and an answer that takes a moment is lost.
 * Caught by: gets its answer to the client after the client's FIN (allowHalfOpen: without it Node ends the socket first)
 */
import net from "node:net";
import type { AnswerOptions, AnswerServer } from "../../../solutions/07-shutdown/index.ts";

export { request } from "../../../solutions/07-shutdown/index.ts";
export type { AnswerOptions, AnswerServer, RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export async function startAnswerServer(options: AnswerOptions): Promise<AnswerServer> {
  const host = options.host ?? "127.0.0.1";
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => {
      void (async () => {
        socket.end(await options.answer(Buffer.concat(chunks)));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
