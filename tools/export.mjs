#!/usr/bin/env node
// npm run export -- <dir>: write a hand-out copy of the kata to <dir>:
// everything a learner needs, and nothing that points at the reference
// solutions (no solutions/, no mutants or equivalent mutants, no solutions type-check, no
// `--solution` in the docs), and no pre-commit hook (no husky, no lint-staged:
// a learner commits work in progress). Its grading.lock.json is recorded afresh.
//
// npm run export -- --branches: in this git repository, create (or move)
// two branches without touching the working tree or the current branch:
// `student` (the hand-out copy, a root commit: no history that leads back
// to the solutions) and `solutions` (the full kata with every stub replaced
// by its reference solution: `npm test` is green there).
//
//   --ref REV   the commit to export (default: HEAD). The copy is always
//               made from a commit, never from the working tree: uncommitted
//               changes and untracked files stay out of it.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { HANDOUT_IMPORTS } from "./lib/handout.mjs";
import { computeLock, lockDigest, writeLock } from "./lib/lock.mjs";
import { ROOT, loadManifest, pathsOf } from "./lib/manifest.mjs";
import { parseCommand } from "./lib/args.mjs";

/** Paths (relative, "/"-separated) left out of a hand-out copy. */
const LEFT_OUT = [
  /^solutions\//,
  /^test\/mutants\//,
  /^test\/mutation-equivalents\.json$/,
  /^tsconfig\.solutions\.json$/,
  /^CONTRIBUTING\.md$/,
  /^\.husky\//, // the maintainers' pre-commit hook: learners commit work in progress
  // The maintainers' CI (verify on 3 systems × 3 Nodes): in a learner's repository it would fail
  // every push once an exercise is solved (a stub no longer fails) and spend Actions minutes.
  // classroom.yml, the grading, stays.
  /^\.github\/workflows\/ci\.yml$/,
];

/**
 * @param {string[]} args
 * @param {string} [cwd]
 * @param {NodeJS.ProcessEnv} [env]
 */
const git = (args, cwd = ROOT, env = process.env) => execFileSync("git", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

/**
 * The full commit id of a revision (HEAD by default). `^{commit}` and
 * `--end-of-options` keep git from reading a name such as `solutions` as a path.
 * @param {string} [ref]
 */
export function commitOf(ref = "HEAD") {
  try {
    return git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  } catch {
    throw new Error(`${ref} is not a commit of the git repository at ${ROOT} (the export is made from a commit, never from the working tree)`);
  }
}

/**
 * Write the files of `commit` whose path `keep` accepts under `out`, as git
 * stores them (file modes included), whatever the working tree holds.
 * @param {string} commit
 * @param {string} out
 * @param {(path: string) => boolean} [keep]
 */
function writeCommit(commit, out, keep = () => true) {
  const entries = git(["ls-tree", "-r", "-z", "--full-tree", commit])
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta = "", path = ""] = line.split("\t");
      const [mode = "", type = "", object = ""] = meta.split(" ");
      return { mode, type, object, path };
    })
    .filter((e) => e.type === "blob" && e.mode !== "120000" && keep(e.path));
  // Every blob in one `git cat-file --batch`: "<id> blob <size>\n<bytes>\n" each, in order.
  const batch = execFileSync("git", ["cat-file", "--batch"], { cwd: ROOT, input: entries.map((e) => `${e.object}\n`).join(""), maxBuffer: 1 << 30 });
  let at = 0;
  for (const entry of entries) {
    const newline = batch.indexOf(10, at);
    const size = Number(batch.subarray(at, newline).toString("latin1").split(" ")[2]);
    const target = join(out, entry.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, batch.subarray(newline + 1, newline + 1 + size));
    if (entry.mode === "100755") chmodSync(target, 0o755);
    at = newline + 1 + size + 1;
  }
}

