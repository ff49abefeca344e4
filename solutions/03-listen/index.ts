/**
 * 03 — listen: reference solution.
 */
import net from "node:net";

export interface ListenOptions {
  /** Where to listen. Default "127.0.0.1": loopback only. */
  host?: string;
  /** Default 0: the operating system chooses a free port. */
  port?: number;
  /** Called with each accepted connection. Default: none. */
  onConnection?: (socket: net.Socket) => void;
}

export interface Listening {
  /** The bound address, as server.address() reports it. */
  address: string;
  /** The bound port (the real one, never 0). */
  port: number;
  family: "IPv4" | "IPv6";
  /** The underlying server. */
  server: net.Server;
  /**
   * Stop accepting at once; resolve when the server is fully closed, after
   * every open connection has ended. Rejects if it was not listening.
   */
  close(): Promise<void>;
}

/** Start a TCP server and resolve once it listens (see the stub for the contract). */
export async function listen(options: ListenOptions = {}): Promise<Listening> {
  const { host = "127.0.0.1", port = 0, onConnection } = options;
  // socket() happens here…
  const server = net.createServer((socket) => onConnection?.(socket));
  // …bind() and listen() here. Errors (EADDRINUSE, EACCES) come as an
  // 'error' event: turn it into a rejection, or it crashes the process.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as net.AddressInfo;
  return {
    address: bound.address,
    port: bound.port,
    family: bound.family === "IPv6" ? "IPv6" : "IPv4",
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The callback fires once the last connection has ended.
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
