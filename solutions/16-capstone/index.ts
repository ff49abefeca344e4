/**
 * 16 — capstone: reference solution.
 */
import net from "node:net";

export interface KvOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** The longest request line, in bytes, without its line ending. Default 1024. */
  maxLineBytes?: number;
  /** How long a connection may stay silent, in milliseconds. Default 30 000. */
  idleMs?: number;
}

export interface KvShutdownReport {
  /** Connections ended gracefully, every request they had sent answered. */
  closed: number;
  /** Connections destroyed at the deadline. */
  forced: number;
}

export interface KvServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** How many clients are connected right now (one that left, by FIN or by reset, no longer counts). */
  connected(): number;
  /** Stop gracefully; calling it again returns the same promise. */
  shutdown(options: { deadlineMs: number }): Promise<KvShutdownReport>;
}

/** One request line to its answer, against this server's store. */
function answer(line: string, store: Map<string, string>): { reply: string; quit?: true } {
  const space = line.indexOf(" ");
  const command = space === -1 ? line : line.slice(0, space);
  const rest = space === -1 ? "" : line.slice(space + 1);
  const keyOnly = rest !== "" && !rest.includes(" ");
  switch (command) {
    case "GET":
      if (!keyOnly) return { reply: "ERR usage: GET <key>" };
      return { reply: store.has(rest) ? `VALUE ${store.get(rest)}` : "NOT_FOUND" };
    case "SET": {
      const gap = rest.indexOf(" ");
      if (gap <= 0) return { reply: "ERR usage: SET <key> <value>" };
      store.set(rest.slice(0, gap), rest.slice(gap + 1));
      return { reply: "OK" };
    }
    case "DEL":
      if (!keyOnly) return { reply: "ERR usage: DEL <key>" };
      return { reply: store.delete(rest) ? "DELETED" : "NOT_FOUND" };
    case "QUIT":
      return { reply: "BYE", quit: true };
    default:
      return { reply: `ERR unknown command ${JSON.stringify(command)}` };
  }
}

/** A key-value server (see the stub for the protocol). */
export async function startKvServer(options: KvOptions = {}): Promise<KvServer> {
  const host = options.host ?? "127.0.0.1";
  const max = options.maxLineBytes ?? 1024;
  const idleMs = options.idleMs ?? 30_000;
  const store = new Map<string, string>(); // one per server, shared by its clients
  const sockets = new Set<net.Socket>();
  let stopping = false;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let pending = Buffer.alloc(0);
    let done = false;
    const finish = (last: string) => {
      done = true;
      socket.end(`${last}\n`);
    };
    socket.setTimeout(idleMs);
    socket.on("timeout", () => (done ? socket.destroy() : finish("ERR idle timeout")));
    socket.on("data", (chunk: Buffer) => {
      if (done || stopping) return; // after shutdown began, nothing new is taken
      pending = Buffer.concat([pending, chunk]);
      let newline: number;
      // Every whole line, in order: pipelined requests are answered one by one.
      while ((newline = pending.indexOf(0x0a)) !== -1) {
        const end = newline > 0 && pending[newline - 1] === 0x0d ? newline - 1 : newline;
        if (end > max) return finish("ERR line too long");
        const line = pending.toString("utf8", 0, end);
        pending = pending.subarray(newline + 1);
        const { reply, quit } = answer(line, store);
        if (quit) return finish(reply);
        socket.write(`${reply}\n`);
      }
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

  let shuttingDown: Promise<KvShutdownReport> | undefined;
  const shutdown = ({ deadlineMs }: { deadlineMs: number }) =>
    (shuttingDown ??= new Promise<KvShutdownReport>((resolve) => {
      stopping = true;
      const report: KvShutdownReport = { closed: 0, forced: 0 };
      const open = [...sockets];
      const forced = new Set<net.Socket>();
      const timer = setTimeout(() => {
        for (const socket of sockets) {
          forced.add(socket);
          socket.destroy();
        }
        report.forced = forced.size;
      }, deadlineMs);
      // server.close()'s callback runs as soon as the server counts no
      // connection, before the sockets' own 'close' events: wait for both.
      const closings = open.map(
        (socket) =>
          new Promise<void>((done) =>
            socket.once("close", () => {
              if (!forced.has(socket)) report.closed += 1;
              done();
            }),
          ),
      );
      const serverClosed = new Promise<void>((done) => server.close(() => done()));
      void Promise.all([serverClosed, ...closings]).then(() => {
        clearTimeout(timer);
        resolve(report);
      });
      // Every request received so far is answered already (answers are
      // synchronous here): end each connection after its queued answers.
      // The idle clocks stop too: from now on the deadline decides.
      for (const socket of open) {
        socket.setTimeout(0);
        socket.end();
      }
    }));

  return { host, port, connected: () => sockets.size, shutdown };
}
