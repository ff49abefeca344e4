// Grading a whole class: every student repository in one folder (GitHub
// Classroom's assistant or `gh classroom clone student-repos` downloads them
// so), each graded against this trusted kata, several at a time; or the
// grade.json files that Classroom runs already wrote, gathered in a folder.
// Either way the result is one row per student, and the class reports
// (tools/lib/class-report.mjs): reports/class.csv and reports/class.html,
// with each student's own grade.md under reports/students/<name>/.
//
// One repository that cannot be graded (no exercises/, a crash, no report)
// is a row that says why, never the end of the run. A row also says what
// the grade does not show: the exercises without a report (--class-from),
// reports of both scoring rules mixed, and (--class) the files outside
// exercises/ that the student's repository changed (their tests, tools and
// workflow are not what --class runs, but they are what Classroom runs).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { classCsv, classHtml } from "./class-report.mjs";
import { gradeMarkdown } from "./grading.mjs";
import { HANDOUT_IMPORTS_HASH, acceptedDigests } from "./handout.mjs";
import { LOCK_FILE, computeLock, hashOf, lockDigest } from "./lock.mjs";
import { CLASSROOM } from "./workflows.mjs";

/**
 * @typedef {import("./grading.mjs").Grade} Grade
 * @typedef {{ name: string, grade?: Grade, problem?: string, missing?: string[], notes?: string[], changed?: string[] }} Student
 *   One row of the class: a student repository (or a folder of its reports)
 *   by its folder's name, with its grade, or the reason it has none;
 *   `missing`: the kata's exercises it has no report for (--class-from);
 *   `notes`: what else the instructor should know (reports of both scoring rules);
 *   `changed`: files outside exercises/ that differ from the kata's (--class).
 * @typedef {(repoDir: string, outDir: string) => Promise<Grade | { problem: string }>} GradeStudent
 */

/** Where each student's reports go, under the class's reports folder. @param {string} out @param {string} name */
export const studentOut = (out, name) => join(out, "students", name);

/** Entries a class folder may hold besides the repositories: hidden ones (.git, .DS_Store). @param {string} name */
const ignored = (name) => name.startsWith(".");

/**
 * Whether a value read from a file or returned by a grader is a grade.
 * @param {unknown} value
 * @returns {value is Grade}
 */
export function isGrade(value) {
  if (!value || typeof value !== "object") return false;
  const g = /** @type {Record<string, unknown>} */ (value);
  return g.schema === "socket-kata/grade@1" && typeof g.score === "number" && typeof g.maxScore === "number" && Array.isArray(g.exercises);
}

/** @param {unknown} err */
const messageOf = (err) => (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";

/**
 * Grade every student repository under `dir`, at most `jobs` at a time.
 * A repository is a folder with an `exercises/` folder; any other entry
 * (but hidden ones) is a row saying why it was not graded.
 * @param {{
 *   dir: string,
 *   out: string,
 *   jobs?: number,
 *   gradeStudent: GradeStudent,
 *   onProgress?: (progress: { done: number, total: number, student: Student }) => void,
 *   changedFiles?: (repo: string) => string[],
 * }} options `changedFiles`: what the repository changed outside exercises/ (changesOutsideExercises), for its row
 * @returns {Promise<Student[]>} in the order of their names
 */
export async function gradeClass({ dir, out, jobs = availableParallelism(), gradeStudent, onProgress, changedFiles }) {
  const names = readdirSync(dir)
    .filter((name) => !ignored(name) && resolve(dir, name) !== resolve(out))
    .sort();
  /** @type {Student[]} */
  const students = names.map((name) => ({ name }));
  let next = 0;
  let done = 0;
  /** @param {string} name @returns {Promise<Student>} */
  const one = async (name) => {
    const repo = join(dir, name);
    let isDir;
    try {
      isDir = statSync(repo).isDirectory();
    } catch (err) {
      return { name, problem: `could not be read: ${messageOf(err)}` };
    }
    if (!isDir) return { name, problem: "not a folder (a student repository is a folder)" };
    if (!existsSync(join(repo, "exercises"))) return { name, problem: "no exercises/ folder: not a checkout of the kata" };
    const outDir = studentOut(out, name);
    try {
      rmSync(outDir, { recursive: true, force: true });
      mkdirSync(outDir, { recursive: true });
      const graded = await gradeStudent(repo, outDir);
      const changed = changedFiles?.(repo) ?? [];
      if (isGrade(graded)) return { name, grade: graded, ...(changed.length > 0 ? { changed } : {}) };
      const problem = graded && typeof graded === "object" && "problem" in graded ? String(graded.problem) : "";
      return { name, problem: problem || "grading gave no grade" };
    } catch (err) {
      return { name, problem: `grading failed: ${messageOf(err)}` };
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(jobs) || 1, names.length));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < names.length) {
        const index = next;
        next += 1;
        const student = await one(/** @type {string} */ (names[index]));
        students[index] = student;
        done += 1;
        onProgress?.({ done, total: names.length, student });
      }
    }),
  );
  return students;
}

