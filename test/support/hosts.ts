/**
 * The host a server exercise listens on: every server takes `{ host }`
 * (default 127.0.0.1) and reports it back. These checks see where the
 * learner's server really listens (server.address(), as Node reports it once
 * it listens), so a server that ignores its host, or listens on every
 * interface and reports a host it never used, fails.
 */
import { expect } from "vitest";
import { rejectionOf } from "./expect.ts";
import { watchListening, watchUncaught } from "./observe.ts";
import { explain } from "./errors.ts";
import { say } from "./say.ts";

/**
 * A host that is no address and no name either: "[::1]" is how a URL writes
 * ::1, but to getaddrinfo it is a name with brackets, which it refuses
 * itself (ENOTFOUND) without asking any DNS server. So listen() there fails
 * at once, on loopback only, nothing sent anywhere.
 */
export const UNUSABLE_HOST = "[::1]";

interface Hosted {
  host: string;
  port: number;
}

/**
 * Start a server (`start` also arranges its closing, e.g. through started())
 * and check that it listens on `host` and reports it. Resolves with it.
 */
export async function expectListeningOn<T extends Hosted>(what: string, host: string, start: () => Promise<T>): Promise<T> {
  const listening = watchListening();
  const server = await start();
  expect(listening(), say`where ${what} listened ("::" or "0.0.0.0" is every interface of the machine)`).toEqual([host]);
  expect(server.host, say`the host ${what} reports`).toBe(host);
  return server;
}

/** A server on a host it cannot use must reject with the listen error, not let it escape. */
export async function expectUnusableHostRejected(what: string, start: (host: string) => Promise<unknown>): Promise<void> {
  const uncaught = watchUncaught();
  await rejectionOf(say`${what} on host ${UNUSABLE_HOST}, a name that resolves to nothing`, start(UNUSABLE_HOST), "ENOTFOUND");
  expect(uncaught().map(explain), say`errors that escaped instead of rejecting`).toEqual([]);
}
