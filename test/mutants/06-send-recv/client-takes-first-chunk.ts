/**
 * Mistake: the client takes the first 'data' event as the whole reply.
 * Caught by: keeps reading when the reply arrives in several chunks (one 'data' event is not the whole message)
 */
import net from "node:net";
import type { EchoOptions } from "../../../solutions/06-send-recv/index.ts";

export { sendText, startEchoServer } from "../../../solutions/06-send-recv/index.ts";
export type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

export function sendAndCollect(port: number, payload: Uint8Array, options: EchoOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  return new Promise<Buffer>((resolve, reject) => {
    const socket = net.connect({ port, host }, () => {
      if (payload.length === 0) {
        socket.destroy();
        resolve(Buffer.alloc(0));
      } else socket.write(payload);
    });
    socket.on("error", reject);
    socket.once("data", (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk);
    });
  });
}
