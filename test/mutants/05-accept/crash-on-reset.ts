/**
 * Mistake: no 'error' listener on the accepted socket, and the line written in two parts: a client that resets crashes the server.
 * Caught by: survives a client that resets at once, and serves the next one
 */
import net from "node:net";
import type { WhoAmIOptions, WhoAmIServer } from "../../../solutions/05-accept/index.ts";

export type { WhoAmIOptions, WhoAmIServer } from "../../../solutions/05-accept/index.ts";


export async function startWhoAmI(options: WhoAmIOptions = {}): Promise<WhoAmIServer> {
  const host = options.host ?? "127.0.0.1";
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    socket.write(`${socket.remoteAddress} `);
    const port = socket.remotePort;
    setTimeout(() => socket.end(`${port}\n`), 20);
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
