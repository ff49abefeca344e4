// `npm run export`: the hand-out copy holds nothing that points at the
// solutions and works end to end (npm test fails "not implemented", grade
// runs, verify passes in hand-out mode); --branches makes `student` and
// `solutions` without touching the working tree or the current branch.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { ROOT } from "../lib/manifest.mjs";

const run = promisify(execFile);

/** @param {string} file @param {string[]} args @param {string} cwd */
async function node(file, args, cwd) {
  try {
    const { stdout } = await run(process.execPath, [file, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (err) {
    const failure = /** @type {{ code?: number, stdout?: string }} */ (err);
    return { code: failure.code ?? -1, stdout: failure.stdout ?? "" };
  }
}

describe("npm run export -- <dir>", () => {
  const work = mkdtempSync(join(tmpdir(), "kata-export-"));
  const copy = join(work, "copy");
  before(async () => {
    const exported = await node(join(ROOT, "tools", "export.mjs"), [copy], ROOT);
    assert.equal(exported.code, 0, exported.stdout);
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("leaves out the solutions and everything that points at them", () => {
    for (const gone of ["solutions", "test/mutants", "tsconfig.solutions.json"]) assert.ok(!existsSync(join(copy, gone)), `${gone} is in the copy`);
    /** @type {unknown} */
    const raw = JSON.parse(readFileSync(join(copy, "package.json"), "utf8"));
    const pkg = /** @type {{ imports: Record<string, unknown>, scripts: Record<string, string> }} */ (raw);
    assert.deepEqual(pkg.imports, { "#kata/*": "./exercises/*/index.ts" });
    assert.equal(pkg.scripts["test:solutions"], undefined);
    assert.equal(pkg.scripts.soak, undefined);
    const readme = readFileSync(join(copy, "README.md"), "utf8");
    assert.match(readme, /## About this copy \(for instructors\)/);
    assert.doesNotMatch(readme, /--solution|solutions\//);
    assert.doesNotMatch(readFileSync(join(copy, "exercises", "06-send-recv", "README.md"), "utf8"), /--solution/);
  });

  it("fails every exercise with not implemented on npm test", async () => {
    const result = await node("tools/test.mjs", [], copy);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /not implemented: exercises\/01-port-ranges\/index\.ts/);
    assert.match(result.stdout, /\[-{20}\] 0\/16/);
  });

  it("grades, with the copy's own lock", async () => {
    const result = await node("tools/grade.mjs", ["--exercise", "01", "--exercise", "02"], copy);
    assert.equal(result.code, 1);
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(join(copy, "reports", "grade.json"), "utf8"));
    const grade = /** @type {import("../lib/grading.mjs").Grade} */ (parsed);
    assert.deepEqual([grade.score, grade.maxScore, grade.tampered], [0, 20, []]);
  });

  it("grades a partly solved copy right in all three reports (01, 06 and 12 solved)", async () => {
    const solved = ["01-port-ranges", "06-send-recv", "12-concurrency"];
    for (const id of solved) cpSync(join(ROOT, "solutions", id, "index.ts"), join(copy, "exercises", id, "index.ts"));
    try {
      const result = await node("tools/grade.mjs", ["--out", "reports/partly", "--min-score", "30"], copy);
      assert.equal(result.code, 0, result.stdout);
      /** @type {unknown} */
      const parsed = JSON.parse(readFileSync(join(copy, "reports", "partly", "grade.json"), "utf8"));
      const grade = /** @type {import("../lib/grading.mjs").Grade} */ (parsed);
      assert.deepEqual([grade.score, grade.maxScore, grade.passed], [30, 170, true]);
      assert.deepEqual(grade.exercises.filter((e) => e.earned > 0).map((e) => e.id), solved);
      assert.match(readFileSync(join(copy, "reports", "partly", "grade.md"), "utf8"), /\| \| \*\*total\*\* \| \| \*\*30 \/ 170\*\* \| \|/);
      const junit = readFileSync(join(copy, "reports", "partly", "junit.xml"), "utf8");
      const [, tests = "0", failures = "0"] = /<testsuites name="socket-kata" tests="(\d+)" failures="(\d+)"/.exec(junit) ?? [];
      const passing = grade.exercises.filter((e) => e.earned > 0).reduce((n, e) => n + e.tests.total, 0);
      assert.equal(Number(tests) - Number(failures), passing);
    } finally {
      for (const id of solved) cpSync(join(ROOT, "exercises", id, "index.ts"), join(copy, "exercises", id, "index.ts")); // the stubs again
    }
  });

  it("passes its maintainers' check, the solution checks skipped", async () => {
    const checks = ["focus", "imports", "manifest", "docs", "lock", "workflows", "exports", "solutions", "stubs", "mutants"];
    const result = await node("tools/verify.mjs", checks.flatMap((c) => ["--check", c]), copy);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /7 passed, 0 failed, 3 skipped/);
  });
});

describe("npm run export -- --branches", () => {
  const repo = mkdtempSync(join(tmpdir(), "kata-branches-repo-"));
  /** @param {string[]} args */
  const git = (args) => execFileSync("git", args, { cwd: repo, encoding: "utf8" }).trim();
  before(() => {
    // A throwaway repository holding the kata as it is now.
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
    execFileSync("tar", ["-cf", join(repo, "kata.tar"), "-C", ROOT, ...files.filter((f) => existsSync(join(ROOT, f)))]);
    execFileSync("tar", ["-xf", "kata.tar"], { cwd: repo });
    rmSync(join(repo, "kata.tar"));
    git(["init", "-q", "-b", "main"]);
    git(["-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", "-A"]);
    git(["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "kata"]);
    execFileSync(process.execPath, ["tools/export.mjs", "--branches"], {
      cwd: repo,
      env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" },
    });
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it("makes a student branch without solutions, and a solutions branch where each stub is its solution", () => {
    assert.equal(git(["ls-tree", "-r", "--name-only", "student", "--", "solutions"]), "");
    assert.match(git(["show", "student:package.json"]), /"#kata\/\*": "\.\/exercises\/\*\/index\.ts"/);
    assert.equal(git(["show", "solutions:exercises/06-send-recv/index.ts"]), git(["show", "main:solutions/06-send-recv/index.ts"]));
  });

  it("leaves the current branch and the working tree alone", () => {
    assert.equal(git(["rev-parse", "--abbrev-ref", "HEAD"]), "main");
    assert.equal(git(["status", "--porcelain"]), "");
  });
});
