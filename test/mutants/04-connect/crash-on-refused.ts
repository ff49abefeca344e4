/**
 * Mistake: waits only for 'connect'; ECONNREFUSED arrives as an 'error' event nobody handles.
 * Caught by: rejects with ECONNREFUSED instead of crashing on an unhandled 'error' event
 */
import net from "node:net";
import type { Connection } from "../../../solutions/04-connect/index.ts";

export type { Candidate, Connection, Endpoint } from "../../../solutions/04-connect/index.ts";
export { connectFirst } from "../../../solutions/04-connect/index.ts";

export async function connect(host: string, port: number): Promise<Connection> {
  const socket = net.connect({ host, port });
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  const family = (f: string | undefined) => (f === "IPv6" ? ("IPv6" as const) : ("IPv4" as const));
  return {
    socket,
    local: { address: socket.localAddress ?? "", port: socket.localPort ?? 0, family: family(socket.localFamily) },
    remote: { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0, family: family(socket.remoteFamily) },
  };
}
