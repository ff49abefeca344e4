// Pure judgements over test-run outcomes and the tree: each returns a list
// of problems (empty when all is well). verify.mjs runs them; the tests in
// tools/test/ feed them hand-made outcomes to prove each one can fail.

/**
 * @typedef {import("./run-tests.mjs").RunOutcome} RunOutcome
 * @typedef {import("./run-tests.mjs").FileOutcome} FileOutcome
 * @typedef {import("./manifest.mjs").Manifest} Manifest
 */

/**
 * @param {RunOutcome} run
 * @param {string} id
 * @returns {FileOutcome | undefined}
 */
function fileOf(run, id) {
  return run.files.find((f) => f.file === `test/${id}.test.ts`);
}

/**
 * Against the solutions every test of every exercise passes, none is
 * skipped, and nothing fails outside a test. `platformSkips` (Windows and
 * macOS) lets through the tests that skip themselves where named pipes
 * stand in for socket files or 127.0.0.2 cannot be bound; the sources check
 * allows no other skip.
 * @param {RunOutcome} run
 * @param {Manifest} manifest
 * @param {{ platformSkips?: boolean }} [options]
 * @returns {string[]}
 */
export function judgeSolutionRun(run, manifest, { platformSkips = false } = {}) {
  /** @type {string[]} */
  const problems = [];
  for (const { id } of manifest.exercises) {
    const file = fileOf(run, id);
    if (!file) {
      problems.push(`${id}: test/${id}.test.ts did not run`);
      continue;
    }
    if (file.tests.length === 0) problems.push(`${id}: no tests collected`);
    for (const message of file.errors) problems.push(`${id}: error outside any test: ${firstLine(message)}`);
    for (const test of file.tests) {
      if (platformSkips && test.state === "skipped") continue;
      if (test.state !== "passed") {
        problems.push(`${id}: "${test.name}" ${test.state}${test.message ? `: ${firstLine(test.message)}` : ""}`);
      }
    }
  }
  for (const message of run.unhandled) problems.push(`unhandled error: ${firstLine(message)}`);
  return problems;
}

/**
 * Against the stubs every test of every exercise fails, at once, and for
 * the right reason: its first error is the stub's "not implemented:
 * exercises/<id>/index.ts", thrown before the test started any wait (a
 * deadline, a pause: test/support/deadline.ts records them). A stub that
 * passes a test, a test that fails for another reason (a timeout, a wrong
 * assertion, an error of the test's own) or one that waited before calling
 * the stub is a problem. Judged by cause, not by the clock: a busy machine
 * changes no verdict (`npm run bench` keeps the speed targets).
 * @param {RunOutcome} run
 * @param {Manifest} manifest
 * @param {{ platformSkips?: boolean }} [options]
 * @returns {string[]}
 */
export function judgeStubRun(run, manifest, { platformSkips = false } = {}) {
  /** @type {string[]} */
  const problems = [];
  for (const { id } of manifest.exercises) {
    const file = fileOf(run, id);
    const expected = `not implemented: exercises/${id}/index.ts`;
    if (!file) {
      problems.push(`${id}: test/${id}.test.ts did not run`);
      continue;
    }
    if (file.tests.length === 0) problems.push(`${id}: no tests collected`);
    for (const message of file.errors) problems.push(`${id}: error outside any test: ${firstLine(message)}`);
    for (const test of file.tests) {
      if (platformSkips && test.state === "skipped") continue;
      if (test.state === "passed") {
        problems.push(`${id}: "${test.name}" passes against the stub (it cannot tell a stub from a solution)`);
      } else if (test.state !== "failed") {
        problems.push(`${id}: "${test.name}" was ${test.state}, not run`);
      } else if (!test.message?.includes(expected)) {
        problems.push(`${id}: "${test.name}" fails for another reason than "${expected}": ${firstLine(test.message ?? "(no message)")}`);
      } else if (test.waits.length > 0) {
        problems.push(`${id}: "${test.name}" waited (for ${test.waits[0]}) before it reached the stub: a test calls the learner's code before it waits for anything`);
      }
    }
  }
  for (const message of run.unhandled) problems.push(`unhandled error: ${firstLine(message)}`);
  return problems;
}

