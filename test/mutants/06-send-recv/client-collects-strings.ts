/**
 * Mistake: the client appends each chunk to a string and turns it back into bytes at the end, corrupting binary data.
 * Caught by: brings back 4 MiB of random binary bytes byte for byte (collects Buffers, not strings)
 */
import net from "node:net";
import type { EchoOptions } from "../../../solutions/06-send-recv/index.ts";

export { sendText, startEchoServer } from "../../../solutions/06-send-recv/index.ts";
export type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

export function sendAndCollect(port: number, payload: Uint8Array, options: EchoOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  return new Promise<Buffer>((resolve, reject) => {
    let text = "";
    const socket = net.connect({ port, host }, () => {
      if (payload.length === 0) {
        socket.destroy();
        resolve(Buffer.alloc(0));
      } else socket.write(payload);
    });
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (Buffer.byteLength(text) >= payload.length) {
        socket.destroy();
        resolve(Buffer.from(text));
      }
    });
  });
}
