#!/usr/bin/env node
// npm run bench: the kata's speed targets, measured. Tests never time
// themselves (deadlines only turn a hang into a failure); how fast the
// learner's loop is gets measured here, on demand, and compared with the
// targets below. Not part of verify or CI: timings on a shared runner are noise.
//
//   npm run bench                  the learner's loop, 3 runs of each
//   npm run bench -- --runs 5      more runs (the median is reported)
//   npm run bench -- --verify      also time npm run verify, check by check
//   npm run bench -- --json        one JSON object instead of the table
//
// Exits 1 when a measurement misses its target.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import { measured, median, renderTable } from "./lib/bench.mjs";
import { SAVE_DEBOUNCE_MS, openRunner } from "./lib/kata.mjs";
import { ROOT, loadManifest, pathsOf } from "./lib/manifest.mjs";
import { runTests } from "./lib/run-tests.mjs";
import { parseCommand } from "./lib/args.mjs";

/** Wall time of `node args`, in a fresh process, in ms. @param {string[]} args */
function timeNode(args) {
  const started = performance.now();
  spawnSync(process.execPath, args, { cwd: ROOT, stdio: "ignore", env: { ...process.env, KATA_LANG: "en" } });
  return performance.now() - started;
}

/**
 * Start npm run watch in a terminal (script(1) gives it one) and time its
 * first screen; then quit it. Undefined where script(1) is missing.
 * @returns {Promise<number | undefined>}
 */
function timeFirstFrame() {
  const check = spawnSync("script", ["--version"], { stdio: "ignore" });
  if (check.error || check.status !== 0 || process.platform !== "linux") return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const started = performance.now();
    const command = [process.execPath, "--import", "./tools/lib/node-support.mjs", "tools/watch.mjs"].map((a) => `'${a}'`).join(" ");
    const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd: ROOT, env: { ...process.env, KATA_LANG: "en", NO_COLOR: "1", SHELL: "/bin/sh" } });
    /** @type {number | undefined} */
    let frame;
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += String(chunk);
      if (frame === undefined && out.includes("socket-kata")) {
        frame = performance.now() - started;
        child.stdin.write("q");
      }
    });
    child.once("exit", () => resolve(frame));
  });
}

/**
 * Save a file the way an editor does (same bytes, new write) and time what
 * npm run watch does next: the watcher fires, waits out its debounce, and
 * the warm runner runs the exercise again.
 * @param {Awaited<ReturnType<typeof openRunner>>} runner
 * @param {string} id
 * @param {string} file absolute path of the file to save
 * @returns {Promise<{ toRerun: number, toResult: number }>}
 */
function saveAndRerun(runner, id, file) {
  return new Promise((resolve, reject) => {
    /** @type {NodeJS.Timeout | undefined} */
    let debounce;
    const watcher = watch(join(file, ".."), () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        watcher.close();
        const rerunAt = performance.now();
        runner.invalidate(file);
        runner.run([id]).then(() => resolve({ toRerun: rerunAt - savedAt, toResult: performance.now() - savedAt }), reject);
      }, SAVE_DEBOUNCE_MS);
    });
    const savedAt = performance.now();
    writeFileSync(file, readFileSync(file));
  });
}

const { values } = parseCommand({ options: { runs: { type: "string", default: "3" }, verify: { type: "boolean" }, json: { type: "boolean" } } });
const runs = Math.max(1, Number(values.runs) || 3);
const manifest = loadManifest();
const ids = manifest.exercises.map((e) => e.id);
const say = (/** @type {string} */ text) => values.json || console.error(text);
/** @type {import("./lib/bench.mjs").Measurement[]} */
const rows = [];
const repeat = (/** @type {() => number} */ fn) => median(Array.from({ length: runs }, fn));

say(`npm test against the stubs, ${runs}×…`);
rows.push(measured("stubRun", "npm test, all stubs (fresh process)", repeat(() => timeNode(["tools/test.mjs"]))));

say("the slowest stub test…");
const stubRun = await runTests({ target: "exercises" });
process.exitCode = 0;
const stubTests = stubRun.files.flatMap((f) => f.tests.map((t) => ({ file: f.file, ...t })));
const slowest = stubTests.reduce((a, b) => (b.duration > a.duration ? b : a), { file: "", name: "", duration: 0 });
rows.push(measured("slowestStubTest", "slowest test against its stub", slowest.duration, `${slowest.file}: ${slowest.name}`));

// A hand-out copy (npm run export) has no solutions/ to time.
const withSolutions = existsSync(join(ROOT, "solutions"));
if (withSolutions) {
  say(`npm run test:solutions, ${runs}×…`);
  rows.push(measured("solutionRun", "npm run test:solutions (fresh process)", repeat(() => timeNode(["tools/test.mjs", "--solutions"]))));
}

say(`npm run watch: its first screen, ${runs}×…`);
{
  /** @type {number[]} */
  const frames = [];
  for (let i = 0; i < runs; i += 1) {
    const ms = await timeFirstFrame();
    if (ms !== undefined) frames.push(ms);
  }
  if (frames.length > 0) rows.push(measured("watchFirstFrame", "watch: start → first screen", median(frames), "in a terminal (script)"));
}

say("npm run watch: save → rerun → result, on a stub…");
const first = ids[0] ?? "";
{
  const runner = await openRunner({ lang: "en" });
  try {
    await runner.run([first]); // warm, as watch is after its first screen
    /** @type {{ toRerun: number, toResult: number }[]} */
    const saves = [];
    for (let i = 0; i < runs; i += 1) saves.push(await saveAndRerun(runner, first, join(ROOT, pathsOf(first).stub)));
    rows.push(measured("saveToRerun", "watch: save → rerun starts", median(saves.map((s) => s.toRerun)), `${first}, debounce ${SAVE_DEBOUNCE_MS} ms`));
    rows.push(measured("saveToResult", "watch: save → result, stub", median(saves.map((s) => s.toResult)), first));
  } finally {
    await runner.close();
  }
}

if (withSolutions) {
  say("npm run watch: save → result, each solved exercise…");
  const runner = await openRunner({ target: "solutions", lang: "en" });
  try {
    await runner.run(ids);
    /** @type {{ id: string, ms: number }[]} */
    const solved = [];
    for (const id of ids) {
      const started = performance.now();
      runner.invalidate(join(ROOT, pathsOf(id).solution));
      await runner.run([id]);
      solved.push({ id, ms: performance.now() - started });
    }
    const worst = solved.reduce((a, b) => (b.ms > a.ms ? b : a), { id: "", ms: 0 });
    rows.push(measured("slowestSolvedRerun", "watch: rerun of a solved exercise, slowest", worst.ms, worst.id));
  } finally {
    await runner.close();
  }
}

if (values.verify) {
  say("npm run verify…");
  const started = performance.now();
  const result = spawnSync(process.execPath, ["tools/verify.mjs"], { cwd: ROOT, encoding: "utf8" });
  const total = performance.now() - started;
  for (const match of result.stdout.matchAll(/^[✔✘] (\w+): .*\((\d+(?:\.\d+)?) s\)$/gmu)) {
    rows.push(measured(`verify.${match[1]}`, `verify: ${match[1]}`, Number(match[2]) * 1000));
  }
  rows.push(measured("verify", "npm run verify, whole", total, result.status === 0 ? "green" : "NOT green"));
}

if (values.json) console.log(JSON.stringify({ node: process.version, runs, rows }, null, 2));
else console.log(`\nnode ${process.version}, median of ${runs} run(s) where repeated\n\n${renderTable(rows)}`);
process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
