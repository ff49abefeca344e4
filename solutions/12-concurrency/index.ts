/**
 * 12 — concurrency: reference solution.
 */
import net from "node:net";

export interface ChatServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** How many clients are connected right now (0 once close() has resolved). */
  connected(): number;
  /** Stop accepting, cut off (destroy) every client's connection; resolve once the server is closed. */
  close(): Promise<void>;
}

export interface ChatOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /**
   * A client whose unsent backlog (socket.writableLength) grows past this
   * many bytes is cut off: it stopped reading. Default 256 KiB.
   */
  maxBacklogBytes?: number;
}

/** A broadcast chat server (see the stub for the protocol). */
export async function startChatServer(options: ChatOptions = {}): Promise<ChatServer> {
  const host = options.host ?? "127.0.0.1";
  const maxBacklog = options.maxBacklogBytes ?? 256 * 1024;
  const members = new Map<net.Socket, string>(); // every connected client, and its name
  let joined = 0;

  /** Send to everyone but `except`. Never waits: one slow reader must not hold up the rest. */
  const broadcast = (text: string, except?: net.Socket) => {
    for (const socket of members.keys()) {
      if (socket === except) continue;
      socket.write(text);
      // It stopped reading: cut it off rather than buffer for it without bound.
      if (socket.writableLength > maxBacklog) socket.destroy();
    }
  };

  const server = net.createServer((socket) => {
    joined += 1;
    const name = `guest${joined}`;
    socket.write(`* you are ${name}\n`);
    broadcast(`* ${name} joined\n`);
    members.set(socket, name);

    let pending = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      let newline: number;
      while ((newline = pending.indexOf(0x0a)) !== -1) {
        const end = newline > 0 && pending[newline - 1] === 0x0d ? newline - 1 : newline;
        broadcast(`${name}: ${pending.toString("utf8", 0, end)}\n`, socket);
        pending = pending.subarray(newline + 1);
      }
    });
    socket.on("error", () => socket.destroy());
    // 'close' comes once, whatever ended the connection (end, reset, our destroy).
    socket.on("close", () => {
      if (!members.delete(socket)) return;
      broadcast(`* ${name} left\n`);
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
    connected: () => members.size,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        const everyone = [...members.keys()];
        members.clear(); // no "left" notices while the whole room closes
        // destroy(), not end(): a client that keeps its side open would hold the server open.
        for (const socket of everyone) socket.destroy();
      }),
  };
}
