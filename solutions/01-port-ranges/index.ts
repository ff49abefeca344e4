/**
 * 01 — port ranges: reference solution.
 */
import net from "node:net";

/** The three IANA port ranges. */
export type PortRange = "well-known" | "registered" | "dynamic";

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`not a port number: ${String(port)} (ports are whole numbers from 0 to 65535)`);
  }
}

/** Classify a port number (see the stub for the contract). */
export function classifyPort(port: number): PortRange {
  checkPort(port);
  if (port <= 1023) return "well-known";
  if (port <= 49151) return "registered";
  return "dynamic";
}

/** Whether listening on `port` needs privilege: 1 to 1023. */
export function needsPrivilege(port: number): boolean {
  checkPort(port);
  return port >= 1 && port <= 1023;
}

/** What observeEphemeralPort() saw. */
export interface EphemeralPort {
  /** The port the operating system chose. */
  port: number;
  /** classifyPort(port). */
  range: PortRange;
}

/** Listen on 127.0.0.1:0, note the port, close, and resolve once closed. */
export async function observeEphemeralPort(): Promise<EphemeralPort> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return { port: address.port, range: classifyPort(address.port) };
}
