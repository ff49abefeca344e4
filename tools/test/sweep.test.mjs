// No process a learner's code starts outlives its run: the sweep finds them
// by the run's mark in their environment, detached ones in a session of
// their own included, and leaves everything else alone.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { RUN_MARK, marked, sweep } from "../lib/sweep.mjs";

/** Whether a process is still there (signal 0 only asks). @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the sweep of a run's processes", { skip: process.platform === "win32" ? "no sweep on Windows" : false }, () => {
  it("kills a detached child of the run (a session of its own), and spares one of another run", async () => {
    const id = "test-run-a";
    const mine = spawn("sleep", ["30"], { detached: true, stdio: "ignore", env: { ...process.env, [RUN_MARK]: id } });
    const theirs = spawn("sleep", ["30"], { detached: true, stdio: "ignore", env: { ...process.env, [RUN_MARK]: "test-run-b" } });
    mine.unref();
    theirs.unref();
    try {
      await new Promise((resolve) => setTimeout(resolve, 100)); // let both exec
      assert.deepEqual(marked(id).map((p) => p.pid), [mine.pid]);
      assert.equal(sweep(id), 1);
      /** @type {NodeJS.Signals | null} */
      const gone = await new Promise((resolve) => mine.once("exit", (_code, signal) => resolve(signal)));
      assert.equal(gone, "SIGKILL");
      assert.ok(theirs.pid !== undefined && alive(theirs.pid), "another run's process is left alone");
    } finally {
      theirs.kill("SIGKILL");
      mine.kill("SIGKILL");
    }
  });
});
