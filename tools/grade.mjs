#!/usr/bin/env node
// npm run grade: the instructor's score. Runs every exercise against
// exercises/, each in a process of its own, and writes reports/grade.json,
// reports/junit.xml and reports/grade.md (also appended to
// $GITHUB_STEP_SUMMARY when set; Classroom's command grader does not pass it,
// so its workflow has a step of its own for the summary).
//
//   --min-score N       pass mark, in points (not percent; default: every point)
//   --all-or-nothing    an exercise earns its points only when all its tests pass,
//                       as GitHub Classroom scores (its workflow grades this way)
//                       (default: in proportion to its passing tests; the report
//                       says that Classroom scores all or nothing)
//   --out DIR           where the reports go (default: reports, under --root)
//   --timeout S         seconds one exercise may take (default: 60)
//   --root DIR          the kata to grade (default: this one)
//   --student DIR       grade the exercises/ of another checkout (a student's
//                       repository) against this kata's tests and tools
//   --class DIR         every student repository in DIR, each graded with --student
//   --class-from DIR    the grade.json files in DIR (e.g. Classroom's artifacts), one
//                       folder (or <name>.json) per student; a student without a
//                       report for an exercise is flagged, scored out of every point
//   --jobs N            students at a time (default: the CPU count)
//                       Both class options write class.csv, class.html and
//                       students/<name>/ under --out (default: reports).
//   --help              this text
//   --exercise NN       grade only this exercise (repeatable); the pass mark
//                       is then its points (GitHub Classroom runs one per step)
//
// The learner's code never runs in the kata it is graded in: the kata's own
// files and the learner's exercises/ are copied to a temp directory first
// (tools/lib/trusted.mjs), and whatever the code changes in that copy or in
// the kata (a test, the lock, a tool, a module in node_modules) voids the
// grade, naming the file. On Linux each exercise runs in a PID namespace of
// its own, so nothing it starts outlives it (tools/lib/sweep.mjs).
// CONTRIBUTING.md ("Grading integrity") says what this defends against and
// what it does not.
//
// Exit status: 0 when the score reaches the pass mark, 1 when it does not,
// 2 when grading itself could not run (it says why). With --class or
// --class-from: 0 when the class reports were written (whatever the scores;
// a student who could not be graded is a row that says why), 2 when they
// could not be.
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCommand } from "./lib/args.mjs";
import { changedByAll, changesOutsideExercises, classFromReports, gradeByProcess, gradeClass, progressLine, writeClassReports } from "./lib/class.mjs";
import { buildGrade, exerciseSources, gradeMarkdown, mergeJunit } from "./lib/grading.mjs";
import { acceptedDigests } from "./lib/handout.mjs";
import { LOCK_FILE, differencesFrom, lockDigest } from "./lib/lock.mjs";
import { ROOT, findExercise, loadManifest } from "./lib/manifest.mjs";
import { containmentPrefix, markRun, sweep } from "./lib/sweep.mjs";
import { changes, fingerprint, makeTrustedCopy, removeTrustedCopy } from "./lib/trusted.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));

/**
 * @param {string} message
 * @returns {never}
 */
function cannotGrade(message) {
  console.error(`grading could not run: ${message}`);
  process.exit(2);
}

