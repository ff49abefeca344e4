/**
 * Mistake: no 'error' listener on the accepted socket, so a client's reset becomes an uncaught exception.
 * Caught by: survives a client that resets, and echoes for the next one
 */
import net from "node:net";
import type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

export { sendAndCollect, sendText } from "../../../solutions/06-send-recv/index.ts";
export type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

export async function startEchoServer(options: EchoOptions = {}): Promise<EchoServer> {
  const host = options.host ?? "127.0.0.1";
  const server = net.createServer((socket) => {
    socket.on("data", (chunk: Buffer) => socket.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
