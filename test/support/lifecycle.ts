/**
 * Servers that the code under test starts: wait for them with a deadline and
 * close them when the test ends, unless the test already did.
 */
import { expect, onTestFinished } from "vitest";
import type { RawClient } from "./client.ts";
import { within } from "./deadline.ts";
import { say } from "./say.ts";

/**
 * Await `start` (a learner's `startXxx()` call) within the deadline, and
 * register its `close()` to run when the test ends. The returned object is
 * the same one; calling its `close()` in the test counts as closing it.
 * `what` names the call, e.g. "startEchoServer()".
 */
export async function started<T extends { close(): Promise<unknown> }>(what: string, start: PromiseLike<T>): Promise<T> {
  const server = await within(say`${what} to resolve`, start);
  const close = server.close.bind(server);
  let closing: Promise<unknown> | undefined;
  server.close = () => (closing ??= close());
  onTestFinished(async () => {
    await within(say`close() of what ${what} started to resolve`, server.close());
  });
  return server;
}

/**
 * Call `server.close()` while `client` is still connected (and accepted: a
 * client still in the listen backlog is dropped by close(), not waited for;
 * openAccepted, or a first round trip on a Unix socket), then `meanwhile()`
 * (a round trip that proves the server ran after close() was called), and
 * check that close() has not resolved yet; then end the client and wait for
 * close() to resolve.
 */
export async function expectCloseWaitsFor(server: { close(): Promise<unknown> }, client: RawClient, meanwhile: () => Promise<unknown>): Promise<void> {
  let closed = false;
  const closing = server.close().then(() => {
    closed = true;
  });
  await meanwhile();
  expect(closed, say`close() resolved while ${client.label} was still connected`).toBe(false);
  client.end();
  await within(say`close() to resolve once ${client.label} has gone`, closing);
}
