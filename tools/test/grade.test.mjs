// `npm run grade` on a fixture kata (tools/test/fixtures/grading), copied
// to a temp dir: partial credit, all-or-nothing, a process.exit and an
// endless loop that cost only their own exercise, a tampered test, the
// three report formats and the exit status.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildGrade, gradeMarkdown, mergeJunit, outsideImports } from "../lib/grading.mjs";
import { ROOT, loadManifest } from "../lib/manifest.mjs";
import { writeLock } from "../lib/lock.mjs";
import { SUMMARY_STEP, classroomWorkflow } from "../lib/workflows.mjs";
import { parse } from "yaml";

const fixture = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "grading");
const grader = join(ROOT, "tools", "grade.mjs");

/**
 * A fresh copy of the fixture kata, locked, with the kata's node_modules.
 * Without `loop`, the endless-loop exercise is left out: it costs each run
 * the whole timeout, and one run proves the point.
 */
function copyKata({ loop = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "kata-grade-"));
  cpSync(fixture, dir, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.includes("reports") });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  if (!loop) {
    /** @type {import("../lib/manifest.mjs").Manifest} */
    const manifest = loadManifest(dir);
    manifest.exercises = manifest.exercises.filter((e) => e.id !== "04-looping");
    writeFileSync(join(dir, "kata.json"), JSON.stringify(manifest));
  }
  writeLock(dir);
  return dir;
}

/**
 * The grader's limit per exercise in the run with the endless loop, which
 * costs that run this long. Generous, so that it only turns the loop into a
 * failure: the honest exercises beside it, five processes starting Vitest at
 * once, may take several seconds each on a busy machine. The other runs keep
 * the grader's default (60 s).
 */
const LOOP_TIMEOUT_S = 15;

/**
 * Run the grader; resolve with its exit code and the JSON report.
 * @param {string} dir
 * @param {string[]} args
 */
async function grade(dir, args = []) {
  const summary = join(dir, "summary.md");
  try {
    await promisify(execFile)(process.execPath, [grader, "--root", dir, ...args], {
      env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
    });
    return { code: 0, dir, summary };
  } catch (err) {
    return { code: /** @type {{ code?: number }} */ (err).code ?? -1, dir, summary };
  }
}

/**
 * @param {string} dir
 * @returns {import("../lib/grading.mjs").Grade}
 */
function report(dir) {
  /** @type {unknown} */
  const parsed = JSON.parse(readFileSync(join(dir, "reports", "grade.json"), "utf8"));
  return /** @type {import("../lib/grading.mjs").Grade} */ (parsed);
}

