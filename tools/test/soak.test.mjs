// npm run soak's pure parts: the busy child stops by itself, and the tally
// says per test in how many runs it failed and with which messages.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { busyProgram, missesOfGrade, missesOfRun, renderSoak, tally } from "../lib/soak.mjs";

/** @param {{ name: string, state: string, message?: string }[]} tests @param {string[]} [errors] */
function run(tests, errors = []) {
  return {
    wallMs: 1,
    unhandled: [],
    files: [
      {
        file: "test/13-timeouts.test.ts",
        project: "",
        state: "failed",
        errors,
        tests: tests.map((t) => ({ fullName: t.name, duration: 1, waits: [], message: undefined, ...t })),
      },
    ],
  };
}

describe("npm run soak", () => {
  it("a busy child stops by itself once its time is up", () => {
    const started = performance.now();
    const child = spawnSync(process.execPath, ["-e", busyProgram(200)], { timeout: 30_000 });
    assert.equal(child.status, 0);
    assert.ok(performance.now() - started >= 200);
  });

  it("counts per test the runs it failed in, with each message and how often", () => {
    const runs = [
      missesOfRun(run([{ name: "a", state: "passed" }, { name: "b", state: "failed", message: "EPIPE\nstack" }])),
      missesOfRun(run([{ name: "a", state: "passed" }, { name: "b", state: "failed", message: "EPIPE" }])),
      missesOfRun(run([{ name: "a", state: "failed", message: "expected 62 to be ≥ 140" }, { name: "b", state: "passed" }], ["leak: 1 × Timeout"])),
      missesOfRun(run([{ name: "a", state: "passed" }, { name: "b", state: "passed" }])),
    ];
    assert.deepEqual(tally(runs), [
      { where: "test/13-timeouts.test.ts: b", runs: 2, messages: [{ message: "EPIPE", count: 2 }] },
      { where: "test/13-timeouts.test.ts: a", runs: 1, messages: [{ message: "expected 62 to be ≥ 140", count: 1 }] },
      { where: "test/13-timeouts.test.ts: outside any test", runs: 1, messages: [{ message: "leak: 1 × Timeout", count: 1 }] },
    ]);
    const text = renderSoak(tally(runs), { runs: 4, load: 8, what: "the solutions suite", failedRuns: 3, seconds: 40 });
    assert.match(text, /^the solutions suite: 4 run\(s\) with 8 busy process\(es\), 3 failed, in 40 s/);
    assert.match(text, /2 of 4 {2}test\/13-timeouts\.test\.ts: b\n {6}2× {2}EPIPE/);
    assert.match(renderSoak([], { runs: 4, load: 8, what: "x", failedRuns: 0, seconds: 1 }), /no failures$/);
  });

  it("takes any exercise below full marks in a grade as a failure", () => {
    const exercise = { title: "t", tests: { passed: 7, total: 7 }, status: /** @type {const} */ ("passed") };
    const grade = /** @type {import("../lib/grading.mjs").Grade} */ ({
      exercises: [
        { ...exercise, id: "12-concurrency", points: 10, earned: 10 },
        { ...exercise, id: "16-capstone", points: 15, earned: 13.85, status: "failed", tests: { passed: 12, total: 13 }, reason: "closes a connection…: EPIPE" },
      ],
    });
    assert.deepEqual(missesOfGrade(grade), [{ where: "grade 16-capstone: 13.85 of 15 points", message: "closes a connection…: EPIPE" }]);
  });
});
