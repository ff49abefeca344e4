/**
 * Mistake: counts connections in a module-level variable, shared by every server.
 * Caught by: keeps a count per server, not one shared by every server
 */
import net from "node:net";
import type { WhoAmIOptions, WhoAmIServer } from "../../../solutions/05-accept/index.ts";

export type { WhoAmIOptions, WhoAmIServer } from "../../../solutions/05-accept/index.ts";
let accepted = 0;

export async function startWhoAmI(options: WhoAmIOptions = {}): Promise<WhoAmIServer> {
  const host = options.host ?? "127.0.0.1";
  const server = net.createServer((socket) => {
    accepted += 1;
    socket.on("error", () => socket.destroy());
    socket.end(`${socket.remoteAddress} ${socket.remotePort}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    host,
    port,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