describe("npm run grade", () => {
  /** @type {{ code: number, dir: string, summary: string }} */
  let proportional;
  /** @type {string[]} */
  const dirs = [];
  before(async () => {
    const dir = copyKata({ loop: true });
    dirs.push(dir);
    appendFileSync(join(dir, "summary.md"), "# before\n");
    proportional = await grade(dir, ["--timeout", String(LOOP_TIMEOUT_S)]);
  });
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("gives points in proportion to the passing tests", () => {
    const g = report(proportional.dir);
    const earned = Object.fromEntries(g.exercises.map((e) => [e.id, e.earned]));
    assert.deepEqual(earned, { "01-passing": 10, "02-partial": 4, "03-exiting": 0, "04-looping": 0, "05-killing": 0 });
    assert.deepEqual([g.score, g.maxScore, g.passed], [14, 46, false]);
  });

  it("costs an exercise that calls process.exit, never ends or kills its worker its own points only, and says why", () => {
    const g = report(proportional.dir);
    const byId = new Map(g.exercises.map((e) => [e.id, e]));
    assert.match(byId.get("03-exiting")?.reason ?? "", /process\.exit/);
    assert.equal(byId.get("04-looping")?.status, "error");
    assert.match(byId.get("04-looping")?.reason ?? "", new RegExp(`did not finish within ${LOOP_TIMEOUT_S} s`));
    assert.match(byId.get("05-killing")?.reason ?? "", /Worker forks emitted error/);
  });

  it("exits 1 below the pass mark, 0 at it", async () => {
    assert.equal(proportional.code, 1);
    const dir = copyKata();
    dirs.push(dir);
    assert.equal((await grade(dir, ["--min-score", "14"])).code, 0);
  });

  it("writes the Markdown report, and appends it to $GITHUB_STEP_SUMMARY", () => {
    const md = readFileSync(join(proportional.dir, "reports", "grade.md"), "utf8");
    assert.match(md, /grade: 14 \/ 46 \(pass mark 46\): not passed/);
    assert.match(md, /\| 02 \| Two of three \| 2\/3 \| 4 \/ 6 \| failed: squares 3/);
    const summary = readFileSync(proportional.summary, "utf8");
    assert.ok(summary.startsWith("# before\n") && summary.includes(md.trim()), summary);
  });

  it("writes one JUnit file: Vitest's suites, and a failing case for what could not run", () => {
    const junit = readFileSync(join(proportional.dir, "reports", "junit.xml"), "utf8");
    assert.match(junit, /<testsuites name="socket-kata" tests="7" failures="4" errors="0">/);
    assert.match(junit, /<testcase classname="test\/05-killing\.test\.ts" name="grading"/);
    assert.match(junit, /<testcase classname="test\/04-looping\.test\.ts" name="grading"/);
  });

  it("scores an exercise with the Classroom workflow's own command as Classroom does, all or nothing, and both reports say which rule", async () => {
    const dir = copyKata();
    dirs.push(dir);
    /** @type {unknown} */
    const parsedWorkflow = parse(classroomWorkflow(loadManifest(dir)));
    const workflow = /** @type {{ jobs: Record<string, { steps: { id?: string, with?: { command?: string, "max-score"?: number } }[] }> }} */ (parsedWorkflow);
    const step = workflow.jobs["run-autograding-tests"]?.steps.find((s) => s.id === "ex02-partial");
    const command = step?.with?.command ?? "";
    assert.match(command, /npm run grade -- --exercise 02 --all-or-nothing --out reports\/02-partial$/);
    // What the command grader does with it: max-score on exit 0, else 0. Two of three tests pass: 0, here too.
    const args = command.replace(/^.*npm run grade -- /, "").split(" ");
    const result = await grade(dir, args);
    assert.equal(result.code, 1);
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(join(dir, "reports", "02-partial", "grade.json"), "utf8"));
    const g = /** @type {import("../lib/grading.mjs").Grade} */ (parsed);
    assert.deepEqual([g.mode, g.score, g.maxScore], ["all-or-nothing", 0, step?.with?.["max-score"]]);
    assert.match(readFileSync(join(dir, "reports", "02-partial", "grade.md"), "utf8"), /Scoring: all or nothing per exercise, as GitHub Classroom scores/);
    // A local grade in proportion (4 of 6 here) says that Classroom would give 0.
    assert.match(readFileSync(join(proportional.dir, "reports", "grade.md"), "utf8"), /GitHub Classroom scores all or nothing per exercise.*--all-or-nothing/);
  });

  it("puts the grade tables in the run's summary with the Classroom workflow's last step, which the command grader's environment cannot stop", async () => {
    const dir = copyKata();
    dirs.push(dir);
    await grade(dir, ["--exercise", "01", "--out", "reports/01-passing"]);
    await grade(dir, ["--exercise", "02", "--out", "reports/02-partial"]);
    const summary = join(dir, "step-summary.md");
    execFileSync("bash", ["-c", SUMMARY_STEP.run], { cwd: dir, env: { PATH: process.env.PATH ?? "", GITHUB_STEP_SUMMARY: summary } });
    const text = readFileSync(summary, "utf8");
    assert.match(text, /\| 01 \| Passing \| (\d+)\/\1 \| 10 \/ 10 \| passed \|/);
    assert.match(text, /\| 02 \| Two of three \| 2\/3 \|/);
  });

  it("gives nothing for a partly passing exercise with --all-or-nothing", async () => {
    const dir = copyKata();
    dirs.push(dir);
    await grade(dir, ["--all-or-nothing"]);
    const g = report(dir);
    assert.deepEqual([g.mode, g.score], ["all-or-nothing", 10]);
  });

  it("refuses points for a test that differs from the lock, and names the file", async () => {
    const dir = copyKata();
    dirs.push(dir);
    const test = join(dir, "test", "01-passing.test.ts");
    appendFileSync(test, '\nit.only("a learner\'s own test", () => undefined);\n');
    await grade(dir);
    const g = report(dir);
    const passing = g.exercises.find((e) => e.id === "01-passing");
    assert.deepEqual([passing?.status, passing?.earned], ["tampered", 0]);
    assert.deepEqual(g.tampered.map((t) => t.file), ["test/01-passing.test.ts"]);
  });

  it("gives nothing without a lock, says why, and still writes all three reports", async () => {
    const dir = copyKata();
    dirs.push(dir);
    rmSync(join(dir, "grading.lock.json"));
    const result = await grade(dir);
    assert.equal(result.code, 1);
    const g = report(dir);
    assert.deepEqual([g.score, g.lockDigest, g.tampered.map((t) => [t.file, t.actual])], [0, "none", [["grading.lock.json", "missing"]]]);
    assert.ok(g.exercises.every((e) => e.status === "tampered"), JSON.stringify(g.exercises));
    assert.match(readFileSync(join(dir, "reports", "junit.xml"), "utf8"), /grading\.lock\.json differ from grading\.lock\.json|tampered/);
    assert.match(readFileSync(join(dir, "reports", "grade.md"), "utf8"), /grading\.lock\.json/);
  });

  it("voids the grade when the learner's code deletes the lock while it is graded, naming the file", async () => {
    const dir = copyKata();
    dirs.push(dir);
    const stub = join(dir, "exercises", "01-passing", "index.ts");
    writeFileSync(stub, `import { rmSync } from "node:fs";\nrmSync(new URL("../../grading.lock.json", import.meta.url), { force: true });\n${readFileSync(stub, "utf8")}`);
    const result = await grade(dir);
    assert.equal(result.code, 1);
    const g = report(dir);
    assert.equal(g.score, 0);
    assert.deepEqual(g.tampered.map((t) => [t.file, t.actual]), [["grading.lock.json", "deleted during grading"]]);
  });

  it("exits 2, saying why, when it cannot grade at all (no Vitest)", async () => {
    const dir = copyKata();
    dirs.push(dir);
    rmSync(join(dir, "node_modules"));
    const result = await grade(dir);
    assert.equal(result.code, 2);
  });
});

