/**
 * A test's own servers that must run where the learner's code runs, because
 * they hand it an object of their own (14's server hands sendBody() its
 * socket). They live in test/support/fixtures/<id>.ts, free of Vitest. Here
 * they run in this process; under isolation (remote.ts) in the learner's,
 * and what they return comes back as stand-ins.
 *
 *     import * as fixtures from "./support/fixtures/14-backpressure.ts";
 *     const { serveBody } = beside("14-backpressure", fixtures);
 */
import { learner } from "./remote.ts";

type Functions = Record<string, (...args: never[]) => unknown>;

export function beside<T extends Functions>(id: string, fixtures: T): T {
  const remote = learner();
  if (remote === undefined) return fixtures;
  const there: Functions = {};
  for (const name of Object.keys(fixtures)) there[name] = (...args: unknown[]) => remote.host("fixture", id, name, ...args);
  return there as T;
}
