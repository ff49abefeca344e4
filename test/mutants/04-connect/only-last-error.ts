/**
 * Mistake: when every candidate fails, rejects with the last error only.
 * Caught by: rejects with every attempt's error when none connects (an AggregateError, one per candidate, in order)
 */
import { connect } from "../../../solutions/04-connect/index.ts";
import type { Candidate, Connection } from "../../../solutions/04-connect/index.ts";

export type { Candidate, Connection, Endpoint } from "../../../solutions/04-connect/index.ts";
export { connect } from "../../../solutions/04-connect/index.ts";

export async function connectFirst(candidates: readonly Candidate[]): Promise<Connection> {
  if (candidates.length === 0) throw new RangeError("no candidates");
  let last: unknown;
  for (const { host, port } of candidates) {
    try {
      return await connect(host, port);
    } catch (err) {
      last = err;
    }
  }
  throw last;
}
