/**
 * Mistake: the server keeps "the client" in one variable, so every echo goes to whoever connected last.
 * Caught by: gives each of 10 clients exactly its own bytes back, written to last-opened first
 */
import net from "node:net";
import type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

export { sendAndCollect, sendText } from "../../../solutions/06-send-recv/index.ts";
export type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

let client: net.Socket | undefined;

export async function startEchoServer(options: EchoOptions = {}): Promise<EchoServer> {
  const host = options.host ?? "127.0.0.1";
  const server = net.createServer((socket) => {
    client = socket;
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => client?.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
