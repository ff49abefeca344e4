/**
 * Mistake: races every candidate at once (then closes the losers): the later candidates are contacted even when the first answers.
 * Caught by: tries the candidates one at a time, in order: the second is never contacted when the first answers
 */
import { connect } from "../../../solutions/04-connect/index.ts";
import type { Candidate, Connection } from "../../../solutions/04-connect/index.ts";

export type { Candidate, Connection, Endpoint } from "../../../solutions/04-connect/index.ts";
export { connect } from "../../../solutions/04-connect/index.ts";

export async function connectFirst(candidates: readonly Candidate[]): Promise<Connection> {
  if (candidates.length === 0) throw new RangeError("no candidates");
  const attempts = candidates.map(({ host, port }) => connect(host, port));
  const winner = await Promise.any(attempts);
  for (const attempt of attempts) {
    attempt.then((c) => c !== winner && c.socket.destroy(), () => undefined);
  }
  return winner;
}
