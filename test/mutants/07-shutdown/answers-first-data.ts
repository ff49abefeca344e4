/**
 * Mistake: the server answers the first chunk it gets, as if it were the whole request.
 * Caught by: waits for the FIN before answering, not for the first data
 */
import net from "node:net";
import type { AnswerOptions, AnswerServer } from "../../../solutions/07-shutdown/index.ts";

export { request } from "../../../solutions/07-shutdown/index.ts";
export type { AnswerOptions, AnswerServer, RequestOptions } from "../../../solutions/07-shutdown/index.ts";

export async function startAnswerServer(options: AnswerOptions): Promise<AnswerServer> {
  const host = options.host ?? "127.0.0.1";
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on("error", () => socket.destroy());
    socket.once("data", (chunk: Buffer) => void (async () => socket.end(await options.answer(chunk)))());
    socket.on("end", () => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
