// The grade, from the per-exercise results of `npm run grade`: points,
// statuses and the three reports (JSON, Markdown, JUnit). Pure functions but
// exerciseSources (which reads an exercise's files), so tools/test can check the arithmetic and the formats.
//
// grade.json, schema "socket-kata/grade@1":
//   schema, generatedAt (ISO 8601), mode ("proportional" | "all-or-nothing"),
//   score, maxScore, minScore, passed (score >= minScore),
//   lockDigest (of grading.lock.json: compare with the copy you published),
//   tampered: [{ file, expected, actual }]  (files that differ from grading.lock.json, or
//             that changed while grading ran: actual ends "during grading", and every exercise gets 0),
//   exercises: [{ id, title, points, earned, tests: { passed, total, notApplicable? },
//                 status: "passed" | "failed" | "error" | "tampered" | "outside",
//                 reason?, cases?: [{ name, state }] }]
//   tests.total counts the tests that apply on the grading platform: one that
//   skips itself there (tools/lib/platform.mjs, e.g. socket files on Windows)
//   is neither passed nor failed, counted in notApplicable, and points are over
//   the rest. cases: each test's state ("passed", "failed", "skipped",
//   "not applicable", ...), where the tests ran.
//   "error": the exercise's tests could not finish (a crash, an endless loop);
//   "tampered": its tests (or what all tests share) differ from the lock;
//   "outside": its code imports a solution or another exercise.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./manifest.mjs";

/**
 * @typedef {{ id: string, title: string, points: number, earned: number, tests: { passed: number, total: number, notApplicable?: number },
 *   status: "passed" | "failed" | "error" | "tampered" | "outside", reason?: string, cases?: { name: string, state: string }[] }} GradedExercise
 * @typedef {{ schema: "socket-kata/grade@1", generatedAt: string, mode: "proportional" | "all-or-nothing",
 *   score: number, maxScore: number, minScore: number, passed: boolean, lockDigest: string,
 *   tampered: { file: string, expected: string, actual: string }[], exercises: GradedExercise[] }} Grade
 */

/** @param {number} n */
const round2 = (n) => Math.round(n * 100) / 100;

/**
 * Every source file of an exercise, joined: index.ts and any helper file
 * beside it (a helper could import a solution too).
 * @param {string} root
 * @param {string} id
 */
export function exerciseSources(root, id) {
  return readdirSync(join(root, "exercises", id), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.[cm]?[jt]s$/.test(d.name))
    .map((d) => readFileSync(join(d.parentPath, d.name), "utf8"))
    .join("\n");
}

/**
 * What a learner's exercise imports that grading refuses (none when it cannot be read).
 * @param {string} id
 * @param {string} [root]
 */
export function outsideOf(id, root = ROOT) {
  try {
    return outsideImports(exerciseSources(root, id));
  } catch {
    return [];
  }
}

/** Every import specifier in a source: from "…", import("…"), import "…", require("…"). */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g;

/**
 * The specifiers an exercise may not use: a solution, #kata/…, or anything
 * outside its own folder (another exercise, ../../…) but the shared
 * ../not-implemented.ts. Its own folder (./…), node:* and packages are fine.
 * @param {string} source
 * @returns {string[]}
 */
export function outsideImports(source) {
  return [...source.matchAll(SPECIFIER)]
    .map((m) => m[1] ?? "")
    .filter(
      (s) =>
        /(?:^|\/)solutions\//.test(s) ||
        s.startsWith("#kata/") ||
        s.startsWith("/") ||
        /^[A-Za-z]:[\\/]/.test(s) ||
        (s.startsWith("../") && !/^\.\.\/not-implemented(?:\.[jt]s)?$/.test(s)),
    );
}

/**
 * @param {{
 *   manifest: import("./manifest.mjs").Manifest,
 *   outcomes: { id: string, result?: import("./kata.mjs").ExerciseResult, problem?: string }[],
 *   tampered: { key: string, expected: string, actual: string }[],
 *   allOrNothing: boolean,
 *   minScore: number,
 *   imports: (id: string) => string,
 *   lockDigest?: string,
 *   now?: Date,
 * }} input
 * @returns {Grade}
 */
export function buildGrade({ manifest, outcomes, tampered, allOrNothing, minScore, imports, lockDigest = "", now = new Date() }) {
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  // A change made while grading ran is the learner's code at work: it voids every exercise.
  const during = tampered.filter((d) => d.actual.endsWith("during grading"));
  const shared = tampered.filter((d) => !during.includes(d) && !/^test\/\d\d-[^/]+\.test\.ts$/.test(d.key));
  const exercises = manifest.exercises.map(/** @returns {GradedExercise} */ (exercise) => {
    const { id, points } = exercise;
    const title = exercise.title.en;
    const outcome = byId.get(id);
    const result = outcome?.result;
    const notApplicable = (result?.tests ?? []).filter((t) => t.state === "not applicable").length;
    const tests = { passed: result?.passed ?? 0, total: result?.total ?? 0, ...(notApplicable > 0 ? { notApplicable } : {}) };
    const cases = result ? { cases: result.tests.map((t) => ({ name: t.name, state: t.state })) } : {};
    /** @param {GradedExercise["status"]} status @param {string} reason @returns {GradedExercise} */
    const zero = (status, reason) => ({ id, title, points, earned: 0, tests, status, reason, ...cases });
    const own = tampered.find((d) => d.key === `test/${id}.test.ts`);
    if (during.length > 0) return zero("tampered", `${during.map((d) => d.key).join(", ")} changed while grading ran`);
    if (shared.length > 0) return zero("tampered", `${shared.map((d) => d.key).join(", ")} ${shared.length === 1 ? "differs" : "differ"} from grading.lock.json`);
    if (own) return zero("tampered", `test/${id}.test.ts differs from grading.lock.json`);
    let source;
    try {
      source = imports(id);
    } catch {
      return zero("error", `exercises/${id}/ could not be read`);
    }
    const outside = outsideImports(source);
    if (outside.length > 0) return zero("outside", `exercises/${id}/ imports ${outside.map((s) => JSON.stringify(s)).join(", ")}: a solution or another exercise`);
    if (!result) return zero("error", outcome?.problem ?? "it did not run");
    if (result.ok) return { id, title, points, earned: points, tests, status: "passed", ...cases };
    const outsideTests = result.failure?.test === undefined;
    const earned = allOrNothing || outsideTests || tests.total === 0 ? 0 : round2((points * tests.passed) / tests.total);
    const reason = result.failure
      ? `${result.failure.test === undefined ? "" : `${result.failure.test}: `}${result.failure.message.split("\n")[0]}`
      : undefined;
    return { id, title, points, earned, tests, status: "failed", ...(reason ? { reason } : {}), ...cases };
  });
  const score = round2(exercises.reduce((sum, e) => sum + e.earned, 0));
  const maxScore = manifest.exercises.reduce((sum, e) => sum + e.points, 0);
  return {
    schema: "socket-kata/grade@1",
    generatedAt: now.toISOString(),
    mode: allOrNothing ? "all-or-nothing" : "proportional",
    score,
    maxScore,
    minScore,
    passed: score + 1e-9 >= minScore,
    lockDigest,
    tampered: tampered.map((d) => ({ file: d.key, expected: d.expected, actual: d.actual })),
    exercises,
  };
}