describe("grading arithmetic", () => {
  const manifest = { exercises: [{ id: "01-a", title: { en: "A", pt: "A" }, points: 3, hints: { en: ["x"], pt: ["x"] } }] };
  const result = { id: "01-a", passed: 1, total: 3, ok: false, failure: { test: "t", message: "m" }, tests: [] };

  it("rounds partial credit to hundredths, and gives nothing for a failure outside the tests (a leak)", () => {
    const partial = buildGrade({ manifest, outcomes: [{ id: "01-a", result }], tampered: [], allOrNothing: false, minScore: 3, imports: () => "" });
    assert.equal(partial.score, 1);
    const leak = { ...result, passed: 3, failure: { test: undefined, message: "leak: still open" } };
    const leaked = buildGrade({ manifest, outcomes: [{ id: "01-a", result: leak }], tampered: [], allOrNothing: false, minScore: 3, imports: () => "" });
    assert.equal(leaked.score, 0);
  });

  it("finds imports of another exercise or a solution, and lets the shared stub helper, node:* and the exercise's own files through", () => {
    const source = [
      'import { LineDecoder } from "../08-framing/index.ts";',
      'import { notImplemented } from "../not-implemented.ts";',
      'import net from "node:net";',
      'import { cut } from "./lines.ts";',
      'const s = await import("../../solutions/09-request-response/index.ts");',
      'export * from "#kata/08-framing";',
    ].join("\n");
    assert.deepEqual(outsideImports(source), ["../08-framing/index.ts", "../../solutions/09-request-response/index.ts", "#kata/08-framing"]);
  });

  it("gives nothing to an exercise that imports its solution", () => {
    const copied = buildGrade({
      manifest,
      outcomes: [{ id: "01-a", result: { ...result, passed: 3, ok: true, failure: undefined } }],
      tampered: [],
      allOrNothing: false,
      minScore: 3,
      imports: () => 'export * from "../../solutions/01-a/index.ts";',
    });
    assert.deepEqual([copied.exercises[0]?.status, copied.score], ["outside", 0]);
    assert.match(gradeMarkdown(copied), /outside: exercises\/01-a\/ imports "\.\.\/\.\.\/solutions\/01-a\/index\.ts": a solution/);
    assert.match(mergeJunit(copied, () => undefined), /type="outside"/);
  });
});