/**
 * Each mutant (a plausible wrong solution) must be caught: its run fails,
 * and the test its header names under "Caught by:" is among the failures.
 * @param {RunOutcome} run
 * @param {{ id: string, project: string, caughtBy: string }[]} mutants
 * @returns {string[]}
 */
export function judgeMutantRun(run, mutants) {
  /** @type {string[]} */
  const problems = [];
  for (const mutant of mutants) {
    const file = run.files.find((f) => f.project === mutant.project && f.file === `test/${mutant.id}.test.ts`);
    if (!file) {
      problems.push(`${mutant.project}: did not run`);
      continue;
    }
    const others = run.files.filter((f) => f.project === mutant.project && f !== file);
    if (others.length > 0) problems.push(`${mutant.project}: also ran ${others.map((f) => f.file).join(", ")}`);
    const failed = file.tests.filter((t) => t.state === "failed").map((t) => t.name);
    if (!file.tests.some((t) => t.name === mutant.caughtBy)) {
      problems.push(`${mutant.project}: its header's "Caught by: ${mutant.caughtBy}" names no test of test/${mutant.id}.test.ts (renamed?)`);
    } else if (failed.length === 0) {
      problems.push(`${mutant.project}: every test passes against this wrong solution`);
    } else if (!failed.includes(mutant.caughtBy)) {
      problems.push(`${mutant.project}: "${mutant.caughtBy}" did not fail (failed instead: ${failed.map((n) => `"${n}"`).join(", ")})`);
    }
  }
  return problems;
}

