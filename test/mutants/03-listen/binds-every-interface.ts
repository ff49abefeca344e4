/**
 * Mistake: listens without a host, which binds every interface (:: or 0.0.0.0), reachable from the network.
 * Caught by: listens on 127.0.0.1 by default, not on every interface
 */
import net from "node:net";
import type { Listening, ListenOptions } from "../../../solutions/03-listen/index.ts";

export type { Listening, ListenOptions } from "../../../solutions/03-listen/index.ts";

export async function listen(options: ListenOptions = {}): Promise<Listening> {
  const server = net.createServer((socket) => options.onConnection?.(socket));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if (options.host) server.listen(options.port ?? 0, options.host, () => resolve());
    else server.listen(options.port ?? 0, () => resolve());
  });
  const bound = server.address() as net.AddressInfo;
  return {
    address: bound.address,
    port: bound.port,
    family: bound.family === "IPv6" ? "IPv6" : "IPv4",
    server,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
