/**
 * Mistake: QUIT answers BYE but the connection stays open, and requests after it are still answered.
 * Caught by: answers QUIT with BYE, then ends the connection and answers nothing after it
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
    let pending = Buffer.alloc(0);
    let done = false;
    const finish = (last: string) => {
      done = true;
      socket.end(`${last}\n`);
    };
    socket.on("data", (chunk: Buffer) => {
      if (done) return;
      pending = Buffer.concat([pending, chunk]);
      let newline: number;
      while ((newline = pending.indexOf(10)) !== -1) {
        const end = newline > 0 && pending[newline - 1] === 13 ? newline - 1 : newline;
        if (end > max) return finish("ERR line too long");
        const line = pending.toString("utf8", 0, end);
        pending = pending.subarray(newline + 1);
        const reply = answer(line, notes);
        
        if (reply !== undefined) socket.write(`${reply}\n`);
      }
      if (pending.length > max + 1) finish("ERR line too long");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
