/**
 * Mistake: sendText decodes each chunk on its own, so a character split between two chunks turns into two U+FFFD.
 * Caught by: decodes a character whose bytes arrive in two chunks (decode once, at the end)
 */
import net from "node:net";
import type { EchoOptions } from "../../../solutions/06-send-recv/index.ts";

export { sendAndCollect, startEchoServer } from "../../../solutions/06-send-recv/index.ts";
export type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

export function sendText(port: number, text: string, options: EchoOptions = {}): Promise<string> {
  const host = options.host ?? "127.0.0.1";
  const length = Buffer.byteLength(text);
  return new Promise<string>((resolve, reject) => {
    let reply = "";
    let received = 0;
    const socket = net.connect({ port, host }, () => socket.write(text));
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString("utf8");
      received += chunk.length;
      if (received >= length) {
        socket.destroy();
        resolve(reply);
      }
    });
  });
}
