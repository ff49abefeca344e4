/**
 * Mistake: needsPrivilege says yes for every port below 1024, port 0 included.
 * Caught by: says port 0 needs no privilege: it asks the OS to choose a free port
 */
export { classifyPort, observeEphemeralPort } from "../../../solutions/01-port-ranges/index.ts";
export type { EphemeralPort, PortRange } from "../../../solutions/01-port-ranges/index.ts";
import { classifyPort } from "../../../solutions/01-port-ranges/index.ts";

export function needsPrivilege(port: number): boolean {
  classifyPort(port);
  return port < 1024;
}
