/**
 * Mistake: one idle clock for the whole server: any client's bytes restart it, and when it runs out every connection is closed.
 * Caught by: gives each connection its own clock: a silent one is closed, a talking one stays
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
  const everyone = new Set<net.Socket>();
  let timer: NodeJS.Timeout | undefined;
  const restart = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      for (const s of everyone) s.end("ERR idle timeout\n");
    }, options.idleMs);
  };
  const server = net.createServer((socket) => {
    everyone.add(socket);
    restart();
    socket.on("close", () => {
      everyone.delete(socket);
      if (everyone.size === 0) clearTimeout(timer);
    });
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: Buffer) => {
      restart();
      socket.write(chunk);
    });
    // Node restarts this timer on every read and write, and clears it when
    // the socket is destroyed: one timer per connection, never leaked.
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
