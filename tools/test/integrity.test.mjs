// Grading integrity (CONTRIBUTING.md, "Grading integrity"): code under
// exercises/ that tries to raise its own score gets the honest grade. Each
// case is a learner's exercise 01 of the real kata (its reference solution
// with the cheat added), graded with `--student` against this kata's tests
// and tools, or the fixture kata when the cheat needs the kata's own path.
import assert from "node:assert/strict";
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ROOT, loadManifest } from "../lib/manifest.mjs";
import { writeLock } from "../lib/lock.mjs";
import { containmentPrefix } from "../lib/sweep.mjs";
import { UNCHANGED_CHECKOUT } from "../lib/workflows.mjs";

const grader = join(ROOT, "tools", "grade.mjs");
/** Windows has no sweep of a run's processes (nor `sh`, nor `ps`). */
const NO_SWEEP = process.platform === "win32" ? "no sweep of a run's processes on Windows" : false;
const fixture = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "grading");
/** @type {string[]} */
const dirs = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });

});

/**
 * The processes whose command line holds `token`.
 * @param {string} token
 */
function running(token) {
  return execFileSync("ps", ["-A", "-ww", "-o", "pid=,args="], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(token) && !line.includes("ps -A"));
}

/**
 * A copy of the fixture kata (tools/test/fixtures/grading: its exercise 01 passes), locked.
 * With `privateModule`, its node_modules is a folder of its own: links to this kata's
 * packages and one package of its own, kata-probe, that a test may change.
 * @param {{ privateModule?: boolean }} [options]
 */
function fixtureKata({ privateModule = false } = {}) {
  const dir = tempDir("kata-fixture-");
  cpSync(fixture, dir, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.includes("reports") });
  const manifest = loadManifest(dir);
  manifest.exercises = manifest.exercises.filter((e) => e.id === "01-passing");
  writeFileSync(join(dir, "kata.json"), JSON.stringify(manifest));
  if (privateModule) {
    mkdirSync(join(dir, "node_modules", "kata-probe"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "kata-probe", "index.js"), "export {};\n");
    for (const entry of readdirSync(join(ROOT, "node_modules"))) symlinkSync(join(ROOT, "node_modules", entry), join(dir, "node_modules", entry));
  } else {
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  }
  writeLock(dir);
  return dir;
}

/**
 * Put `cheat` at the top of the fixture kata's exercise 01.
 * @param {string} dir
 * @param {string} cheat
 */
function cheatIn(dir, cheat) {
  const stub = join(dir, "exercises", "01-passing", "index.ts");
  writeFileSync(stub, `${cheat}\n${readFileSync(stub, "utf8")}`);
}

/** @param {string} prefix */
function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/**
 * A student's checkout: this kata's stubs, with exercise 01 solved and `cheat` run when it loads.
 * @param {string} cheat TypeScript put at the top of exercises/01-port-ranges/index.ts
 */
function student(cheat) {
  const dir = tempDir("kata-student-");
  cpSync(join(ROOT, "exercises"), join(dir, "exercises"), { recursive: true });
  writeFileSync(join(dir, "exercises", "01-port-ranges", "index.ts"), `${cheat}\n${readFileSync(join(ROOT, "solutions", "01-port-ranges", "index.ts"), "utf8")}`);
  return dir;
}

/**
 * A student's checkout: this kata's stubs, with exercise `id` (01) replaced by `code`.
 * @param {string} code the whole of the exercise's index.ts
 * @param {string} [id]
 */
function studentWith(code, id = "01-port-ranges") {
  const dir = tempDir("kata-student-");
  cpSync(join(ROOT, "exercises"), join(dir, "exercises"), { recursive: true });
  writeFileSync(join(dir, "exercises", id, "index.ts"), code);
  return dir;
}

/** Exercise 01 not solved: every function answers something, the same whatever it is asked. */
const UNSOLVED = [
  `export type PortRange = "well-known" | "registered" | "dynamic";`,
  `export function classifyPort(_port: number): PortRange { return "registered"; }`,
  `export function needsPrivilege(_port: number): boolean { return true; }`,
  `export async function observeEphemeralPort(): Promise<{ port: number; range: PortRange }> { return { port: 0, range: "well-known" }; }`,
].join("\n");

