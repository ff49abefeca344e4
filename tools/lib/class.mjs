// Grading a whole class: every student repository in one folder (GitHub
// Classroom's assistant or `gh classroom clone student-repos` downloads them
// so), each graded against this trusted kata, several at a time; or the
// grade.json files that Classroom runs already wrote, gathered in a folder.
// Either way the result is one row per student, and the class reports
// (tools/lib/class-report.mjs): reports/class.csv and reports/class.html,
// with each student's own grade.md under reports/students/<name>/.
//
// One repository that cannot be graded (no exercises/, a crash, no report)
// is a row that says why, never the end of the run.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { classCsv, classHtml } from "./class-report.mjs";
import { gradeMarkdown } from "./grading.mjs";

/**
 * @typedef {import("./grading.mjs").Grade} Grade
 * @typedef {{ name: string, grade?: Grade, problem?: string }} Student
 *   One row of the class: a student repository (or a folder of its reports)
 *   by its folder's name, with its grade, or the reason it has none.
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
 * }} options
 * @returns {Promise<Student[]>} in the order of their names
 */
export async function gradeClass({ dir, out, jobs = availableParallelism(), gradeStudent, onProgress }) {
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
      if (isGrade(graded)) return { name, grade: graded };
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

/**
 * The class from grade reports already written (`--class-from`): each entry
 * of `dir` is a student, either a folder holding one or more grade.json
 * (a Classroom run's reports/NN-name/grade.json, or `npm run grade`'s
 * reports/grade.json), merged, or a file `<name>.json` that is a grade.json.
 * @param {string} dir
 * @returns {Student[]}
 */
export function classFromReports(dir) {
  return readdirSync(dir)
    .filter((name) => !ignored(name))
    .sort()
    .map((entry) => {
      const path = join(dir, entry);
      const isFile = statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
      const name = isFile ? basename(entry, ".json") : entry;
      if (isFile && !entry.endsWith(".json")) return { name: entry, problem: "not a grade.json (a student is a folder of reports, or a .json file)" };
      const files = isFile ? [path] : gradeFiles(path);
      if (files.length === 0) return { name, problem: "no grade.json in this folder" };
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
      return { name, grade: mergeGrades(grades) };
    });
}

/**
 * Write the class reports into `out`: class.csv, class.html, and for each
 * graded student without one, students/<name>/grade.md (from its grade, so
 * a student merged from several reports has one page).
 * @param {{ out: string, students: Student[], now?: Date, lockDigest?: string }} options
 *   `lockDigest`: the trusted lock's; a student graded with another is flagged.
 * @returns {{ csv: string, html: string }} the paths written
 */
export function writeClassReports({ out, students, now = new Date(), lockDigest }) {
  mkdirSync(out, { recursive: true });
  for (const s of students) {
    if (!s.grade) continue;
    const md = join(studentOut(out, s.name), "grade.md");
    if (existsSync(md)) continue;
    mkdirSync(studentOut(out, s.name), { recursive: true });
    writeFileSync(md, gradeMarkdown(s.grade));
  }
  const csv = join(out, "class.csv");
  const html = join(out, "class.html");
  writeFileSync(csv, classCsv(students));
  writeFileSync(html, classHtml(students, { now, ...(lockDigest ? { lockDigest } : {}) }));
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
