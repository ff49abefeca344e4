/**
 * Mistake: the server turns each chunk into a string and writes that back, so binary bytes (and characters split across chunks) are corrupted.
 * Caught by: echoes 4 MiB of random binary bytes byte for byte (no decoding to a string on the way)
 */
import net from "node:net";
import type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

export { sendAndCollect, sendText } from "../../../solutions/06-send-recv/index.ts";
export type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

export async function startEchoServer(options: EchoOptions = {}): Promise<EchoServer> {
  const host = options.host ?? "127.0.0.1";
  const server = net.createServer((socket) => {
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => socket.write(chunk.toString()));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
