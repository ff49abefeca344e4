// The one line `npm run ui` (tools/ui.mjs) prints after each run: when,
// what ran, and how many of its tests pass and fail. It fits in 80 columns;
// the failures themselves are in the browser. A run stopped because a test
// stopped answering (an endless loop) says so, and under it which test and
// why, in the words npm test and npm run watch use.
import { resultOf } from "./kata.mjs";
import { countLine, testName } from "./screen.mjs";

/** @typedef {import("./kata.mjs").ExerciseResult} ExerciseResult */

const TEXT = {
  en: {
    one: (/** @type {string} */ id) => `ran ${id}`,
    many: (/** @type {number} */ n, /** @type {boolean} */ all) => `ran ${all ? "all " : ""}${n} exercises`,
    counts: (/** @type {number} */ passed, /** @type {number} */ total) => `${passed} of ${total} tests pass, ${total - passed} ${total - passed === 1 ? "fails" : "fail"}`,
    broken: "it failed to load (the browser says why)",
    stopped: "a test stopped answering: run stopped",
  },
  pt: {
    one: (/** @type {string} */ id) => `correu o ${id}`,
    many: (/** @type {number} */ n, /** @type {boolean} */ all) => `correram ${all ? "os " : ""}${n} exercícios`,
    counts: (/** @type {number} */ passed, /** @type {number} */ total) => `${passed} de ${total} testes passam, ${total - passed} ${total - passed === 1 ? "falha" : "falham"}`,
    broken: "não carregou (o navegador diz porquê)",
    stopped: "um teste não responde: testes parados",
  },
};

/**
 * Each exercise a run of the kata's tests touched, judged as the other tools judge it.
 * @param {readonly import("vitest/node").TestModule[]} modules
 * @param {readonly unknown[]} unhandled errors of the run outside any test
 * @param {"en" | "pt"} lang
 * @returns {ExerciseResult[]}
 */
export function resultsOf(modules, unhandled, lang) {
  return modules
    .map((m) => resultOf(m.relativeModuleId.replace(/^test\//, "").replace(/\.test\.ts$/, ""), m, [...unhandled], lang))
    .toSorted((a, b) => a.id.localeCompare(b.id));
}

/**
 * The line for one run: "12:04:31  ran 01-port-ranges: 3 of 12 tests pass, 9 fail".
 * When a test stopped answering and the run was stopped, the line says so,
 * and under it, indented: "✗ 01-port-ranges › the test's name" and why.
 * @param {readonly (Pick<ExerciseResult, "id" | "ok" | "passed" | "total"> & { failure?: ExerciseResult["failure"], tests?: ExerciseResult["tests"] })[]} results the exercises that ran
 * @param {{ lang: "en" | "pt", at: Date, exercises: number, root?: string }} context when it ended, how many exercises the kata has,
 *   and the kata's root (for the tests' names in Portuguese)
 * @returns {string}
 */
export function runLine(results, { lang, at, exercises, root }) {
  const says = TEXT[lang];
  const time = at.toTimeString().slice(0, 8);
  const [only] = results;
  const what = results.length === 1 && only ? says.one(only.id) : says.many(results.length, results.length === exercises);
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const total = results.reduce((sum, r) => sum + r.total, 0);
  // One exercise that did not load (a syntax error) has no tests to count.
  const stuck = results.filter((r) => r.failure?.stuck);
  const how = stuck.length > 0 ? says.stopped : only && results.length === 1 && !only.ok && only.total === 0 ? says.broken : says.counts(passed, total);
  const look = { lang, color: false, links: false };
  const why = stuck.flatMap((result) => [
    `  ✗ ${result.id}${result.failure?.test === undefined ? "" : ` › ${testName(look, result.failure.test, root)}`}`,
    `    ${result.failure?.message ?? ""}`,
    // What became of its tests, as watch and npm test say it: "2 passed, 1 stopped, 7 not run (of 10 tests)".
    ...("tests" in result && result.tests ? [`    ${countLine(look, /** @type {ExerciseResult} */ (result))}`] : []),
  ]);
  return [`${time}  ${what}: ${how}`, ...why].join("\n");
}
