#!/usr/bin/env node
// npm run soak: the solutions suite, many times, on a machine made busy on
// purpose, to prove that no verdict depends on load. Run it after touching
// a test. Not part of verify or CI: it takes minutes.
//
//   npm run soak                       10 runs with 4 busy processes
//   npm run soak -- --runs 50          how many runs
//   npm run soak -- --load 8           how many busy child processes spin meanwhile
//   npm run soak -- --exercise 13      only this exercise (repeatable)
//   npm run soak -- --grade            each run grades a fully solved hand-out
//                                      copy instead; any score below full fails
//
// The busy processes live no longer than the soak needs (each has a time
// bound of its own) and are all stopped at the end, on Ctrl-C and on
// SIGTERM too. Prints, per test, in how many runs it failed and with which
// messages. Exits 1 on any failure.
import { execFile, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseCommand } from "./lib/args.mjs";
import { ROOT, findExercise, loadManifest, pathsOf } from "./lib/manifest.mjs";
import { runTests } from "./lib/run-tests.mjs";
import { busyProgram, missesOfGrade, missesOfRun, renderSoak, tally } from "./lib/soak.mjs";
import { exportCopy } from "./export.mjs";

/** The longest one run may take on a very busy machine; it bounds the busy processes' lives. */
const RUN_BOUND_MS = 180_000;

const { values } = parseCommand({
  options: {
    runs: { type: "string", default: "10" },
    load: { type: "string", default: "4" },
    exercise: { type: "string", multiple: true },
    grade: { type: "boolean" },
  },
});
const runs = Number(values.runs);
const load = Number(values.load);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(load) || load < 0) {
  console.error("--runs must be a whole number from 1, --load one from 0");
  process.exit(2);
}
const manifest = loadManifest();
const ids = (values.exercise ?? []).map((q) => {
  const exercise = findExercise(manifest, q);
  if (!exercise) {
    console.error(`no exercise matches "${q}"`);
    process.exit(2);
  }
  return exercise.id;
});

/** @type {import("node:child_process").ChildProcess[]} */
const busy = [];
/** @type {string | undefined} */
let work;

function stopAll() {
  for (const child of busy) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  busy.length = 0;
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
}
for (const [signal, code] of /** @type {const} */ ([["SIGINT", 130], ["SIGTERM", 143]])) {
  process.on(signal, () => {
    stopAll();
    console.error(`\nsoak stopped (${signal}); the busy processes are stopped too`);
    process.exit(code);
  });
}

/** A fully solved hand-out copy, as a learner who solved everything would hand in. */
function solvedCopy() {
  work = mkdtempSync(join(tmpdir(), "kata-soak-"));
  const copy = join(work, "kata");
  exportCopy(copy);
  for (const { id } of manifest.exercises) cpSync(join(ROOT, pathsOf(id).solution), join(copy, pathsOf(id).stub));
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  return copy;
}

/**
 * One run: the solutions suite, or the grade of the solved copy.
 * @param {string | undefined} copy
 * @param {number} index
 * @returns {Promise<import("./lib/soak.mjs").Miss[]>}
 */
async function oneRun(copy, index) {
  if (!copy) {
    const outcome = await runTests({ target: "solutions", filters: ids });
    process.exitCode = 0; // Vitest sets it on a failed run; the soak decides at the end
    return missesOfRun(outcome);
  }
  const out = join(copy, "reports", `run-${index}`);
  const args = [join(ROOT, "tools", "grade.mjs"), "--root", copy, "--out", out, ...ids.flatMap((id) => ["--exercise", id])];
  try {
    await promisify(execFile)(process.execPath, args, { cwd: copy, env: { ...process.env, GITHUB_STEP_SUMMARY: "" } });
  } catch {
    // below full marks exits 1; the report says why
  }
  try {
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(join(out, "grade.json"), "utf8"));
    return missesOfGrade(/** @type {import("./lib/grading.mjs").Grade} */ (parsed));
  } catch (err) {
    return [{ where: "grade", message: `no report: ${err instanceof Error ? err.message : String(err)}` }];
  }
}

const started = performance.now();
/** @type {import("./lib/soak.mjs").Miss[][]} */
const results = [];
try {
  const copy = values.grade ? solvedCopy() : undefined;
  const program = busyProgram(runs * RUN_BOUND_MS);
  for (let i = 0; i < load; i += 1) {
    busy.push(spawn(process.execPath, ["-e", program], { stdio: ["ignore", "ignore", "ignore", "ipc"] }));
  }
  const what = values.grade ? "npm run grade on a solved copy" : "the solutions suite";
  for (let i = 1; i <= runs; i += 1) {
    const misses = await oneRun(copy, i);
    results.push(misses);
    console.error(`run ${i} of ${runs}: ${misses.length === 0 ? "ok" : `${misses.length} failure(s): ${misses.map((m) => m.where).join("; ")}`}`);
  }
  const failedRuns = results.filter((m) => m.length > 0).length;
  console.log(`\n${renderSoak(tally(results), { runs, load, what: `${what}${ids.length > 0 ? ` (${ids.join(", ")})` : ""}`, failedRuns, seconds: (performance.now() - started) / 1000 })}`);
  process.exitCode = failedRuns === 0 ? 0 : 1;
} finally {
  stopAll();
}
