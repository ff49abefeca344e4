/**
 * Runs around every test file (vitest.config.ts `setupFiles`): numbers the
 * raw clients afresh, destroys the ones a test left open, and fails the file
 * if the code under test left a server, socket or timer behind.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import { destroyAllClients, resetClientNumbers } from "./client.ts";
import { beginLeakWatch, endLeakWatch } from "./leaks.ts";

beforeAll(() => {
  resetClientNumbers();
  beginLeakWatch();
});

afterEach(() => {
  destroyAllClients();
});

// Registered first, so with Vitest's default "stack" order it runs last,
// after the test file's own afterAll hooks have closed what they opened.
afterAll(async () => {
  await endLeakWatch();
});