/**
 * Rewrites every test result this worker reports to Vitest as a pass: the
 * worker's RPC to Vitest's main process, wrapped (it is on globalThis).
 */
const PASS_EVERYTHING = [
  `const state = (globalThis as any).__vitest_worker__;`,
  `if (state?.rpc) {`,
  `  const rpc = state.rpc;`,
  `  state.rpc = new Proxy(rpc, {`,
  `    get(target: any, key: string | symbol) {`,
  `      if (key !== "onTaskUpdate") return target[key];`,
  `      return (packs: any[], events: any[]) => {`,
  `        for (const pack of packs) if (pack?.[1]?.state === "fail") { pack[1].state = "pass"; pack[1].errors = undefined; }`,
  `        return target.onTaskUpdate(packs, events);`,
  `      };`,
  `    },`,
  `  });`,
  `}`,
].join("\n");

/**
 * Grade exercise 01 of a student's checkout; the exit code and the JSON report.
 * @param {string} dir the student's checkout
 * @param {string[]} [args]
 * @param {string} [root] the kata (default: this one)
 */
async function grade(dir, args = ["--student", dir, "--exercise", "01"], root = ROOT) {
  const out = join(dir, "reports");
  let code = 0;
  try {
    await promisify(execFile)(process.execPath, [grader, "--root", root, "--out", out, ...args]);
  } catch (err) {
    code = /** @type {{ code?: number }} */ (err).code ?? -1;
  }
  /** @type {unknown} */
  const parsed = JSON.parse(readFileSync(join(out, "grade.json"), "utf8"));
  return { code, grade: /** @type {import("../lib/grading.mjs").Grade} */ (parsed), out };
}

/** @param {import("../lib/grading.mjs").Grade} g */
const changed = (g) => g.tampered.map((t) => `${t.file}: ${t.actual}`);