/**
 * The scoring rule, in the words every report and the README use. GitHub
 * Classroom's command grader scores a step all or nothing, so its workflow
 * grades with --all-or-nothing; a local grade in proportion says how it differs.
 * @param {Grade["mode"]} mode
 */
export function scoringRule(mode) {
  return mode === "all-or-nothing"
    ? "Scoring: all or nothing per exercise, as GitHub Classroom scores (an exercise earns its points only when all its tests pass)."
    : "Scoring: in proportion to the passing tests. GitHub Classroom scores all or nothing per exercise (an exercise earns its points only when all its tests pass): `npm run grade -- --all-or-nothing` gives the Classroom score.";
}

/** @param {string} text */
const cell = (text) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/**
 * The Markdown report (also for $GITHUB_STEP_SUMMARY).
 * @param {Grade} grade
 */
export function gradeMarkdown(grade) {
  const verdict = grade.passed ? "passed" : "not passed";
  const lines = [
    `## socket-kata grade: ${grade.score} / ${grade.maxScore} (pass mark ${grade.minScore}): ${verdict}`,
    "",
    `${scoringRule(grade.mode)} Lock digest: \`${grade.lockDigest}\`.`,
    "",
    "| # | exercise | tests | points | status |",
    "| --- | --- | --- | --- | --- |",
    ...grade.exercises.map(
      (e) =>
        `| ${e.id.slice(0, 2)} | ${cell(e.title)} | ${e.tests.passed}/${e.tests.total}${e.tests.notApplicable ? ` (${e.tests.notApplicable} not applicable here)` : ""} | ${e.earned} / ${e.points} | ${e.status}${e.reason ? `: ${cell(e.reason)}` : ""} |`,
    ),
    `| | **total** | | **${grade.score} / ${grade.maxScore}** | |`,
  ];
  if (grade.tampered.length > 0) {
    lines.push("", "Files that differ from grading.lock.json, or that changed while grading ran (no points for what depends on them):", "");
    for (const t of grade.tampered) lines.push(`- \`${t.file}\`: ${t.actual}`);
  }
  return `${lines.join("\n")}\n`;
}

/** @param {string} text */
const xml = (text) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/**
 * One JUnit file for every exercise: Vitest's own test suites where its
 * run counts, a single failing case saying why where it does not.
 * @param {Grade} grade
 * @param {(id: string) => string | undefined} partOf Vitest's JUnit output for one exercise
 */
export function mergeJunit(grade, partOf) {
  const suites = grade.exercises.map((e) => {
    const part = e.status === "passed" || e.status === "failed" ? partOf(e.id) : undefined;
    const inner = part?.match(/<testsuite\b[\s\S]*<\/testsuite>/)?.[0];
    // Vitest's suites, unless they tell another story than the grade: a worker that died leaves its
    // unfinished test as a case without a failure, so the passing cases must be the ones the grade counts.
    const failsSomething = /<testsuite\b[^>]*\b(failures|errors)="[1-9]/.test(inner ?? "");
    const passing = [...(inner ?? "").matchAll(/<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)].filter(
      (m) => !/<(?:failure|error|skipped)\b/.test(m[1] ?? ""),
    ).length;
    if (inner && passing === e.tests.passed && (e.status === "passed" || failsSomething)) return inner;
    const reason = e.reason ?? e.status;
    return `<testsuite name="test/${xml(e.id)}.test.ts" tests="1" failures="1" errors="0" skipped="0" time="0">\n  <testcase classname="test/${xml(e.id)}.test.ts" name="grading" time="0">\n    <failure message="${xml(reason)}" type="${xml(e.status)}">${xml(reason)}</failure>\n  </testcase>\n</testsuite>`;
  });
  const sum = (/** @type {string} */ attribute) =>
    suites.reduce((total, s) => total + [...s.matchAll(new RegExp(`<testsuite\\b[^>]*\\b${attribute}="(\\d+)"`, "g"))].reduce((n, m) => n + Number(m[1]), 0), 0);
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<testsuites name="socket-kata" tests="${sum("tests")}" failures="${sum("failures")}" errors="${sum("errors")}">\n${suites.join("\n")}\n</testsuites>\n`;
}
