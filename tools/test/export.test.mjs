// `npm run export`: the hand-out copy is made from a commit (never the
// working tree), holds nothing that points at the solutions, has no
// pre-commit hook and works end to end (npm test fails "not implemented",
// grade runs, verify passes in hand-out mode); --branches makes `student`
// (a root commit, no object of which holds a solution) and `solutions`
// without touching the working tree or the current branch.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { acceptedDigests } from "../lib/handout.mjs";
import { lockDigest } from "../lib/lock.mjs";
import { ROOT, loadManifest } from "../lib/manifest.mjs";
import { scratchKata } from "./scratch.mjs";

const run = promisify(execFile);

/** @param {string} file @param {string[]} args @param {string} cwd */
async function node(file, args, cwd) {
  try {
    const { stdout } = await run(process.execPath, [file, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (err) {
    const failure = /** @type {{ code?: number, stdout?: string, stderr?: string }} */ (err);
    return { code: failure.code ?? -1, stdout: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

const IDENTITY = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" };

/** git in `repo`. @param {string} repo @param {string[]} args */
const gitIn = (repo, args) => execFileSync("git", args, { cwd: repo, encoding: "utf8", env: { ...process.env, ...IDENTITY }, maxBuffer: 64 * 1024 * 1024 }).trim();

/**
 * A throwaway git repository holding the kata as this working tree has it
 * (tools and all, so the tests judge the code under test), in one commit on `main`.
 */
function kataRepo() {
  const repo = scratchKata("kata-export-repo-", { modules: false });
  gitIn(repo, ["init", "-q", "-b", "main"]);
  gitIn(repo, ["add", "-A"]);
  gitIn(repo, ["commit", "-q", "-m", "kata"]);
  return repo;
}

describe("npm run export -- <dir>", () => {
  const work = mkdtempSync(join(tmpdir(), "kata-export-"));
  const copy = join(work, "copy");
  const older = join(work, "older");
  const repo = kataRepo();
  const stub = "exercises/01-port-ranges/index.ts";
  let exported = { code: -1, stdout: "" };
  before(async () => {
    gitIn(repo, ["tag", "first"]);
    appendFileSync(join(repo, "LICENSE"), "\nA line of the second commit.\n");
    gitIn(repo, ["commit", "-q", "-am", "second"]);
    // The maintainer's working tree: exercise 01 solved but not committed, a file git does not track.
    cpSync(join(repo, "solutions", "01-port-ranges", "index.ts"), join(repo, stub));
    writeFileSync(join(repo, "exercises", "02-resolve", "my-solution.ts"), "export const untracked = true;\n");
    exported = await node(join(repo, "tools", "export.mjs"), [copy], repo);
    assert.equal(exported.code, 0, exported.stdout);
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  });

  it("copies HEAD as committed: an uncommitted change and an untracked file do not reach the copy, and it says so", () => {
    assert.equal(readFileSync(join(copy, stub), "utf8"), gitIn(repo, ["show", `HEAD:${stub}`]) + "\n");
    assert.notEqual(readFileSync(join(copy, stub), "utf8"), readFileSync(join(repo, stub), "utf8"));
    assert.ok(!existsSync(join(copy, "exercises", "02-resolve", "my-solution.ts")), "an untracked file is in the copy");
    assert.match(readFileSync(join(copy, "LICENSE"), "utf8"), /second commit/);
    assert.match(exported.stdout, /uncommitted changes or untracked files: they are not in the export/);
  });

  it("copies another commit with --ref, and refuses what is not one", async () => {
    const result = await node(join(repo, "tools", "export.mjs"), [older, "--ref", "first"], repo);
    assert.equal(result.code, 0, result.stdout);
    assert.doesNotMatch(readFileSync(join(older, "LICENSE"), "utf8"), /second commit/);
    const wrong = await node(join(repo, "tools", "export.mjs"), [join(work, "none"), "--ref", "no-such-rev"], repo);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stdout, /no-such-rev is not a commit/);
  });

  it("has no pre-commit hook: no husky, no lint-staged, no install script that sets one up", () => {
    assert.ok(!existsSync(join(copy, ".husky")), ".husky/ is in the copy");
    /** @type {unknown} */
    const raw = JSON.parse(readFileSync(join(copy, "package.json"), "utf8"));
    const pkg = /** @type {{ scripts: Record<string, string>, "lint-staged"?: unknown }} */ (raw);
    assert.equal(pkg["lint-staged"], undefined);
    for (const lifecycle of ["prepare", "preinstall", "install", "postinstall"]) assert.equal(pkg.scripts[lifecycle], undefined, `scripts.${lifecycle}`);
    // So a learner's clone commits work in progress (a floating promise) at once.
    const learner = mkdtempSync(join(tmpdir(), "kata-learner-"));
    try {
      cpSync(copy, learner, { recursive: true, filter: (src) => !src.endsWith("node_modules") });
      gitIn(learner, ["init", "-q"]);
      appendFileSync(join(learner, stub), "\nPromise.resolve(1);\n");
      gitIn(learner, ["add", "-A"]);
      gitIn(learner, ["commit", "-q", "-m", "work in progress"]);
      assert.equal(gitIn(learner, ["log", "--format=%s"]), "work in progress");
    } finally {
      rmSync(learner, { recursive: true, force: true });
    }
  });

  it("leaves out the maintainers' CI, which would fail learners' pushes, and keeps the Classroom workflow", () => {
    assert.ok(!existsSync(join(copy, ".github", "workflows", "ci.yml")), "ci.yml is in the copy");
    assert.ok(existsSync(join(copy, ".github", "workflows", "classroom.yml")), "classroom.yml is not in the copy");
    for (const readme of ["README.md", "README.pt.md"]) assert.doesNotMatch(readFileSync(join(copy, readme), "utf8"), /ci\.yml|`solutions` branch|ramo `solutions`/, readme);
  });

  it("says in its GitHub Classroom section (where the grader's warnings send the reader) to grade from a clone of the copy, not from a tag of the kata it does not hold", () => {
    /** @type {[string, RegExp][]} */
    const told = [
      ["README.md", /\nGrade later from a clone of this repository as you published it/],
      ["README.pt.md", /\nAvalia mais tarde a partir de um clone deste repositório/],
    ];
    for (const [readme, said] of told) {
      const section = /\n### GitHub Classroom\n[\s\S]*?(?=\n### )/.exec(readFileSync(join(copy, readme), "utf8"))?.[0] ?? "";
      assert.match(section, said, readme);
      assert.doesNotMatch(section, /handout-1|git worktree/, readme);
    }
  });

  it("has a lock whose digest the kata's class reports accept (--class-from of Classroom runs)", () => {
    /** @type {unknown} */
    const raw = JSON.parse(readFileSync(join(copy, "grading.lock.json"), "utf8"));
    assert.ok(acceptedDigests(repo).includes(lockDigest(/** @type {import("../lib/lock.mjs").Lock} */ (raw))));
    assert.match(exported.stdout, new RegExp(`digest ${lockDigest(/** @type {import("../lib/lock.mjs").Lock} */ (raw))}`));
  });

  it("keeps the primer every exercise README links to, and its diagrams", () => {
    for (const kept of ["docs/sockets.md", "docs/sockets.pt.md", "docs/exchange.svg", "docs/exchange.pt.svg"]) assert.ok(existsSync(join(copy, kept)), `${kept} is not in the copy`);
  });

  it("leaves out the solutions and everything that points at them", () => {
    for (const gone of ["solutions", "test/mutants", "tsconfig.solutions.json"]) assert.ok(!existsSync(join(copy, gone)), `${gone} is in the copy`);
    /** @type {unknown} */
    const raw = JSON.parse(readFileSync(join(copy, "package.json"), "utf8"));
    const pkg = /** @type {{ imports: Record<string, unknown>, scripts: Record<string, string> }} */ (raw);
    assert.deepEqual(pkg.imports, { "#kata/*": "./exercises/*/index.ts" });
    assert.equal(pkg.scripts["test:solutions"], undefined);
    assert.equal(pkg.scripts.soak, undefined);
    assert.equal(pkg.scripts.mutation, undefined, "mutation testing mutates the solutions");
    assert.equal(pkg.scripts.typecheck, "tsc -p tsconfig.json", "no type-check against tsconfig.solutions.json, which is not there");
    const readme = readFileSync(join(copy, "README.md"), "utf8");
    assert.match(readme, /## About this copy \(for instructors\)/);
    assert.doesNotMatch(readme, /--solution|solutions\//);
    assert.doesNotMatch(readFileSync(join(copy, "exercises", "06-send-recv", "README.md"), "utf8"), /--solution/);
    const readmePt = readFileSync(join(copy, "README.pt.md"), "utf8");
    for (const heading of ["## Para docentes: avaliação", "### GitHub Classroom", "## Sobre esta cópia (para docentes)"]) assert.ok(readmePt.includes(`\n${heading}\n`), heading);
    assert.doesNotMatch(readmePt, /--solution|solutions\/|### Uma cópia para distribuir/);
  });

  it("fails every exercise with not implemented on npm test", async () => {
    const result = await node("tools/test.mjs", [], copy);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /not implemented: exercises\/01-port-ranges\/index\.ts/);
    assert.match(result.stdout, new RegExp(`\\[-{20}\\] 0/${loadManifest(copy).exercises.length}\\b`));
  });

  it("grades, with the copy's own lock", async () => {
    const result = await node("tools/grade.mjs", ["--exercise", "01", "--exercise", "02"], copy);
    assert.equal(result.code, 1);
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(join(copy, "reports", "grade.json"), "utf8"));
    const grade = /** @type {import("../lib/grading.mjs").Grade} */ (parsed);
    const points = loadManifest(copy).exercises.filter((e) => /^0[12]-/.test(e.id)).reduce((sum, e) => sum + e.points, 0);
    assert.deepEqual([grade.score, grade.maxScore, grade.tampered], [0, points, []]);
  });

  it("grades a partly solved copy right in all three reports (01, 06 and 12 solved)", async () => {
    const solved = ["01-port-ranges", "06-send-recv", "12-concurrency"];
    for (const id of solved) cpSync(join(ROOT, "solutions", id, "index.ts"), join(copy, "exercises", id, "index.ts"));
    const exercises = loadManifest(copy).exercises;
    const earned = exercises.filter((e) => solved.includes(e.id)).reduce((sum, e) => sum + e.points, 0);
    const total = exercises.reduce((sum, e) => sum + e.points, 0);
    try {
      const result = await node("tools/grade.mjs", ["--out", "reports/partly", "--min-score", String(earned)], copy);
      assert.equal(result.code, 0, result.stdout);
      /** @type {unknown} */
      const parsed = JSON.parse(readFileSync(join(copy, "reports", "partly", "grade.json"), "utf8"));
      const grade = /** @type {import("../lib/grading.mjs").Grade} */ (parsed);
      assert.deepEqual([grade.score, grade.maxScore, grade.passed], [earned, total, true]);
      assert.deepEqual(grade.exercises.filter((e) => e.earned > 0).map((e) => e.id), solved);
      assert.ok(readFileSync(join(copy, "reports", "partly", "grade.md"), "utf8").includes(`| | **total** | | **${earned} / ${total}** | |`), "the Markdown report's total");
      const junit = readFileSync(join(copy, "reports", "partly", "junit.xml"), "utf8");
      const [, tests = "0", failures = "0"] = /<testsuites name="socket-kata" tests="(\d+)" failures="(\d+)"/.exec(junit) ?? [];
      const passing = grade.exercises.filter((e) => e.earned > 0).reduce((n, e) => n + e.tests.total, 0);
      assert.equal(Number(tests) - Number(failures), passing);
    } finally {
      for (const id of solved) cpSync(join(ROOT, "exercises", id, "index.ts"), join(copy, "exercises", id, "index.ts")); // the stubs again
    }
  });

  it("passes its maintainers' check, the solution checks skipped", async () => {
    // All but types and lint (whole-tree static checks, the same as here, and slow): tools is the one that failed in a copy.
    const checks = ["focus", "imports", "manifest", "docs", "lock", "workflows", "exports", "tools", "solutions", "messages", "stubs", "mutants"];
    const result = await node("tools/verify.mjs", checks.flatMap((c) => ["--check", c]), copy);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /^- tools: .*\(skipped: this is a hand-out copy, without solutions\/\)$/m);
    assert.match(result.stdout, /8 passed, 0 failed, 4 skipped/);
    // A check that passed claims nothing about what the copy does not have.
    assert.doesNotMatch(result.stdout, /^✔ .*(solution|mutant|ci\.yml|both targets|in Portuguese)/m);
  });
});

describe("npm run export -- --branches", () => {
  const repo = kataRepo();
  /** @param {string[]} args */
  const git = (args) => gitIn(repo, args);
  let printed = "";
  before(() => {
    printed = execFileSync(process.execPath, ["tools/export.mjs", "--branches"], { cwd: repo, encoding: "utf8", env: { ...process.env, ...IDENTITY } });
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it("makes a student branch without solutions, and a solutions branch where each stub is its solution", () => {
    assert.equal(git(["ls-tree", "-r", "--name-only", "refs/heads/student", "--", "solutions"]), "");
    assert.match(git(["show", "refs/heads/student:package.json"]), /"#kata\/\*": "\.\/exercises\/\*\/index\.ts"/);
    assert.equal(git(["show", "refs/heads/solutions:exercises/06-send-recv/index.ts"]), git(["show", "main:solutions/06-send-recv/index.ts"]));
    assert.match(printed, /solutions .*never push it to the repository learners get/);
  });

  it("makes student a root commit, and no object reachable from it holds a solution", () => {
    assert.equal(git(["rev-list", "--parents", "-n", "1", "refs/heads/student"]).split(" ").length, 1, "student has a parent");
    assert.throws(() => git(["rev-parse", "--verify", "--quiet", "refs/heads/student~1"]));
    // Every blob of the solutions, the mutants (patches of them) and the reviewed equivalents (quoting them).
    const secret = git(["ls-tree", "-r", "main", "--", "solutions", "test/mutants", "test/mutation-equivalents.json"])
      .split("\n")
      .map((line) => line.split(/\s+/)[2] ?? "");
    assert.ok(secret.length > 16, "no solution blobs found in main");
    /** @param {string} ref */
    const objects = (ref) => git(["rev-list", "--objects", ref]).split("\n").map((line) => ({ object: line.slice(0, 40), path: line.slice(41) }));
    const student = objects("refs/heads/student");
    assert.deepEqual(student.filter((o) => secret.includes(o.object)), []);
    assert.deepEqual(student.filter((o) => /^(solutions|test\/mutants)(\/|$)|mutation-equivalents/.test(o.path)), []);
    // The same check finds them from the solutions branch, whose history is main's.
    assert.ok(objects("refs/heads/solutions").some((o) => secret.includes(o.object)));
  });

  it("gives student no pre-commit hook", () => {
    assert.equal(git(["ls-tree", "-r", "--name-only", "refs/heads/student", "--", ".husky"]), "");
    assert.doesNotMatch(git(["show", "refs/heads/student:package.json"]), /"prepare"|"lint-staged":\s*\{/);
  });

  it("reads a branch called solutions as a commit, never as the folder solutions/", () => {
    const result = execFileSync(process.execPath, ["tools/export.mjs", "--branches", "--ref", "solutions"], { cwd: repo, encoding: "utf8", env: { ...process.env, ...IDENTITY } });
    assert.match(result, /From solutions \(/);
    assert.equal(git(["rev-list", "--parents", "-n", "1", "refs/heads/student"]).split(" ").length, 1);
  });

  it("leaves the current branch and the working tree alone", () => {
    assert.equal(git(["rev-parse", "--abbrev-ref", "HEAD"]), "main");
    assert.equal(git(["status", "--porcelain"]), "");
  });
});
