/**
 * Mistake: only the bounds are checked, so 80.5 and NaN pass as ports.
 * Caught by: rejects 80.5: a port is a whole number
 */
import { needsPrivilege, observeEphemeralPort } from "../../../solutions/01-port-ranges/index.ts";
import type { PortRange } from "../../../solutions/01-port-ranges/index.ts";

export { needsPrivilege, observeEphemeralPort };
export type { EphemeralPort, PortRange } from "../../../solutions/01-port-ranges/index.ts";

export function classifyPort(port: number): PortRange {
  if (port < 0 || port > 65535) throw new RangeError(`bad port ${port}`);
  if (port <= 1023) return "well-known";
  return port <= 49151 ? "registered" : "dynamic";
}