/**
 * A gradeStudent that runs a grader process per student: `node <script>
 * --student <repo> --out <outDir> ...args`, then reads <outDir>/grade.json.
 * Exit 0 or 1 with a grade.json is a grade; anything else is a problem,
 * in the grader's own last words.
 * @param {{ script: string, args?: string[], cwd?: string }} options
 * @returns {GradeStudent}
 */
export function gradeByProcess({ script, args = [], cwd }) {
  return (repo, outDir) =>
    new Promise((done) => {
      // Each student's table goes to their grade.md, not to the job summary of a class run.
      const env = { ...process.env };
      delete env.GITHUB_STEP_SUMMARY;
      const child = spawn(process.execPath, [script, "--student", repo, "--out", outDir, ...args], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += String(chunk)));
      child.on("error", (err) => done({ problem: `the grader did not start: ${messageOf(err)}` }));
      child.on("close", (code) => {
        const last = stderr.trim().split("\n").at(-1) ?? "";
        const file = join(outDir, "grade.json");
        if ((code === 0 || code === 1) && existsSync(file)) {
          try {
            /** @type {unknown} */
            const parsed = JSON.parse(readFileSync(file, "utf8"));
            if (isGrade(parsed)) return done(parsed);
          } catch {
            // said below
          }
        }
        done({ problem: last ? last.replace(/^grading could not run: /, "") : `the grader ended with exit code ${code ?? "none"} and no grade.json` });
      });
    });
}

/**
 * Every grade.json under a folder, at most `depth` folders down.
 * @param {string} dir
 * @param {number} depth
 * @returns {string[]}
 */
function gradeFiles(dir, depth = 4) {
  /** @type {string[]} */
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (ignored(entry.name)) continue;
    if (entry.isFile() && entry.name === "grade.json") found.push(join(dir, entry.name));
    else if (entry.isDirectory() && depth > 0) found.push(...gradeFiles(join(dir, entry.name), depth - 1));
  }
  return found;
}

/**
 * One grade from several (a Classroom run grades each exercise in a step of
 * its own, so each writes a grade.json of one exercise): each exercise from
 * its latest report, the totals summed again.
 * @param {Grade[]} grades
 * @returns {Grade}
 */
export function mergeGrades(grades) {
  const [first] = grades;
  if (!first) throw new Error("no grade to merge");
  if (grades.length === 1) return first;
  const latest = [...grades].sort((a, b) => a.generatedAt.localeCompare(b.generatedAt));
  /** @type {Map<string, import("./grading.mjs").GradedExercise>} */
  const byId = new Map();
  for (const g of latest) for (const e of g.exercises) byId.set(e.id, e);
  const exercises = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  const score = Math.round(exercises.reduce((sum, e) => sum + e.earned, 0) * 100) / 100;
  const minScore = grades.reduce((sum, g) => sum + g.minScore, 0);
  /** @type {Map<string, Grade["tampered"][number]>} */
  const tampered = new Map();
  for (const g of latest) for (const t of g.tampered) tampered.set(t.file, t);
  const modes = new Set(grades.map((g) => g.mode));
  return {
    schema: "socket-kata/grade@1",
    generatedAt: latest.at(-1)?.generatedAt ?? first.generatedAt,
    mode: modes.size === 1 ? first.mode : "proportional",
    score,
    maxScore: exercises.reduce((sum, e) => sum + e.points, 0),
    minScore,
    passed: score + 1e-9 >= minScore,
    lockDigest: [...new Set(grades.map((g) => g.lockDigest))].join(", "),
    tampered: [...tampered.values()],
    exercises,
  };
}

