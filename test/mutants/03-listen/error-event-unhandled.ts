/**
 * Mistake: waits only for the listening callback; EADDRINUSE comes as an 'error' event nobody handles.
 * Caught by: rejects with EADDRINUSE instead of crashing on an 'error' event, and leaves nothing open
 */
import net from "node:net";
import type { Listening, ListenOptions } from "../../../solutions/03-listen/index.ts";

export type { Listening, ListenOptions } from "../../../solutions/03-listen/index.ts";

export async function listen(options: ListenOptions = {}): Promise<Listening> {
  const { host = "127.0.0.1", port = 0 } = options;
  const server = net.createServer((socket) => options.onConnection?.(socket));
  // No 'error' listener: EADDRINUSE is thrown as an uncaught exception, and the promise never settles.
  await new Promise<void>((resolve) => server.listen(port, host, () => resolve()));
  const bound = server.address() as net.AddressInfo;
  return {
    address: bound.address,
    port: bound.port,
    family: bound.family === "IPv6" ? "IPv6" : "IPv4",
    server,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
