/**
 * Mistake: the well-known range ends at 1024 (`port <= 1024`).
 * Caught by: ends the well-known range at 1023, not 1024 (off by one)
 */
import { type PortRange, needsPrivilege, observeEphemeralPort } from "../../../solutions/01-port-ranges/index.ts";

export { needsPrivilege, observeEphemeralPort };
export type { EphemeralPort, PortRange } from "../../../solutions/01-port-ranges/index.ts";

export function classifyPort(port: number): PortRange {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`bad port ${port}`);
  if (port <= 1024) return "well-known";
  return port <= 49151 ? "registered" : "dynamic";
}
