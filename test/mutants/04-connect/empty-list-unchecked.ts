/**
 * Mistake: no check for an empty list, which ends in an AggregateError with no errors in it.
 * Caught by: rejects an empty list with a RangeError, instead of hanging
 */
import { connect } from "../../../solutions/04-connect/index.ts";
import type { Candidate, Connection } from "../../../solutions/04-connect/index.ts";

export type { Candidate, Connection, Endpoint } from "../../../solutions/04-connect/index.ts";
export { connect } from "../../../solutions/04-connect/index.ts";

export async function connectFirst(candidates: readonly Candidate[]): Promise<Connection> {
  const errors: unknown[] = [];
  for (const { host, port } of candidates) {
    try {
      return await connect(host, port);
    } catch (err) {
      errors.push(err);
    }
  }
  throw new AggregateError(errors, "no candidate connected");
}
