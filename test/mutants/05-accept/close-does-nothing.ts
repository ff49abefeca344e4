/**
 * Mistake: close() resolves without closing the server, which keeps accepting.
 * Caught by: closes: close() resolves once the clients are done, and then connections are refused
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
    socket.end(`${socket.remoteAddress} ${socket.remotePort}\n`);
  });
  server.unref();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    host,
    port,
    accepted: () => accepted,
    close: () => Promise.resolve(),
  };
}
