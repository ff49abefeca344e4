/**
 * Mistake: writes the line but never ends the connection.
 * Caught by: tells a client its own address and port, then ends the connection
 */
import net from "node:net";
import type { WhoAmIOptions, WhoAmIServer } from "../../../solutions/05-accept/index.ts";

export type { WhoAmIOptions, WhoAmIServer } from "../../../solutions/05-accept/index.ts";


export async function startWhoAmI(options: WhoAmIOptions = {}): Promise<WhoAmIServer> {
  const host = options.host ?? "127.0.0.1";
  let accepted = 0;
  const connections: net.Socket[] = [];
  const server = net.createServer((socket) => {
    accepted += 1;
    connections.push(socket);
    socket.on("error", () => socket.destroy());
    socket.write(`${socket.remoteAddress} ${socket.remotePort}\n`);
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
    close: () => {
      for (const c of connections) c.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
