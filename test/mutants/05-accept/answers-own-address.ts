/**
 * Mistake: replies with the server's own end of the connection (localAddress/localPort).
 * Caught by: answers with the client's end, not its own address and port
 */
import net from "node:net";
import type { WhoAmIOptions, WhoAmIServer } from "../../../solutions/05-accept/index.ts";

export type { WhoAmIOptions, WhoAmIServer } from "../../../solutions/05-accept/index.ts";


export async function startWhoAmI(options: WhoAmIOptions = {}): Promise<WhoAmIServer> {
  const host = options.host ?? "127.0.0.1";
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    socket.on("error", () => socket.destroy());
    socket.end(`${socket.localAddress} ${socket.localPort}\n`);
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
