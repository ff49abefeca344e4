/**
 * Runs around every test file (vitest.config.ts `setupFiles`): numbers the
 * raw clients afresh, destroys the ones a test left open, and fails the file
 * if the code under test left a server, socket or timer behind.
 */
import { afterAll, afterEach, beforeAll, beforeEach, chai } from "vitest";
import { destroyAllClients, resetClientNumbers } from "./client.ts";
import { recordWaitsInto } from "./deadline.ts";
import { beginLeakWatch, endLeakWatch } from "./leaks.ts";
import { learner } from "./remote.ts";
import { say } from "./say.ts";
import { annotateTimeline, beginTimeline, freezeTimeline, timelineText } from "./timeline.ts";
import { TRACING, installTraceMarks, traceMark } from "./trace.ts";

// Now, before the test file imports the code under test: a server that code
// opens at import time is then a leak like any other, not part of the baseline.
beginLeakWatch();
// Only under `npm run trace` (KATA_TRACE=1): mark who opens each socket, for strace to see.
installTraceMarks();

// An expect() that fails after the clients talked gets the diagram too: attached as
// the assertion fails, while the test still takes annotations (once it has failed,
// Vitest refuses them). Once per worker: files share it (isolate: false).
const WRAPPED = Symbol.for("socket-kata.timeline.assert");
const proto = chai.Assertion.prototype as unknown as Record<symbol | "assert", unknown>;
if (proto[WRAPPED] !== true) {
  const assert = proto.assert as (this: unknown, ...args: unknown[]) => unknown;
  proto.assert = function (this: unknown, ...args: unknown[]): unknown {
    try {
      return assert.apply(this, args);
    } catch (err) {
      void annotateTimeline();
      throw err;
    }
  };
  proto[WRAPPED] = true;
}

beforeAll(() => {
  resetClientNumbers();
});

afterEach(({ task }) => {
  freezeTimeline();
  recordWaitsInto(undefined);
  // Any failing test that talked to a server (an expect() as much as a wait) keeps
  // its timeline in its meta, one row a line: the UI shows it under "Test Meta".
  const failure = task.result?.state === "fail" ? task.result.errors?.[0]?.message : undefined;
  const timeline = failure === undefined || failure.startsWith("not implemented") ? undefined : timelineText();
  if (timeline !== undefined) task.meta.timeline = timeline.split("\n");
  destroyAllClients();
  learner()?.host("testFinished");
});

// Node reports a socket closed before libuv has released its handle; give
// the previous test's closes two turns of the event loop to finish, so they
// do not count in this test's markHandles().
beforeEach(async ({ task, annotate }) => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  // From here to the first afterEach hook (the test's body), every wait is noted.
  task.meta.waits = [];
  recordWaitsInto(task.meta.waits);
  if (TRACING) traceMark("test", task.fullTestName ?? task.name);
  // The exchange from here on, for the timeline of a failing wait (timeline.ts).
  beginTimeline(annotate);
});

declare module "vitest" {
  interface TaskMeta {
    /** The waits this test started (test/support/deadline.ts), in order. */
    waits?: string[];
    /** A failing test's exchange over time (test/support/timeline.ts), one row a line. */
    timeline?: string[];
  }
}

// Registered first, so with Vitest's default "stack" order it runs last,
// after the test file's own afterAll hooks have closed what they opened.
afterAll(async () => {
  // Under isolation, what the learner's process still holds, as it says; then it goes.
  const remote = learner();
  if (remote !== undefined) {
    try {
      await (remote.host("endLeakWatch") as Promise<void>);
    } finally {
      remote.stop(say`the test file ended`);
    }
  }
  await endLeakWatch();
});
