/**
 * Mistake: observeEphemeralPort reads the port and never closes the server.
 * Caught by: closes the probe server before resolving (leaving it open is a leak)
 */
import net from "node:net";
import { classifyPort } from "../../../solutions/01-port-ranges/index.ts";
import type { EphemeralPort } from "../../../solutions/01-port-ranges/index.ts";

export { classifyPort, needsPrivilege } from "../../../solutions/01-port-ranges/index.ts";
export type { EphemeralPort, PortRange } from "../../../solutions/01-port-ranges/index.ts";

export async function observeEphemeralPort(): Promise<EphemeralPort> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, range: classifyPort(port) };
}
