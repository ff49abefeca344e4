/**
 * Mistake: with an empty payload, the client still waits for a reply that never comes.
 * Caught by: resolves an empty payload at once with an empty Buffer (no reply to wait for)
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
    const socket = net.connect({ port, host }, () => socket.write(payload));
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
