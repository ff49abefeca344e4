/**
 * 13 — timeouts: reference solution.
 */
import net from "node:net";

export interface IdleServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** Stop accepting; resolve once the server is closed (every connection ended). */
  close(): Promise<void>;
}

export interface IdleOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** How long a connection may stay silent, in milliseconds. */
  idleMs: number;
}

/** An echo server that closes idle connections (see the stub). */
export async function startIdleEchoServer(options: IdleOptions): Promise<IdleServer> {
  const host = options.host ?? "127.0.0.1";
  const server = net.createServer((socket) => {
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => socket.write(chunk));
    // Node restarts this timer on every read and write, and clears it when
    // the socket is destroyed: one timer per connection, never leaked.
    socket.setTimeout(options.idleMs);
    // 'timeout' only tells us; closing is our job.
    socket.on("timeout", () => {
      if (socket.writableEnded) {
        socket.destroy(); // told once already, and still not gone: force it
        return;
      }
      socket.end("ERR idle timeout\n");
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