// --help prints the comment above and exits 0; an unknown option prints it and exits 2.
const { values } = parseCommand({
  options: {
    "min-score": { type: "string" },
    "all-or-nothing": { type: "boolean" },
    out: { type: "string" },
    timeout: { type: "string" },
    root: { type: "string" },
    student: { type: "string" },
    class: { type: "string" },
    "class-from": { type: "string" },
    jobs: { type: "string" },
    exercise: { type: "string", multiple: true },
  },
});
const root = resolve(values.root ?? ROOT);
const out = resolve(root, values.out ?? "reports");
const timeoutMs = Number(values.timeout ?? "60") * 1000;
if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) cannotGrade(`--timeout must be a number of seconds, not ${values.timeout}`);
if (values.class !== undefined || values["class-from"] !== undefined) {
  if (values.class !== undefined && values["class-from"] !== undefined) cannotGrade("--class and --class-from do not go together");
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) cannotGrade(`--jobs must be a whole number of at least 1, not ${values.jobs}`);
  const folder = resolve(values.class ?? values["class-from"] ?? "");
  if (!existsSync(folder)) cannotGrade(`${folder} does not exist`);
  // A report graded with another lock than this kata's (or its hand-out copy's, where Classroom grades) is flagged.
  const lockDigests = acceptedDigests(root);
  /** @type {{ id: string, points: number }[] | undefined} the exercises every student should have a report for */
  let expected;
  try {
    const all = loadManifest(root).exercises;
    const chosen = (values.exercise ?? []).map((q) => findExercise({ exercises: all }, q) ?? cannotGrade(`no exercise "${q}" in kata.json`));
    expected = chosen.length > 0 ? chosen : all;
  } catch (err) {
    cannotGrade(`kata.json could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const students =
    values.class === undefined
      ? classFromReports(folder, { exercises: expected })
      : await gradeClass({
          dir: folder,
          out,
          jobs,
          gradeStudent: gradeByProcess({
            script: fileURLToPath(import.meta.url),
            cwd: root,
            args: [
              "--root",
              root,
              "--timeout",
              String(timeoutMs / 1000),
              ...(values["all-or-nothing"] ? ["--all-or-nothing"] : []),
              ...(values["min-score"] === undefined ? [] : ["--min-score", values["min-score"]]),
              ...(values.exercise ?? []).flatMap((e) => ["--exercise", e]),
            ],
          }),
          onProgress: (progress) => console.log(progressLine(progress)),
          changedFiles: (repo) => changesOutsideExercises(root, repo),
        });
  for (const s of students) {
    if (s.missing) console.log(`${s.name}: no report for ${s.missing.join(", ")} (scored out of every point all the same)`);
    for (const note of s.notes ?? []) console.log(`${s.name}: ${note}`);
  }
  const common = changedByAll(students);
  if (common.length > 0) {
    const shown = `${common.slice(0, 5).join(", ")}${common.length > 5 ? `, and ${common.length - 5} more` : ""}`;
    console.log(`Every repository differs from this checkout outside exercises/ (${shown}): grade from the commit you handed out (README: "GitHub Classroom").`);
  }
  const graded = students.filter((s) => s.grade);
  if (lockDigests.length > 0 && graded.length > 1 && graded.every((s) => s.grade?.lockDigest.split(", ").some((d) => !lockDigests.includes(d)))) {
    console.log(`Every report was graded with another lock than this checkout's (${lockDigests.join(" or ")}): grade from the commit you handed out (README: "GitHub Classroom").`);
  }
  const written = writeClassReports({ out, students, lockDigests });
  console.log(`${graded.length} of ${students.length} graded. Reports: ${relative(process.cwd(), written.csv)}, ${relative(process.cwd(), written.html)}`);
  process.exit(0);
}
const learner = values.student === undefined ? root : resolve(values.student);
if (!existsSync(join(learner, "exercises"))) cannotGrade(`${learner} has no exercises/ folder to grade`);
try {
  createRequire(join(root, "package.json")).resolve("vitest/package.json");
} catch {
  cannotGrade(`Vitest is not installed for ${root}: run npm ci first`);
}

/** @type {import("./lib/manifest.mjs").Manifest} */
let manifest;
try {
  manifest = loadManifest(root);
} catch (err) {
  cannotGrade(`kata.json could not be read: ${err instanceof Error ? err.message : String(err)}`);
}
if (values.exercise && values.exercise.length > 0) {
  const chosen = values.exercise.map((q) => findExercise(manifest, q) ?? cannotGrade(`no exercise "${q}" in kata.json`));
  manifest = { exercises: manifest.exercises.filter((e) => chosen.includes(e)) };
}
const maxScore = manifest.exercises.reduce((sum, e) => sum + e.points, 0);
const minScore = values["min-score"] === undefined ? maxScore : Number(values["min-score"]);
if (!Number.isFinite(minScore)) cannotGrade(`--min-score must be a number, not ${values["min-score"]}`);

// The lock as grading began: the run is judged against it, whatever happens to the file meanwhile
// (a learner's code could delete or rewrite it). Without one, nothing can earn points, and the
// reports say so.
const lockPath = join(root, LOCK_FILE);
const lockText = existsSync(lockPath) ? readFileSync(lockPath, "utf8") : undefined;
/** @type {import("./lib/lock.mjs").Lock | undefined} */
let lock;
try {
  lock = lockText === undefined ? undefined : /** @type {import("./lib/lock.mjs").Lock} */ (JSON.parse(lockText));
} catch {
  lock = undefined;
}
/** @type {{ key: string, expected: string, actual: string }[]} */
const tampered = lock
  ? differencesFrom(lock, root)
  : [{ key: LOCK_FILE, expected: "present and readable", actual: lockText === undefined ? "missing" : "not valid JSON" }];
