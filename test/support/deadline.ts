import { once } from "node:events";
import type { EventEmitter } from "node:events";
import { say } from "./say.ts";

/**
 * How long a test waits for one thing before it says what never came. Well
 * under Vitest's test timeout, so a hang reads as "waited 2000 ms for …"
 * and not as a bare "Test timed out".
 */
export const DEADLINE_MS = 2_000;

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
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(say`waited ${ms} ms for ${what}`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
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
  return new Promise((resolve) => setTimeout(resolve, ms));
}
