/**
 * Mistake: each chunk is decoded to text on arrival, so a character split between chunks is corrupted.
 * Caught by: answers ECHO with its text, a request split one byte at a time included
 */
import net from "node:net";
import type { LineServer, LineServerOptions } from "../../../solutions/09-request-response/index.ts";

export type { LineServer, LineServerOptions } from "../../../solutions/09-request-response/index.ts";

function answer(line: string, notes: string[]): string | undefined {
  const [command = "", ...words] = line.split(" ");
  const rest = words.join(" ");
  if (command === "PING") return "PONG";
  if (command === "ECHO") return rest;
  if (command === "NOTE") {
    notes.push(rest);
    return undefined;
  }
  if (command === "NOTES") return String(notes.length);
  if (command === "QUIT") return "BYE";
  return `ERR unknown command ${JSON.stringify(command)}`;
}

export async function startLineServer(options: LineServerOptions = {}): Promise<LineServer> {
  const host = options.host ?? "127.0.0.1";
  const max = options.maxLineBytes ?? 1024;
  const server = net.createServer((socket) => {
    socket.on("error", () => socket.destroy());
    const notes: string[] = [];
    let pending = "";
    let done = false;
    socket.on("data", (chunk: Buffer) => {
      if (done) return;
      pending += chunk.toString("utf8");
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const reply = answer(line, notes);
        if (line === "QUIT" || line.length > max) {
          done = true;
          return void socket.end(line === "QUIT" ? "BYE\n" : "ERR line too long\n");
        }
        if (reply !== undefined) socket.write(`${reply}\n`);
      }
      if (Buffer.byteLength(pending) > max + 1) {
        done = true;
        socket.end("ERR line too long\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
