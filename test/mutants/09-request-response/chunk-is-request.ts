/**
 * Mistake: each chunk is taken as one request, so requests glued in one write become one unknown command.
 * Caught by: answers pipelined requests in one write, each of them, in order
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
    socket.on("data", (chunk: Buffer) => {
      const line = chunk.toString("utf8").replace(/\r?\n$/, "");
      if (line.length > max) return void socket.end("ERR line too long\n");
      const reply = answer(line, notes);
      if (line === "QUIT") return void socket.end("BYE\n");
      if (reply !== undefined) socket.write(`${reply}\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
