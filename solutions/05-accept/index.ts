/**
 * 05 — accept: reference solution.
 */
import net from "node:net";

export interface WhoAmIServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** How many connections this server has accepted so far. */
  accepted(): number;
  /** Stop accepting; resolve once the server is closed (every connection ended). */
  close(): Promise<void>;
}

export interface WhoAmIOptions {
  /** Default "127.0.0.1". */
  host?: string;
}

/** A "who am I" server (see the stub for the contract). */
export async function startWhoAmI(options: WhoAmIOptions = {}): Promise<WhoAmIServer> {
  const host = options.host ?? "127.0.0.1";
  // Per server, not per module: two servers keep two counts.
  let accepted = 0;
  // Node calls this once per accept(): `socket` is the new connected socket,
  // separate from the listening one and from every other connection.
  const server = net.createServer((socket) => {
    accepted += 1;
    socket.on("error", () => socket.destroy()); // a client that resets must not crash us
    // The client's end, as this server sees it (getpeername).
    socket.end(`${socket.remoteAddress} ${socket.remotePort}\n`);
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
    accepted: () => accepted,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