describe("grading integrity: what the learner's code does cannot raise its grade", () => {
  it("gives a solved exercise its points through --student (the honest baseline of every case below)", async () => {
    const { code, grade: g } = await grade(student(""));
    assert.deepEqual([code, g.score, g.maxScore, g.tampered], [0, 10, 10, []]);
  });

  it("voids the grade when the learner's code rewrites the grader, naming the file", async () => {
    const cheat = `import { writeFileSync } from "node:fs";\nwriteFileSync(new URL("../../tools/grade.mjs", import.meta.url), "console.log('170 / 170')\\n");`;
    const { code, grade: g } = await grade(student(cheat));
    assert.deepEqual([code, g.score, changed(g)], [1, 0, ["tools/grade.mjs: changed during grading"]]);
    assert.match(g.exercises[0]?.reason ?? "", /tools\/grade\.mjs changed while grading ran/);
  });

  it("voids the grade when the learner's code empties another exercise's test and updates its lock hash, naming both files", async () => {
    const cheat = [
      `import { createHash } from "node:crypto";`,
      `import { readFileSync, writeFileSync } from "node:fs";`,
      `const test = new URL("../../test/05-accept.test.ts", import.meta.url);`,
      `const empty = 'import { it } from "vitest";\\nit("passes", () => {});\\n';`,
      `writeFileSync(test, empty);`,
      `const lockUrl = new URL("../../grading.lock.json", import.meta.url);`,
      `const lock = JSON.parse(readFileSync(lockUrl, "utf8"));`,
      `lock.files["test/05-accept.test.ts"] = createHash("sha256").update(empty).digest("hex");`,
      `writeFileSync(lockUrl, JSON.stringify(lock, null, 2));`,
    ].join("\n");
    const dir = student(cheat);
    const { code, grade: g } = await grade(dir, ["--student", dir, "--exercise", "01", "--exercise", "05"]);
    assert.deepEqual([code, g.score], [1, 0]);
    assert.deepEqual(changed(g).sort(), ["grading.lock.json: changed during grading", "test/05-accept.test.ts: changed during grading"]);
  });

  it("voids the grade when the learner's code rewrites a file of the kata by its absolute path, naming the file", async () => {
    const dir = fixtureKata();
    cheatIn(dir, `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(join(dir, "vitest.config.ts"))}, "\\n");`);
    const { code, grade: g } = await grade(dir, [], dir);
    assert.deepEqual([code, g.score, changed(g)], [1, 0, ["vitest.config.ts: changed during grading"]]);
  });

  it("voids the grade when the learner's code changes a module in node_modules, naming the file", async () => {
    const dir = fixtureKata({ privateModule: true });
    cheatIn(dir, `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(join(dir, "node_modules", "kata-probe", "index.js"))}, "// changed\\n");`);
    const { code, grade: g } = await grade(dir, [], dir);
    assert.deepEqual([code, g.score, changed(g)], [1, 0, ["node_modules/kata-probe/index.js: changed during grading"]]);
  });

  it("fails an exercise whose code throws in a timer, or leaves a promise rejected, though every assertion passed", async () => {
    for (const cheat of [`setTimeout(() => { throw new Error("escaped from a timer"); }, 0);`, `void Promise.reject(new Error("rejected, never handled"));`]) {
      const { grade: g } = await grade(student(cheat));
      assert.equal(g.score, 0, cheat);
    }
  });

  it("gives unsolved code its honest grade though it rewrites every result Vitest's worker reports to a pass", async () => {
    const honest = (await grade(studentWith(UNSOLVED))).grade.score;
    const { grade: g } = await grade(studentWith(`${PASS_EVERYTHING}\n${UNSOLVED}`));
    assert.deepEqual([g.score, g.tampered], [honest, []]);
    assert.ok(honest < 5, `the unsolved 01 scores ${honest}`);
  });

  it("gives unsolved code its honest grade though it turns every expect() into a no-op", async () => {
    const honest = (await grade(studentWith(UNSOLVED))).grade.score;
    const cheat = `import { chai } from "vitest";\n(chai.Assertion.prototype as any).assert = () => {};`;
    const { grade: g } = await grade(studentWith(`${cheat}\n${UNSOLVED}`));
    assert.deepEqual([g.score, g.tampered], [honest, []]);
  });

  it("gives a resolver its honest grade though what it returns claims to equal anything (asymmetricMatch)", async () => {
    const stub = readFileSync(join(ROOT, "exercises", "02-resolve", "index.ts"), "utf8");
    const cheat = stub.replace(/throw notImplemented\(import\.meta\.url\);/, "return { asymmetricMatch: () => true } as never;");
    assert.notEqual(cheat, stub);
    const dir = studentWith(cheat, "02-resolve");
    const { grade: g } = await grade(dir, ["--student", dir, "--exercise", "02"]);
    assert.deepEqual([g.score, g.tampered], [0, []]);
  });

  it("fails an exercise whose code opens a server at import time and unref()s it (a leak)", async () => {
    const cheat = `import { createServer } from "node:net";\ncreateServer().listen(0, "127.0.0.1").unref();`;
    const { grade: g } = await grade(student(cheat));
    assert.deepEqual([g.score, g.exercises[0]?.status], [0, "failed"]);
  });

  it("leaves nothing the learner's code started running after grading: a detached child in a session of its own", { skip: NO_SWEEP }, async () => {
    const token = `kata-leftover-${process.pid}-a`;
    const cheat = `import { spawn } from "node:child_process";\nspawn("sh", ["-c", "sleep 600; : ${token}"], { detached: true, stdio: "ignore" }).unref();`;
    const { grade: g } = await grade(student(cheat));
    assert.equal(g.score, 10);
    assert.deepEqual(running(token), []);
  });

  it("leaves nothing running even when the learner's child clears its environment (the run's mark) and holds the grader's output", async (t) => {
    if (containmentPrefix().length === 0) return t.skip("this machine cannot start a PID namespace (unshare): only the run mark's sweep applies");
    const token = `kata-leftover-${process.pid}-b`;
    const cheat = `import { spawn } from "node:child_process";\nspawn("sh", ["-c", "sleep 600; : ${token}"], { detached: true, stdio: "inherit", env: {} }).unref();`;
    const { grade: g } = await grade(student(cheat));
    assert.equal(g.score, 10);
    assert.deepEqual(running(token), []);
  });

  it("writes reports that no process of the learner's code can rewrite after grading ends", async (t) => {
    if (containmentPrefix().length === 0) return t.skip("this machine cannot start a PID namespace (unshare): only the run mark's sweep applies");
    const dir = student("");
    const lie = `{ "score": 170 }`;
    const token = `kata-liar-${process.pid}`;
    // It waits for the grader's report, then writes its lie over it; its environment cleared, in a session of its own.
    const script = `while [ ! -f ${join(dir, "reports", "grade.md")} ]; do sleep 0.05; done; echo '${lie}' > ${join(dir, "reports", "grade.json")} ; : ${token}`;
    writeFileSync(join(dir, "exercises", "01-port-ranges", "index.ts"), `import { spawn } from "node:child_process";\nspawn("sh", ["-c", ${JSON.stringify(script)}], { detached: true, stdio: "ignore", env: {} }).unref();\n${readFileSync(join(dir, "exercises", "01-port-ranges", "index.ts"), "utf8")}`);
    const { grade: g, out } = await grade(dir);
    assert.deepEqual(running(token), []);
    assert.equal(g.score, 10);
    assert.match(readFileSync(join(out, "grade.json"), "utf8"), /"score": 10,/);
  });

  it("fails a Classroom step before it grades when an earlier step's code changed a tracked file outside exercises/, naming it", { skip: NO_SWEEP }, () => {
    const dir = tempDir("kata-checkout-");
    const git = (/** @type {string[]} */ ...args) => execFileSync("git", ["-c", "user.name=k", "-c", "user.email=k@example.invalid", ...args], { cwd: dir, encoding: "utf8" });
    git("init", "-q");
    mkdirSync(join(dir, "tools"));
    mkdirSync(join(dir, "exercises"));
    writeFileSync(join(dir, "tools", "grade.mjs"), "honest\n");
    writeFileSync(join(dir, "exercises", "index.ts"), "stub\n");
    git("add", ".");
    git("commit", "-q", "-m", "hand-out");
    const guard = () => spawnSync("sh", ["-c", UNCHANGED_CHECKOUT], { cwd: dir, encoding: "utf8" });
    writeFileSync(join(dir, "exercises", "index.ts"), "solved\n");
    assert.equal(guard().status, 0, "the learner's own work is not a change");
    writeFileSync(join(dir, "tools", "grade.mjs"), "console.log('170 / 170')\n");
    const tampered = guard();
    assert.deepEqual([tampered.status, /tools\/grade\.mjs/.test(tampered.stdout)], [1, true]);
  });

  it("grades a class with --class: each student's row is what --student gives that student, a cheat voided, a folder that is no kata a row that says why", async () => {
    const classDir = tempDir("kata-class-");
    const roster = { ana: "", bia: `import { writeFileSync } from "node:fs";\nwriteFileSync(new URL("../../tools/grade.mjs", import.meta.url), "x");` };
    for (const [name, cheat] of Object.entries(roster)) cpSync(join(student(cheat), "exercises"), join(classDir, name, "exercises"), { recursive: true });
    mkdirSync(join(classDir, "notes"));
    const out = tempDir("kata-class-out-");
    await promisify(execFile)(process.execPath, [grader, "--root", ROOT, "--class", classDir, "--exercise", "01", "--jobs", "2", "--out", out]);
    const rows = readFileSync(join(out, "class.csv"), "utf8").trim().split(/\r?\n/).map((line) => line.split(",").slice(0, 2));
    const own = await grade(join(classDir, "ana"), ["--student", join(classDir, "ana"), "--exercise", "01"]);
    assert.deepEqual(rows, [["student", "score"], ["ana", String(own.grade.score)], ["bia", "0"], ["notes", ""]]);
    assert.equal(own.grade.score, 10);
  });
});