/** What a folder without a report says: the usual causes. */
export const NO_REPORT = "no report: no grade.json here (no Classroom run yet, one still running, or its artifact expired)";

/**
 * The class from grade reports already written (`--class-from`): each entry
 * of `dir` is a student, either a folder holding one or more grade.json
 * (a Classroom run's reports/NN-name/grade.json, or `npm run grade`'s
 * reports/grade.json), merged, or a file `<name>.json` that is a grade.json.
 * With `exercises` (the kata's), a student without a report for some of them
 * has them in `missing` and is scored out of the kata's points (and has not
 * passed); reports of both scoring rules merged are noted.
 * @param {string} dir
 * @param {{ exercises?: { id: string, points: number }[] }} [options]
 * @returns {Student[]}
 */
export function classFromReports(dir, { exercises } = {}) {
  return readdirSync(dir)
    .filter((name) => !ignored(name))
    .sort()
    .map((entry) => {
      const path = join(dir, entry);
      const isFile = statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
      const name = isFile ? basename(entry, ".json") : entry;
      if (isFile && !entry.endsWith(".json")) return { name: entry, problem: "not a grade.json (a student is a folder of reports, or a .json file)" };
      const files = isFile ? [path] : gradeFiles(path);
      if (files.length === 0) return { name, problem: NO_REPORT };
      /** @type {Grade[]} */
      const grades = [];
      for (const file of files) {
        try {
          /** @type {unknown} */
          const parsed = JSON.parse(readFileSync(file, "utf8"));
          if (!isGrade(parsed)) return { name, problem: `${relative(dir, file)} is not a socket-kata grade report` };
          grades.push(parsed);
        } catch (err) {
          return { name, problem: `${relative(dir, file)} could not be read: ${messageOf(err)}` };
        }
      }
      const grade = mergeGrades(grades);
      const modes = [...new Set(grades.map((g) => g.mode))].sort();
      const notes = modes.length > 1 ? [`reports of both scoring rules merged (${modes.join(" and ")}): the score mixes them`] : [];
      const present = new Set(grade.exercises.map((e) => e.id));
      const missing = (exercises ?? []).filter((e) => !present.has(e.id)).map((e) => e.id);
      if (missing.length > 0 && exercises) {
        grade.maxScore = exercises.reduce((sum, e) => sum + e.points, 0);
        grade.passed = false;
      }
      return { name, grade, ...(missing.length > 0 ? { missing } : {}), ...(notes.length > 0 ? { notes } : {}) };
    });
}

/** A file's text with CRLF line ends read as LF (a Windows checkout), or undefined when it is not there. @param {string} path */
const textOf = (path) => (existsSync(path) && statSync(path).isFile() ? readFileSync(path, "utf8").replaceAll("\r\n", "\n") : undefined);

/** Every file under `dir`, relative and "/"-separated. @param {string} dir @param {string} [prefix] @returns {string[]} */
function filesUnder(dir, prefix = "") {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : entry.isFile() ? [`${prefix}${entry.name}`] : [],
  );
}

/**
 * The files outside exercises/ in which a student's repository differs from
 * the kata, for the instructor's information (the grade of --class runs the
 * kata's own, so it is not affected): what grading.lock.json covers (the
 * tests, test/support/, kata.json, vitest.config.ts, package.json's
 * `imports`, where a hand-out copy's map counts as unchanged), the lock
 * itself, package.json's `grade` script, the grading tools (tools/) and the
 * Classroom workflow: what a Classroom run in that repository runs instead.
 * @param {string} kata the trusted kata's checkout
 * @param {string} repo the student's repository
 * @returns {string[]} sorted paths ("package.json" for its imports or grade script)
 */