if (!lock) console.error(`${LOCK_FILE} is ${lockText === undefined ? "missing" : "not valid JSON"}: the tests cannot be trusted without it, so no exercise earns points.`);

// Fingerprints of everything trusted, taken before any learner code runs; then the copy to grade in.
// The JUnit parts go to a directory of their own, outside both.
const outPath = relative(root, out).split(/[\\/]/)[0] ?? "";
const kataBefore = fingerprint(root, { skip: [outPath] });
const copy = makeTrustedCopy(root, learner);
const copyBefore = fingerprint(copy, { modules: false });
const parts = mkdtempSync(join(tmpdir(), "socket-kata-junit-"));
const contain = containmentPrefix();

/**
 * Run one exercise in its own process group: on timeout the whole group is
 * killed, Vitest's worker (where an endless loop spins) included.
 * @param {string} id
 * @returns {Promise<{ id: string, result?: import("./lib/kata.mjs").ExerciseResult, problem?: string }>}
 */
function gradeOne(id) {
  const env = { ...process.env };
  delete env.KATA_TARGET; // always the learner's code
  env.KATA_LANG = "en"; // the reports are in English, whatever the grader's locale
  // The learner's code in a process of its own, apart from the tests and Vitest's reporting (test/support/remote.ts).
  env.KATA_ISOLATE = "1";
  // Every process this exercise's run starts carries the mark, a detached one in a session of its own too.
  const runId = markRun(env);
  const command = [...contain, process.execPath, join(here, "lib", "grade-one.mjs"), copy, id, join(parts, `${id}.xml`)];
  return new Promise((done) => {
    const child = spawn(/** @type {string} */ (command[0]), command.slice(1), {
      cwd: copy,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    let timedOut = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
      sweep(runId);
    }, timeoutMs);
    // Once the test process has exited, nothing of its run may stay (or hold its pipes, which 'close' waits for).
    child.on("exit", () => sweep(runId));
    child.on("close", (code) => {
      clearTimeout(timer);
      killGroup(); // whatever the test process left behind
      sweep(runId);
      const line = stdout.trim().split("\n").at(-1) ?? "";
      try {
        /** @type {unknown} */
        const parsed = JSON.parse(line);
        done({ id, result: /** @type {import("./lib/kata.mjs").ExerciseResult} */ (parsed) });
      } catch {
        const last = stderr.trim().split("\n").at(-1) ?? "no output";
        done({
          id,
          problem: timedOut
            ? `did not finish within ${timeoutMs / 1000} s (an endless loop?)`
            : `its test process ended without a result (exit code ${code ?? "none"}: ${last})`,
        });
      }
    });
  });
}

// Two at a time: this machine's cores; one slow exercise does not hold up the rest.
// Without a lock there is nothing to run: every exercise is graded as tampered.
const ids = lock ? manifest.exercises.map((e) => e.id) : [];
/** @type {Awaited<ReturnType<typeof gradeOne>>[]} */
const outcomes = [];
let next = 0;
await Promise.all(
  [0, 1].map(async () => {
    while (next < ids.length) {
      const id = /** @type {string} */ (ids[next]);
      next += 1;
      outcomes.push(await gradeOne(id));
    }
  }),
);

// What the learner's code changed while it ran: in the copy it ran in (a test, the lock, a tool), or in the kata.
for (const change of [...changes(copyBefore, fingerprint(copy, { modules: false })), ...changes(kataBefore, fingerprint(root, { skip: [outPath] }))]) {
  if (!tampered.some((t) => t.key === change.key)) tampered.push(change);
}

const grade = buildGrade({
  manifest,
  outcomes,
  tampered,
  allOrNothing: Boolean(values["all-or-nothing"]),
  minScore,
  imports: (id) => exerciseSources(copy, id),
  lockDigest: lock ? lockDigest(lock) : "none",
});
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "grade.json"), `${JSON.stringify(grade, null, 2)}\n`);
const markdown = gradeMarkdown(grade);
writeFileSync(join(out, "grade.md"), markdown);
writeFileSync(join(out, "junit.xml"), mergeJunit(grade, (id) => {
  const path = join(parts, `${id}.xml`);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}));
removeTrustedCopy(copy);
rmSync(parts, { recursive: true, force: true });
if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);

console.log(markdown);
console.log(`Reports: ${join(values.out ?? "reports", "grade.json")}, junit.xml, grade.md`);
process.exitCode = grade.passed ? 0 : 1;
