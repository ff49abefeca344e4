/**
 * Mistake: gives up at the first candidate that fails.
 * Caught by: goes on to the next candidate after a failure, instead of stopping at the first
 */
import { connect } from "../../../solutions/04-connect/index.ts";
import type { Candidate, Connection } from "../../../solutions/04-connect/index.ts";

export type { Candidate, Connection, Endpoint } from "../../../solutions/04-connect/index.ts";
export { connect } from "../../../solutions/04-connect/index.ts";

export function connectFirst(candidates: readonly Candidate[]): Promise<Connection> {
  const [first] = candidates;
  if (!first) return Promise.reject(new RangeError("no candidates"));
  return connect(first.host, first.port);
}
