/**
 * Mistake: the client never listens for 'end', so a peer that stops early leaves it waiting forever.
 * Caught by: rejects when the peer ends the connection before the whole reply is back, instead of hanging
 */
import net from "node:net";
import type { EchoOptions } from "../../../solutions/06-send-recv/index.ts";

export { sendText, startEchoServer } from "../../../solutions/06-send-recv/index.ts";
export type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

export function sendAndCollect(port: number, payload: Uint8Array, options: EchoOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const socket = net.connect({ port, host }, () => {
      if (payload.length === 0) {
        socket.destroy();
        resolve(Buffer.alloc(0));
      } else socket.write(payload);
    });
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= payload.length) {
        socket.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
  });
}
