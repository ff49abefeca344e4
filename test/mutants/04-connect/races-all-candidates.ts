/**
 * Mistake: connects to every candidate at once and keeps the first to answer, leaving the others connected.
 * Caught by: leaves only the winning connection open
 */
import { connect } from "../../../solutions/04-connect/index.ts";
import type { Candidate, Connection } from "../../../solutions/04-connect/index.ts";

export type { Candidate, Connection, Endpoint } from "../../../solutions/04-connect/index.ts";
export { connect } from "../../../solutions/04-connect/index.ts";

export function connectFirst(candidates: readonly Candidate[]): Promise<Connection> {
  if (candidates.length === 0) return Promise.reject(new RangeError("no candidates"));
  return Promise.any(candidates.map(({ host, port }) => connect(host, port)));
}
