/**
 * Mistake: keeps the latest connection in a module-level variable and answers from it a moment later, so concurrent clients all get the last one's port.
 * Caught by: answers each of 5 clients connected at once with its own port (no state shared between connections)
 */
import net from "node:net";
import type { WhoAmIOptions, WhoAmIServer } from "../../../solutions/05-accept/index.ts";

export type { WhoAmIOptions, WhoAmIServer } from "../../../solutions/05-accept/index.ts";
let current: net.Socket | undefined;

export async function startWhoAmI(options: WhoAmIOptions = {}): Promise<WhoAmIServer> {
  const host = options.host ?? "127.0.0.1";
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    current = socket;
    socket.on("error", () => socket.destroy());
    setTimeout(() => socket.end(`${current?.remoteAddress} ${current?.remotePort}\n`), 50);
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
