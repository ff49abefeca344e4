/**
 * Mistake: calls server.listen() and returns at once, before the port is bound, so the port reported is 0.
 * Caught by: resolves only once listening: the port is real and a client can connect at once
 */
import net from "node:net";
import type { Listening, ListenOptions } from "../../../solutions/03-listen/index.ts";

export type { Listening, ListenOptions } from "../../../solutions/03-listen/index.ts";

export async function listen(options: ListenOptions = {}): Promise<Listening> {
  const { host = "127.0.0.1", port = 0 } = options;
  const server = net.createServer((socket) => options.onConnection?.(socket));
  server.listen(port, host);
  return Promise.resolve({
    address: host,
    port,
    family: host.includes(":") ? "IPv6" : "IPv4",
    server,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  });
}
