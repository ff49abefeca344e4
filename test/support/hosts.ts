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
 * An address of no interface of this machine (RFC 5737 keeps 192.0.2.0/24
 * for documentation): listen() there fails at once with EADDRNOTAVAIL, and
 * nothing is sent anywhere.
 */
export const UNUSABLE_HOST = "192.0.2.1";

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
  await rejectionOf(say`${what} on host ${UNUSABLE_HOST}, an address of no interface here`, start(UNUSABLE_HOST), "EADDRNOTAVAIL");
  expect(uncaught().map(explain), say`errors that escaped instead of rejecting`).toEqual([]);
}
