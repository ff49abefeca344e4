import { once } from "node:events";
import type { EventEmitter } from "node:events";
import { say } from "./say.ts";
import { annotateTimeline, noteTimeline } from "./timeline.ts";

/**
 * How long a test waits for one thing before it says what never came. Well
 * under Vitest's test timeout, so a hang reads as "waited 2000 ms for …"
 * and not as a bare "Test timed out".
 */
export const DEADLINE_MS = 2_000;

/**
 * The waits the running test has sat through so far, in order: each
 * `within` whose work came (or whose deadline ran out), each `pause` that
 * ran its course ("the server to start listening", "a pause of 20 ms"). A
 * wait cut short because its work failed (the stub's error) is not one.
 * They are kept in the test's meta (`task.meta.waits`), so that tools see
 * them in the results: setup.ts hands in the list before each test and
 * takes it back after. verify's stub check reads it to judge by cause, not
 * by milliseconds, that a test reached the stub before it waited for anything.
 */
let waits: string[] | undefined;

/** Record the running test's waits into `list` (undefined: stop recording). */
export function recordWaitsInto(list: string[] | undefined): void {
  waits = list;
}

/** Note a wait that ran its course, if the test that started it is still running. */
function noteWait(log: string[] | undefined, what: string): void {
  if (log !== undefined && log === waits) log.push(what);
}

/** The failure of a wait that ran out of time. */
export class DeadlineError extends Error {
  override name = "DeadlineError";
}

/**
 * Wait for `work` at most `ms` milliseconds. `what` completes the sentence
 * "waited 2000 ms for …", e.g. "the server to start listening". The timer
 * is always cleared, so a wait never leaks.
 */
export async function within<T>(what: string, work: PromiseLike<T>, ms = DEADLINE_MS): Promise<T> {
  const log = waits;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      noteWait(log, say`${what} (its deadline of ${ms} ms ran out)`);
      noteTimeline("", "deadline", say`waited ${ms} ms for ${what}`);
      // The picture goes to the test before the failure: Vitest takes no annotation after it.
      void annotateTimeline().finally(() => reject(new DeadlineError(say`waited ${ms} ms for ${what}`)));
    }, ms);
  });
  try {
    const done = await Promise.race([work, timeout]);
    noteWait(log, what);
    return done;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `within`, for the test's own preparation (a peer server it owns starting to
 * listen): it runs no code under test, so it is not among the test's waits
 * that the stub check counts.
 */
export function preparing<T>(what: string, work: PromiseLike<T>, ms = DEADLINE_MS): Promise<T> {
  const saved = waits;
  waits = undefined;
  try {
    return within(what, work, ms);
  } finally {
    waits = saved;
  }
}

/** Wait for one event, with a deadline; rejects on 'error' as `events.once` does. */
export async function waitForEvent(
  emitter: EventEmitter,
  event: string,
  what: string,
  ms = DEADLINE_MS,
): Promise<unknown[]> {
  // events.once resolves with the event's arguments.
  const controller = new AbortController();
  try {
    const args: unknown[] = await within(what, once(emitter, event, { signal: controller.signal }), ms);
    return args;
  } finally {
    controller.abort();
  }
}

/** Resolve after `ms` milliseconds (for pauses between writes). */
export function pause(ms: number): Promise<void> {
  const log = waits;
  return new Promise((resolve) =>
    setTimeout(() => {
      noteWait(log, say`a pause of ${ms} ms`);
      resolve();
    }, ms),
  );
}
