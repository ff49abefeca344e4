/**
 * Runs around every test file (vitest.config.ts `setupFiles`): numbers the
 * raw clients afresh, destroys the ones a test left open, and fails the file
 * if the code under test left a server, socket or timer behind.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { destroyAllClients, resetClientNumbers } from "./client.ts";
import { beginLeakWatch, endLeakWatch } from "./leaks.ts";

// Now, before the test file imports the code under test: a server that code
// opens at import time is then a leak like any other, not part of the baseline.
beginLeakWatch();

beforeAll(() => {
  resetClientNumbers();
});

afterEach(() => {
  destroyAllClients();
});

// Node reports a socket closed before libuv has released its handle; give
// the previous test's closes two turns of the event loop to finish, so they
// do not count in this test's markHandles().
beforeEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
});

// Registered first, so with Vitest's default "stack" order it runs last,
// after the test file's own afterAll hooks have closed what they opened.
afterAll(async () => {
  await endLeakWatch();
});