/** The README sections an instructor reads in the hand-out copy, in each README's language. */
const INSTRUCTORS = {
  "README.md": `
## About this copy (for instructors)

This is a hand-out copy of socket-kata, made with \`npm run export\` from
one commit of the kata: the exercises, their tests and docs, the learner
tools and the grader, without the reference solutions. In it, \`npm install
&& npm test\` shows every exercise failing with "not implemented", and \`npm
run grade\` scores a learner's work. \`npm run verify\` checks the copy is
whole (the checks that need the solutions say they were skipped). There is
no pre-commit hook: learners commit and push work in progress.

To run a GitHub Classroom assignment from it: push it to a repository of
your organisation, mark it as a template, create the assignment from it with
GitHub Actions autograding, and add no tests of your own:
\`.github/workflows/classroom.yml\` grades each exercise for its points, all
or nothing (see "GitHub Classroom" above).
Keep \`grading.lock.json\`'s digest from the moment you publish (it is
printed by \`npm run export\`, and every grade report repeats it): a report
with another digest comes from a copy whose tests were changed.
Grade a class from a clone of this repository as you published it (\`npm
ci\` first): its tests, lock and tools are the ones your learners got.
`,
  "README.pt.md": `
## Sobre esta cópia (para docentes)

Esta é uma cópia para distribuir do socket-kata, feita com \`npm run
export\` a partir de um commit do kata: os exercícios, os testes e a
documentação, as ferramentas de quem aprende e o avaliador, sem as soluções
de referência. Nela, \`npm install && npm test\` mostra todos os exercícios a
falhar com "not implemented", e \`npm run grade\` avalia o trabalho de quem
aprende. O \`npm run verify\` confirma que a cópia está inteira (as
verificações que precisam das soluções dizem que foram saltadas). Não há
hook de pre-commit: quem aprende faz commit e push de trabalho a meio.

Para uma tarefa do GitHub Classroom: publica-a num repositório da tua
organização, marca-o como template, cria a tarefa a partir dele com
avaliação automática por GitHub Actions e não juntes testes teus: o
\`.github/workflows/classroom.yml\` avalia cada exercício pelos seus pontos,
tudo ou nada (ver "GitHub Classroom" acima).
Guarda o digest do \`grading.lock.json\` do momento em que publicas (o \`npm
run export\` mostra-o e cada relatório de avaliação repete-o): um relatório
com outro digest vem de uma cópia cujos testes foram alterados.
Avalia uma turma a partir de um clone deste repositório tal como o
publicaste (primeiro \`npm ci\`): os testes, o lock e as ferramentas são os
que quem aprende recebeu.
`,
};

/**
 * Where to grade from, in the copy's "GitHub Classroom" section (the kata's own text names a tag
 * of the kata, which the copy does not hold; the grader's warnings send the reader there).
 */
const GRADE_FROM = {
  "README.md": `Grade later from a clone of this repository as you published it (then
\`npm ci\`): it has the tests, lock and tools your learners got. A clone
whose tests changed since judges by the new tests, and its class reports
flag every Classroom report as graded with another lock (\`--class\` and
\`--class-from\` say so when every student differs from it).
`,
  "README.pt.md": `Avalia mais tarde a partir de um clone deste repositório tal como o
publicaste (e depois \`npm ci\`): tem os testes, o lock e as ferramentas que
quem aprende recebeu. Um clone cujos testes mudaram entretanto julga pelos
testes novos, e os relatórios da turma assinalam todos os relatórios do
Classroom como avaliados com outro lock (o \`--class\` e o \`--class-from\`
avisam quando todos os alunos diferem dele).
`,
};

/**
 * Write the hand-out copy of `commit` (HEAD by default) to `out`.
 * @param {string} out
 * @param {string} [commit]
 */
