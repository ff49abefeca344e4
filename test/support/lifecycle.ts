/**
 * Servers that the code under test starts: wait for them with a deadline and
 * close them when the test ends, unless the test already did.
 */
import { onTestFinished } from "vitest";
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
