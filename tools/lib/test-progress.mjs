// A setup file the learner tools' runner (tools/lib/kata.mjs) adds to each
// Vitest worker: it writes down, at once and synchronously, each test that
// starts and how it ends, in $KATA_PROGRESS/<pid>.log. A worker sends its
// own reports in batches (one every 100 ms), and one that spins in an
// endless loop never sends the last batch; this file says what it did not:
// which tests had passed and which one was running when it was stopped.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach } from "vitest";

const dir = process.env.KATA_PROGRESS;
if (dir) {
  const log = join(dir, `${process.pid}.log`);
  beforeEach((context) => {
    const { id } = context.task;
    appendFileSync(log, `start ${id}\n`);
    // After its afterEach hooks: the test's state is final.
    context.onTestFinished(() => appendFileSync(log, `end ${id} ${context.task.result?.state ?? "unknown"}\n`));
  });
}