export function changesOutsideExercises(kata, repo) {
  /** @type {Set<string>} */
  const changed = new Set();
  /** @param {string} key @param {string} root */
  const hash = (key, root) => {
    try {
      return hashOf(key, root);
    } catch {
      return "unreadable";
    }
  };
  for (const [key, expected] of Object.entries(computeLock(kata).files)) {
    const actual = hash(key, repo);
    if (actual === expected || (key === "package.json#imports" && actual === HANDOUT_IMPORTS_HASH)) continue;
    changed.add(key === "package.json#imports" ? "package.json" : key);
  }
  /** @param {string} root */
  const gradeScript = (root) => {
    try {
      /** @type {unknown} */
      const raw = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
      return /** @type {{ scripts?: Record<string, string> }} */ (raw).scripts?.grade;
    } catch {
      return undefined;
    }
  };
  if (gradeScript(repo) !== gradeScript(kata)) changed.add("package.json");
  try {
    /** @type {unknown} */
    const raw = JSON.parse(readFileSync(join(repo, LOCK_FILE), "utf8"));
    if (!acceptedDigests(kata).includes(lockDigest(/** @type {import("./lock.mjs").Lock} */ (raw)))) changed.add(LOCK_FILE);
  } catch {
    changed.add(LOCK_FILE);
  }
  const kept = [...new Set([...filesUnder(join(kata, "tools"), "tools/"), ...filesUnder(join(repo, "tools"), "tools/"), CLASSROOM])];
  for (const file of kept) if (textOf(join(kata, file)) !== textOf(join(repo, file))) changed.add(file);
  return [...changed].sort();
}

/**
 * The files outside exercises/ that every graded repository (two or more)
 * changed: more likely this checkout moved on since the hand-out was made
 * than a class of cheats.
 * @param {Student[]} students
 * @returns {string[]}
 */
export function changedByAll(students) {
  const graded = students.filter((s) => s.grade);
  if (graded.length < 2) return [];
  const [first, ...rest] = graded.map((s) => new Set(s.changed ?? []));
  return [...(first ?? [])].filter((file) => rest.every((set) => set.has(file))).sort();
}

/**
 * Write the class reports into `out`: class.csv, class.html, and for each
 * graded student students/<name>/grade.md (from its grade, so a student
 * merged from several reports has one page), replacing what an earlier run
 * wrote there.
 * @param {{ out: string, students: Student[], now?: Date, lockDigests?: string[] }} options
 *   `lockDigests`: the trusted lock's and its hand-out copy's (acceptedDigests); a student graded with another is flagged.
 * @returns {{ csv: string, html: string }} the paths written
 */
export function writeClassReports({ out, students, now = new Date(), lockDigests }) {
  mkdirSync(out, { recursive: true });
  for (const s of students) {
    if (!s.grade) continue;
    // Always from this run's grade (--class wrote the same page; --class-from run again must not keep an older one).
    const md = join(studentOut(out, s.name), "grade.md");
    mkdirSync(studentOut(out, s.name), { recursive: true });
    writeFileSync(md, gradeMarkdown(s.grade));
  }
  const csv = join(out, "class.csv");
  const html = join(out, "class.html");
  writeFileSync(csv, classCsv(students, lockDigests ? { lockDigests } : {}));
  writeFileSync(html, classHtml(students, { now, ...(lockDigests ? { lockDigests } : {}) }));
  return { csv, html };
}

/**
 * The progress line while a class is graded.
 * @param {{ done: number, total: number, student: Student }} progress
 */
export function progressLine({ done, total, student }) {
  const what = student.grade ? `${student.grade.score} / ${student.grade.maxScore}` : `not graded: ${student.problem ?? "?"}`;
  return `[${String(done).padStart(String(total).length)}/${total}] ${student.name}: ${what}`;
}
