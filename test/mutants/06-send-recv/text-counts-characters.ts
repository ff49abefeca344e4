/**
 * Mistake: sendText() collects until as many bytes as the text has characters (text.length), not UTF-8 bytes, so a multi-byte text comes back cut short.
 * Caught by: counts the bytes of the UTF-8 text, not its characters ("ção ção ção" is 11 characters, 17 bytes)
 */
import net from "node:net";
import type { EchoOptions } from "../../../solutions/06-send-recv/index.ts";

export { sendAndCollect, startEchoServer } from "../../../solutions/06-send-recv/index.ts";
export type { EchoOptions, EchoServer } from "../../../solutions/06-send-recv/index.ts";

export function sendText(port: number, text: string, options: EchoOptions = {}): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host: options.host ?? "127.0.0.1" }, () => socket.write(text));
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      if (all.length < text.length) return;
      socket.destroy();
      resolve(all.toString("utf8"));
    });
  });
}
