#!/usr/bin/env node
// npm run export -- <dir>: write a hand-out copy of the kata to <dir>:
// everything a learner needs, and nothing that points at the reference
// solutions (no solutions/, no mutants or equivalent mutants, no solutions type-check, no
// `--solution` in the docs). Its grading.lock.json is recorded afresh.
//
// npm run export -- --branches: in this git repository, create (or move)
// two branches without touching the working tree or the current branch:
// `student` (the hand-out copy) and `solutions` (the full kata with every
// stub replaced by its reference solution: `npm test` is green there).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { computeLock, lockDigest, writeLock } from "./lib/lock.mjs";
import { ROOT, loadManifest, pathsOf } from "./lib/manifest.mjs";
import { parseCommand } from "./lib/args.mjs";

/** Paths (relative, "/"-separated) left out of a hand-out copy. */
const LEFT_OUT = [/^solutions\//, /^test\/mutants\//, /^test\/mutation-equivalents\.json$/, /^tsconfig\.solutions\.json$/, /^CONTRIBUTING\.md$/];

/**
 * @param {string[]} args
 * @param {string} [cwd]
 * @param {NodeJS.ProcessEnv} [env]
 */
const git = (args, cwd = ROOT, env = process.env) => execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();

/** The kata's files: what git tracks, or every file but the generated ones outside git. */
function kataFiles() {
  try {
    return git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]).split("\0").filter(Boolean);
  } catch {
    return readdirSync(ROOT, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(ROOT, join(d.parentPath, d.name)).replaceAll("\\", "/"))
      .filter((p) => !/^(node_modules|reports|\.kata|\.git)\//.test(p));
  }
}

/** The README section an instructor reads in the hand-out copy. */
const INSTRUCTORS = `
## About this copy (for instructors)

This is a hand-out copy of socket-kata, made with \`npm run export\`: the
exercises, their tests and docs, the learner tools and the grader, without
the reference solutions. In it, \`npm install && npm test\` shows every
exercise failing with "not implemented", and \`npm run grade\` scores a
learner's work. \`npm run verify\` checks the copy is whole (the checks that
need the solutions say they were skipped).

To run a GitHub Classroom assignment from it: push it to a repository of
your organisation, mark it as a template, create the assignment from it with
GitHub Actions autograding, and add no tests of your own:
\`.github/workflows/classroom.yml\` grades each exercise for its points.
Keep \`grading.lock.json\`'s digest from the moment you publish (it is
printed by \`npm run export\`, and every grade report repeats it): a report
with another digest comes from a copy whose tests were changed.
`;

/**
 * Write the hand-out copy to `out`.
 * @param {string} out
 */
export function exportCopy(out) {
  if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} exists and is not empty`);
  for (const file of kataFiles()) {
    if (LEFT_OUT.some((re) => re.test(file)) || !existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(out, file)), { recursive: true });
    cpSync(join(ROOT, file), join(out, file));
  }
  // package.json: #kata points at exercises/ only; no script that needs the solutions.
  /** @type {unknown} */
  const raw = JSON.parse(readFileSync(join(out, "package.json"), "utf8"));
  const pkg = /** @type {{ imports?: unknown, scripts?: Record<string, string> }} */ (raw);
  pkg.imports = { "#kata/*": "./exercises/*/index.ts" };
  if (pkg.scripts) {
    delete pkg.scripts["test:solutions"];
    delete pkg.scripts.soak;
  }
  writeFileSync(join(out, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  // Docs: no reference solutions to point at.
  for (const readme of ["README.md", "README.pt.md"]) {
    const path = join(out, readme);
    let text = readFileSync(path, "utf8");
    text = text
      .replace(/\n## (Reference solutions|Soluções de referência)\n[\s\S]*?(?=\n## )/, "\n")
      .replace(/\n## (For maintainers|Para quem mantém o kata)\n[\s\S]*?(?=\n## )/, "\n")
      .replace(/\n### A copy to hand out\n[\s\S]*?(?=\n### )/, "\n")
      .replace(/^.*--solution.*\n/gm, "")
      .replace(/ and names the reference solution to compare\s+with;/, ";")
      .replace(/ e\s+indica a solução de referência com que podes comparar;/, ";");
    if (readme === "README.md") text = text.replace(/\n## Licence\n/, `${INSTRUCTORS}\n## Licence\n`);
    writeFileSync(path, text);
  }
  for (const { id } of loadManifest(out).exercises) {
    for (const readme of [pathsOf(id).readme, pathsOf(id).readmePt]) {
      const path = join(out, readme);
      const text = readFileSync(path, "utf8")
        .replace(" (add `--solution` for the reference one)", "")
        .replace(" (junta `--solution` para o de referência)", "");
      writeFileSync(path, text);
    }
  }
  writeLock(out);
  return computeLock(out);
}

/**
 * Commit the tree of directory `dir` on `branch` (created or moved), leaving
 * the working tree, the index and the current branch alone.
 * @param {string} dir
 * @param {string} branch
 * @param {string} message
 */
function commitDirectory(dir, branch, message) {
  const index = join(mkdtempSync(join(tmpdir(), "kata-index-")), "index");
  const env = { ...process.env, GIT_INDEX_FILE: index, GIT_WORK_TREE: dir };
  try {
    git(["add", "-A", "--", "."], dir, { ...env, GIT_DIR: git(["rev-parse", "--absolute-git-dir"]) });
    const tree = git(["write-tree"], ROOT, env);
    const head = git(["rev-parse", "HEAD"]);
    const commit = git(["commit-tree", tree, "-p", head, "-m", message], ROOT, env);
    git(["update-ref", `refs/heads/${branch}`, commit]);
    return commit;
  } finally {
    rmSync(dirname(index), { recursive: true, force: true });
  }
}

function exportBranches() {
  const work = mkdtempSync(join(tmpdir(), "kata-branches-"));
  try {
    const student = join(work, "student");
    const lock = exportCopy(student);
    const studentCommit = commitDirectory(student, "student", "Hand-out copy: the kata without its solutions (npm run export -- --branches)");
    const solved = join(work, "solutions");
    for (const file of kataFiles()) {
      if (!existsSync(join(ROOT, file))) continue;
      mkdirSync(dirname(join(solved, file)), { recursive: true });
      cpSync(join(ROOT, file), join(solved, file));
    }
    for (const { id } of loadManifest().exercises) cpSync(join(ROOT, pathsOf(id).solution), join(solved, pathsOf(id).stub));
    const solutionsCommit = commitDirectory(solved, "solutions", "Every stub replaced by its reference solution (npm run export -- --branches)");
    return { studentCommit, solutionsCommit, lock };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const { values, positionals } = parseCommand({ allowPositionals: true, options: { branches: { type: "boolean" } } });
  try {
    if (values.branches) {
      const { studentCommit, solutionsCommit, lock } = exportBranches();
      console.log(`student   ${studentCommit.slice(0, 12)}  the hand-out copy (grading.lock.json digest ${lockDigest(lock)})`);
      console.log(`solutions ${solutionsCommit.slice(0, 12)}  every stub replaced by its solution`);
    } else {
      const target = positionals[0];
      if (!target) throw new Error("usage: npm run export -- <dir> | --branches");
      const lock = exportCopy(resolve(target));
      console.log(`Hand-out copy written to ${target}: ${Object.keys(lock.files).length} files locked, grading.lock.json digest ${lockDigest(lock)}.`);
    }
  } catch (err) {
    console.error(`export failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  }
}
