// The pure parts of npm run soak: the busy child's program, and the tally
// of what failed over many runs and how it is shown.
import { firstLine } from "./judge.mjs";

/**
 * The program of one busy child: it spins for `ms` at most, in slices of
 * 50 ms so that it still hears its parent go away (the IPC channel closes,
 * even when the parent is killed) and then exits at once.
 * @param {number} ms
 */
export function busyProgram(ms) {
  return [
    `const end = Date.now() + ${Math.max(0, Math.round(ms))};`,
    `process.on("disconnect", () => process.exit(0));`,
    `const spin = () => {`,
    `  const slice = Math.min(end, Date.now() + 50);`,
    `  while (Date.now() < slice);`,
    `  if (Date.now() < end) setImmediate(spin); else process.exit(0);`,
    `};`,
    `spin();`,
  ].join("\n");
}

/**
 * @typedef {{ where: string, message: string }} Miss one thing that went wrong in one run:
 *   where (a test, "file: error outside any test", an exercise's grade) and its first line
 * @typedef {{ where: string, runs: number, messages: { message: string, count: number }[] }} Tally
 */

/**
 * What went wrong in one run of the tests (a RunOutcome of run-tests.mjs).
 * @param {import("./run-tests.mjs").RunOutcome} run
 * @returns {Miss[]}
 */
export function missesOfRun(run) {
  /** @type {Miss[]} */
  const misses = [];
  for (const file of run.files) {
    for (const message of file.errors) misses.push({ where: `${file.file}: outside any test`, message: firstLine(message) });
    for (const test of file.tests) {
      if (test.state !== "passed") misses.push({ where: `${file.file}: ${test.name}`, message: firstLine(test.message ?? `(${test.state})`) });
    }
  }
  for (const message of run.unhandled) misses.push({ where: "unhandled error", message: firstLine(message) });
  return misses;
}

/**
 * What fell short of full marks in one grade report (reports/grade.json).
 * @param {import("./grading.mjs").Grade} grade
 * @returns {Miss[]}
 */
export function missesOfGrade(grade) {
  return grade.exercises
    .filter((e) => e.earned < e.points)
    .map((e) => ({
      where: `grade ${e.id}: ${e.earned} of ${e.points} points`,
      message: firstLine(e.reason ?? `${e.status}, ${e.tests.passed} of ${e.tests.total} tests passed`),
    }));
}

/**
 * Per place, in how many runs it went wrong and with which messages (most
 * frequent first); the places that failed most come first.
 * @param {Miss[][]} runs one list per run
 * @returns {Tally[]}
 */
export function tally(runs) {
  /** @type {Map<string, { runs: number, messages: Map<string, number> }>} */
  const byWhere = new Map();
  for (const misses of runs) {
    const seen = new Set();
    for (const { where, message } of misses) {
      const entry = byWhere.get(where) ?? { runs: 0, messages: new Map() };
      byWhere.set(where, entry);
      if (!seen.has(where)) entry.runs += 1;
      seen.add(where);
      entry.messages.set(message, (entry.messages.get(message) ?? 0) + 1);
    }
  }
  return [...byWhere.entries()]
    .map(([where, { runs: count, messages }]) => ({
      where,
      runs: count,
      messages: [...messages.entries()].map(([message, n]) => ({ message, count: n })).sort((a, b) => b.count - a.count),
    }))
    .sort((a, b) => b.runs - a.runs || a.where.localeCompare(b.where));
}

/**
 * The closing report.
 * @param {Tally[]} tallies
 * @param {{ runs: number, load: number, what: string, failedRuns: number, seconds: number }} about
 */
export function renderSoak(tallies, { runs, load, what, failedRuns, seconds }) {
  const head = `${what}: ${runs} run(s) with ${load} busy process(es), ${failedRuns} failed, in ${Math.round(seconds)} s`;
  if (tallies.length === 0) return `${head}\nno failures`;
  const lines = tallies.flatMap((t) => [
    `${t.runs} of ${runs}  ${t.where}`,
    ...t.messages.map((m) => `      ${m.count}×  ${m.message}`),
  ]);
  return `${head}\n\n${lines.join("\n")}`;
}