export function exportCopy(out, commit = commitOf()) {
  if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} exists and is not empty`);
  writeCommit(commit, out, (file) => !LEFT_OUT.some((re) => re.test(file)));
  // package.json: #kata points at exercises/ only; no script that needs the solutions; no
  // pre-commit hook (husky installs none without its prepare script, lint-staged has no config).
  // Their packages stay in devDependencies, so that package-lock.json still matches and npm ci works.
  /** @type {unknown} */
  const raw = JSON.parse(readFileSync(join(out, "package.json"), "utf8"));
  const pkg = /** @type {{ imports?: unknown, scripts?: Record<string, string>, "lint-staged"?: unknown }} */ (raw);
  pkg.imports = HANDOUT_IMPORTS;
  if (pkg.scripts) {
    delete pkg.scripts["test:solutions"];
    delete pkg.scripts.soak;
    delete pkg.scripts.mutation; // mutation testing mutates the solutions
    delete pkg.scripts.prepare;
    // The second type-check is of the tests against solutions/ (tsconfig.solutions.json, left out).
    if (pkg.scripts.typecheck) pkg.scripts.typecheck = "tsc -p tsconfig.json";
  }
  delete pkg["lint-staged"];
  writeFileSync(join(out, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  // Docs: no reference solutions to point at.
  for (const readme of /** @type {const} */ (["README.md", "README.pt.md"])) {
    const path = join(out, readme);
    let text = readFileSync(path, "utf8");
    text = text
      .replace(/\n## (Reference solutions|Soluções de referência)\n[\s\S]*?(?=\n## )/, "\n")
      .replace(/\n## (For maintainers|Para quem mantém o kata)\n[\s\S]*?(?=\n## )/, "\n")
      .replace(/\n### (A copy to hand out|Uma cópia para distribuir)\n[\s\S]*?(?=\n### )/, "\n")
      // What is not in this copy: the branches of --branches, the kata's commit to grade from (a clone of the copy instead), the maintainers' CI.
      .replace(/\n {0,3}(With|Com) `--branches`[\s\S]*?\n(?=\n)/, "")
      .replace(/\n(Grade later from the kata|Avalia mais tarde a partir do kata)[\s\S]*?\n(?=\n)/, `\n${GRADE_FROM[readme]}`)
      .replace(/\n(The maintainers' CI|A CI de quem mantém o kata)[\s\S]*?\n(?=\n)/, "")
      .replace(/^.*--solution.*\n/gm, "")
      .replace(/ and names the reference solution to compare\s+with;/, ";")
      .replace(/ e\s+indica a solução de referência com que podes comparar;/, ";")
      .replace(/\n## (Licence|Licença)\n/, (heading) => `${INSTRUCTORS[readme]}${heading}`);
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
 * @param {string[]} parents none: a root commit, with no history
 */
function commitDirectory(dir, branch, message, parents) {
  const index = join(mkdtempSync(join(tmpdir(), "kata-index-")), "index");
  const env = { ...process.env, GIT_INDEX_FILE: index, GIT_WORK_TREE: dir };
  try {
    git(["add", "-A", "--", "."], dir, { ...env, GIT_DIR: git(["rev-parse", "--absolute-git-dir"]) });
    const tree = git(["write-tree"], ROOT, env);
    const commit = git(["commit-tree", tree, ...parents.flatMap((p) => ["-p", p]), "-m", message], ROOT, env);
    git(["update-ref", `refs/heads/${branch}`, commit]); // the full ref name: never read as a path
    return commit;
  } finally {
    rmSync(dirname(index), { recursive: true, force: true });
  }
}

/** @param {string} commit */
function exportBranches(commit) {
  const work = mkdtempSync(join(tmpdir(), "kata-branches-"));
  try {
    const student = join(work, "student");
    const lock = exportCopy(student, commit);
    // A root commit: `student~1` does not exist, so no history leads a learner to the solutions.
    const studentCommit = commitDirectory(student, "student", "Hand-out copy: the kata without its solutions (npm run export -- --branches)", []);
    const solved = join(work, "solutions");
    writeCommit(commit, solved);
    for (const { id } of loadManifest(solved).exercises) cpSync(join(solved, pathsOf(id).solution), join(solved, pathsOf(id).stub));
    const solutionsCommit = commitDirectory(solved, "solutions", "Every stub replaced by its reference solution (npm run export -- --branches)", [commit]);
    return { studentCommit, solutionsCommit, lock };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** What the working tree holds that the commit does not (the copy leaves it out), or "". */
function uncommitted() {
  try {
    return git(["status", "--porcelain"]);
  } catch {
    return "";
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const { values, positionals } = parseCommand({ allowPositionals: true, options: { branches: { type: "boolean" }, ref: { type: "string" } } });
  try {
    const commit = commitOf(values.ref ?? "HEAD");
    const from = `${values.ref ?? "HEAD"} (${commit.slice(0, 12)})`;
    if (values.branches) {
      const { studentCommit, solutionsCommit, lock } = exportBranches(commit);
      console.log(`From ${from}:`);
      console.log(`student   ${studentCommit.slice(0, 12)}  the hand-out copy, a root commit (grading.lock.json digest ${lockDigest(lock)})`);
      console.log(`solutions ${solutionsCommit.slice(0, 12)}  every stub replaced by its solution: never push it to the repository learners get`);
    } else {
      const target = positionals[0];
      if (!target) throw new Error("usage: npm run export -- <dir> [--ref REV] | --branches [--ref REV]");
      const lock = exportCopy(resolve(target), commit);
      console.log(`Hand-out copy of ${from} written to ${target}: ${Object.keys(lock.files).length} files locked, grading.lock.json digest ${lockDigest(lock)}.`);
    }
    if (values.ref === undefined && uncommitted() !== "") {
      console.log("The working tree has uncommitted changes or untracked files: they are not in the export, which holds HEAD as committed.");
    }
  } catch (err) {
    console.error(`export failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  }
}