/** Focused, skipped or disabled tests: none may land. */
export const FORBIDDEN_TEST_MODIFIERS =
  /\b(?:it|test|describe|suite|bench)\s*\.\s*(?:only|skip|todo|fails|skipIf|runIf)\b|\bx(?:it|test|describe)\s*\(|\bf(?:it|describe)\s*\(/;

/** A skip from inside a test (`context.skip(…)`): only the platform helper may. */
export const CONTEXT_SKIP = /\.\s*skip\s*\(/;

/** The one file that may call `context.skip`: the platform skips (named pipes, no 127.0.0.2). */
export const PLATFORM_SKIP_FILE = "test/support/platform.ts";

/**
 * @param {{ path: string, text: string }[]} files
 * @returns {string[]}
 */
export function judgeTestSources(files) {
  /** @type {string[]} */
  const problems = [];
  for (const { path, text } of files) {
    text.split("\n").forEach((line, index) => {
      const hit = FORBIDDEN_TEST_MODIFIERS.exec(line) ?? (path === PLATFORM_SKIP_FILE ? null : CONTEXT_SKIP.exec(line));
      if (hit) problems.push(`${path}:${index + 1}: ${hit[0].replace(/\s+/g, "")} (focused or skipped tests never land)`);
    });
  }
  return problems;
}

/** Module specifiers of import/export statements, side-effect imports and import(). */
const SPECIFIER = /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/gm;

/**
 * What each file may import, so that exercises stay independent: copying
 * one solution over its stub makes exactly that exercise pass.
 * - test/NN-id.test.ts: vitest, node:*, ./support/*, and #kata/NN-id only;
 * - exercises/NN-id/*: node:*, ../not-implemented.ts and its own folder;
 * - solutions/NN-id/*: node:* and its own folder;
 * - test/mutants/NN-id/*: node:*, its own folder, and solutions/NN-id.
 * @param {{ path: string, text: string }[]} files
 * @returns {string[]}
 */
export function judgeImports(files) {
  /** @type {string[]} */
  const problems = [];
  for (const { path, text } of files) {
    const test = /^test\/(\d\d-[^/]+)\.test\.ts$/.exec(path);
    const exercise = /^exercises\/(\d\d-[^/]+)\//.exec(path);
    const solution = /^solutions\/(\d\d-[^/]+)\//.exec(path);
    const mutant = /^test\/mutants\/(\d\d-[^/]+)\//.exec(path);
    /** @type {(spec: string) => boolean} */
    let allowed;
    if (test) allowed = (spec) => spec === "vitest" || spec.startsWith("./support/") || spec === `#kata/${test[1]}`;
    else if (exercise) allowed = (spec) => spec === "../not-implemented.ts" || (spec.startsWith("./") && !spec.includes(".."));
    else if (solution) allowed = (spec) => spec.startsWith("./") && !spec.includes("..");
    else if (mutant) allowed = (spec) => spec === `../../../solutions/${mutant[1]}/index.ts` || (spec.startsWith("./") && !spec.includes(".."));
    else continue;
    for (const match of text.matchAll(SPECIFIER)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? "";
      if (spec.startsWith("node:") || allowed(spec)) continue;
      problems.push(`${path}: imports "${spec}"; an exercise's files import only their own exercise (and node:*, ./support/)`);
    }
  }
  return problems;
}

/**
 * The manifest against the tree. `tree` says what exists: the exercise and
 * solution folders, the test files, and each file's size and text.
 * @param {Manifest} manifest
 * @param {{ exerciseDirs: string[], solutionDirs: string[], testFiles: string[], size: (path: string) => number, read: (path: string) => string, requireSolutions?: boolean }} tree
 *   `requireSolutions: false` for a hand-out copy, which has none.
 * @returns {string[]}
 */
export function judgeManifest(manifest, tree) {
  /** @type {string[]} */
  const problems = [];
  const ids = manifest.exercises.map((e) => e.id);
  ids.forEach((id, index) => {
    const number = String(index + 1).padStart(2, "0");
    if (!/^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) problems.push(`${id}: an id is NN-name in lower case, e.g. 03-listen`);
    else if (!id.startsWith(`${number}-`)) problems.push(`${id}: expected number ${number} here (ids run 01, 02, … in manifest order)`);
  });
  const seen = new Set(ids);
  if (seen.size !== ids.length) problems.push("the manifest lists an id twice");
  for (const dir of tree.exerciseDirs) if (!seen.has(dir)) problems.push(`exercises/${dir} is not in kata.json`);
  for (const dir of tree.solutionDirs) if (!seen.has(dir)) problems.push(`solutions/${dir} is not in kata.json`);
  for (const file of tree.testFiles) {
    const id = file.replace(/\.test\.ts$/, "");
    if (!seen.has(id)) problems.push(`test/${file} is not in kata.json`);
  }
  for (const exercise of manifest.exercises) {
    const { id } = exercise;
    const number = id.slice(0, 2);
    const required = [`exercises/${id}/index.ts`, ...(tree.requireSolutions === false ? [] : [`solutions/${id}/index.ts`]), `test/${id}.test.ts`];
    for (const path of required) {
      if (tree.size(path) <= 0) problems.push(`${id}: ${path} is missing or empty`);
    }
    for (const path of [`exercises/${id}/README.md`, `exercises/${id}/README.pt.md`]) {
      if (tree.size(path) <= 0) problems.push(`${id}: ${path} is missing or empty`);
      else if (!tree.read(path).includes(`npm test -- ${number}`)) problems.push(`${id}: ${path} does not say how to run only this exercise (npm test -- ${number})`);
    }
    if (!exercise.title?.en?.trim() || !exercise.title?.pt?.trim()) problems.push(`${id}: title needs "en" and "pt"`);
    if (!Number.isInteger(exercise.points) || exercise.points <= 0) problems.push(`${id}: points must be a whole number above 0`);
    const en = exercise.hints?.en ?? [];
    const pt = exercise.hints?.pt ?? [];
    if (en.length === 0 || pt.length === 0) problems.push(`${id}: hints need "en" and "pt", at least one each`);
    else if (en.length !== pt.length) problems.push(`${id}: ${en.length} English hints but ${pt.length} Portuguese ones`);
    if ([...en, ...pt].some((hint) => typeof hint !== "string" || hint.trim() === "")) problems.push(`${id}: a hint is empty`);
  }
  return problems;
}

/** @param {string} text */
export function firstLine(text) {
  const line = text.split("\n")[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * Every test has a Portuguese name in test/names.pt.json, and the file names
 * no test that is gone.
 * @param {RunOutcome} run a run of every exercise
 * @param {Record<string, string>} catalogue English test name → Portuguese
 * @returns {string[]}
 */
export function judgeTestNames(run, catalogue) {
  const names = new Set(run.files.flatMap((f) => f.tests.map((t) => t.name)));
  return [
    ...[...names].filter((name) => !(typeof catalogue[name] === "string" && catalogue[name].trim() !== "")).map((name) => `test/names.pt.json has no Portuguese name for "${name}"`),
    ...Object.keys(catalogue).filter((name) => !names.has(name)).map((name) => `test/names.pt.json names a test that no longer exists: "${name}"`),
  ];
}

/**
 * What a new exercise still lacks beyond its files: the texts `npm run new`
 * left to write (each line holding its placeholder, wherever it is), a
 * mutant, and for a server exercise ("server": true in kata.json) the entry
 * `npm run serve` starts it by and the "Try it by hand" section of each
 * README; and no serve entry or such a section for an exercise that is not
 * one. Each problem says what to write.
 * @param {Manifest} manifest
 * @param {{ files: { path: string, text: string }[], serveIds: string[], mutantIds?: string[], placeholder: string,
 *   tryHeadings: { en: string, pt: string }, read: (path: string) => string, size: (path: string) => number }} tree
 *   `files`: the texts to search for the placeholder; `mutantIds`: the exercises with a mutant (omitted in a hand-out copy)
 * @returns {string[]}
 */
export function judgeExerciseParts(manifest, tree) {
  /** @type {string[]} */
  const problems = [];
  for (const { path, text } of tree.files) {
    text.split("\n").forEach((line, index) => {
      if (line.includes(tree.placeholder)) problems.push(`${path}:${index + 1}: still the skeleton of npm run new, to write: ${line.trim()}`);
    });
  }
  const ids = manifest.exercises.map((e) => e.id);
  for (const id of tree.serveIds.filter((id) => !ids.includes(id))) problems.push(`tools/lib/serving.mjs starts ${id}, which is not in kata.json`);
  for (const exercise of manifest.exercises) {
    const { id } = exercise;
    const n = id.slice(0, 2);
    if (tree.mutantIds && !tree.mutantIds.includes(id)) {
      problems.push(`${id}: test/mutants/${id}/ holds no mutant: write one per classic mistake, each caught by its own test (CONTRIBUTING, step 6)`);
    }
    if (exercise.server !== undefined && typeof exercise.server !== "boolean") problems.push(`${id}: "server" in kata.json is true or absent`);
    const server = exercise.server === true;
    const served = tree.serveIds.includes(id);
    if (server && !served) problems.push(`${id}: kata.json says it builds a server, but tools/lib/serving.mjs has no "${id}" entry: add how npm run serve -- ${n} starts it, and its nc/socat lines`);
    if (!server && served) problems.push(`${id}: tools/lib/serving.mjs starts it as a server, but its kata.json entry lacks "server": true`);
    for (const [lang, readme] of /** @type {const} */ ([["en", "README.md"], ["pt", "README.pt.md"]])) {
      const path = `exercises/${id}/${readme}`;
      if (tree.size(path) <= 0) continue; // judgeManifest names it
      const has = tree.read(path).split("\n").some((line) => line.trim() === tree.tryHeadings[lang]);
      if (server && !has) problems.push(`${id}: ${path} has no "${tree.tryHeadings[lang]}" section: say how to start it (npm run serve -- ${n}) and talk to it with nc or socat`);
      if (!server && has) problems.push(`${id}: ${path} has a "${tree.tryHeadings[lang]}" section, but kata.json does not say it builds a server ("server": true)`);
    }
  }
  return problems;
}
