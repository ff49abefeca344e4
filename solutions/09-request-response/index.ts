/**
 * 09 — request / response: reference solution.
 */
import net from "node:net";

export interface LineServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** Stop accepting; resolve once the server is closed (every connection ended). */
  close(): Promise<void>;
}

export interface LineServerOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** The longest request line accepted, in bytes, without its line ending. Default 1024. */
  maxLineBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Answer one request line for one connection: the answer line (none for
 * NOTE), and whether the connection ends after it.
 */
function answer(line: string, notes: string[]): { reply?: string; quit?: true } {
  const space = line.indexOf(" ");
  const command = space === -1 ? line : line.slice(0, space);
  const rest = space === -1 ? "" : line.slice(space + 1);
  switch (command) {
    case "PING":
      return { reply: "PONG" };
    case "ECHO":
      return { reply: rest };
    case "NOTE":
      notes.push(rest);
      return {}; // fire and forget: no answer at all
    case "NOTES":
      return { reply: String(notes.length) };
    case "QUIT":
      return { reply: "BYE", quit: true };
    default:
      return { reply: `ERR unknown command ${JSON.stringify(command)}` }; // and keep going
  }
}

/** The line-protocol server (see the stub for the commands). */
export async function startLineServer(options: LineServerOptions = {}): Promise<LineServer> {
  const host = options.host ?? "127.0.0.1";
  const max = options.maxLineBytes ?? 1024;
  const server = net.createServer((socket) => {
    socket.on("error", () => socket.destroy());
    // Per connection: its pending bytes and its notes.
    const notes: string[] = [];
    let pending = Buffer.alloc(0);
    let done = false;
    const finish = (last: string) => {
      done = true;
      socket.end(`${last}\n`);
    };
    socket.on("data", (chunk: Buffer) => {
      if (done) return; // after QUIT or an error, read nothing more
      pending = Buffer.concat([pending, chunk]);
      // One chunk may hold many requests (pipelining): answer each, in order.
      let newline: number;
      while ((newline = pending.indexOf(LF)) !== -1) {
        const end = newline > 0 && pending[newline - 1] === CR ? newline - 1 : newline;
        if (end > max) return finish("ERR line too long");
        const line = pending.toString("utf8", 0, end);
        pending = pending.subarray(newline + 1);
        const { reply, quit } = answer(line, notes);
        if (quit) return finish(reply ?? "");
        if (reply !== undefined) socket.write(`${reply}\n`);
      }
      // No newline yet: refuse now rather than buffer without bound (+1: a "\r" may precede the "\n").
      if (pending.length > max + 1) finish("ERR line too long");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    host,
    port,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
