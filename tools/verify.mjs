#!/usr/bin/env node
// npm run verify: proof that the kata is whole. One line per check, then
// "N passed, N failed". Exits 0 only when every check passes.
//
//   npm run verify                   every check
//   npm run verify -- --check stubs  only the named checks (repeatable)
//   npm run verify -- --exercise 03  only these exercises, where a check can narrow
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { styleText } from "node:util";
import { parseCommand, usage } from "./lib/args.mjs";
import { judgeReadmeTables } from "./lib/docs.mjs";
import { judgeExportParity } from "./lib/exports.mjs";
import { lockDifferences } from "./lib/lock.mjs";
import { judgePrimer } from "./lib/primer.mjs";
import { judgeDevcontainer, judgeWorkflows, nodeMajors } from "./lib/workflows.mjs";
import { MESSAGES_PT, judgeMessages } from "./lib/messages.mjs";
import { judgeExerciseParts, judgeImports, judgeManifest, judgeMutantRun, judgeSolutionRun, judgeStubRun, judgeTestNames, judgeTestSources } from "./lib/judge.mjs";
import { ROOT, findExercise, loadManifest } from "./lib/manifest.mjs";
import { findMutants, mutantProjects } from "./lib/mutants.mjs";
import { runTests } from "./lib/run-tests.mjs";
import { PLACEHOLDER, TRY_HEADINGS } from "./lib/scaffold.mjs";
import { SERVE } from "./lib/serving.mjs";
import { TEST_NAMES_PT } from "./lib/screen.mjs";

/**
 * Where tests skip themselves (test/support/platform.ts): on Windows, named
 * pipes stand in for socket files; on macOS, 127.0.0.2 is not a loopback
 * address a socket can bind.
 */
const PLATFORM_SKIPS = process.platform === "win32" || process.platform === "darwin";

/**
 * A hand-out copy (npm run export) has no solutions/: the checks that need
 * them say they were skipped, and the rest run as usual.
 */
const HANDOUT = !existsSync(join(ROOT, "solutions"));
const NO_SOLUTIONS = "skipped: this is a hand-out copy, without solutions/";
/** A check's title: what it checks in the kata, or in a hand-out copy (no solutions, mutants or ci.yml to check). @param {string} kata @param {string} handout */
const titled = (kata, handout) => (HANDOUT ? handout : kata);

// The checks judge English messages, whatever the maintainer's locale; the
// messages check runs the solutions once more in Portuguese.
process.env.KATA_LANG = "en";

const { values } = parseCommand(
  { options: { check: { type: "string", multiple: true }, exercise: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } } },
  { helpLater: true },
);

const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
/** @param {Parameters<typeof styleText>[0]} style @param {string} text */
const paint = (style, text) => (color ? styleText(style, text) : text);

/** @param {string} path */
const sizeOf = (path) => (existsSync(join(ROOT, path)) ? statSync(join(ROOT, path)).size : -1);
/** @param {string} path */
const read = (path) => readFileSync(join(ROOT, path), "utf8");
/** @param {string} dir */
const dirsIn = (dir) =>
  existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];

/** @param {string} dir @returns {string[]} */
function filesUnder(dir) {
  const full = join(ROOT, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(ROOT, join(d.parentPath, d.name)).replaceAll("\\", "/"));
}

/**
 * Run `node ...args` in the root; on failure, a problem with its output.
 * @param {string} what @param {string[]} args
 */
function runNode(what, args) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  if (result.status === 0) return [];
  // All of it: the tools below print only what is wrong (tsc, eslint, node --test's dot reporter).
  const output = `${result.stdout}${result.stderr}`
    .trim()
    .split("\n")
    .filter((line) => !/^[.X]+$/.test(line)); // the dot reporter's progress, not the failures
  return [`${what} failed:`, ...output.map((line) => `  ${line}`)];
}

/** @returns {Record<string, string>} */
function readTestNames() {
  if (!existsSync(join(ROOT, TEST_NAMES_PT))) return {};
  /** @type {unknown} */
  const parsed = JSON.parse(read(TEST_NAMES_PT));
  return /** @type {Record<string, string>} */ (parsed);
}

const fullManifest = loadManifest();
const scoped = (values.help ? [] : (values.exercise ?? [])).map((query) => {
  const found = findExercise(fullManifest, query);
  if (!found) {
    console.error(`no exercise ${query} in kata.json\n\n${usage()}`);
    process.exit(2);
  }
  return found.id;
});
/** The exercises this run judges: all of them, or those named with --exercise. */
const manifest = scoped.length === 0 ? fullManifest : { exercises: fullManifest.exercises.filter((e) => scoped.includes(e.id)) };
const ids = manifest.exercises.map((e) => e.id);
const filters = scoped.length === 0 ? [] : ids.map((id) => `test/${id}.test.ts`);
const found = findMutants(fullManifest.exercises.map((e) => e.id));
const mutants = found.mutants.filter((m) => ids.includes(m.id));
const mutantProblems = found.problems;

/** @type {{ name: string, title: string, needsSolutions?: boolean, run: () => Promise<string[]> | string[] }[]} */
const checks = [
  {
    name: "focus",
    title: "no focused or skipped tests in test/",
    run: () => judgeTestSources(filesUnder("test").filter((p) => p.endsWith(".ts")).map((path) => ({ path, text: read(path) }))),
  },
  {
    name: "imports",
    title: titled(
      "each exercise's stub, solution, test and mutants import only that exercise (and node:*, test/support)",
      "each exercise's stub and test import only that exercise (and node:*, test/support)",
    ),
    run: () =>
      judgeImports(
        ["exercises", "solutions", "test"]
          .flatMap(filesUnder)
          .filter((p) => p.endsWith(".ts"))
          .map((path) => ({ path, text: read(path) })),
      ),
  },
  {
    name: "manifest",
    title: `kata.json matches the folders (${fullManifest.exercises.length} exercises: ${titled("stub, solution, test, README.md, README.pt.md, hints, points, a mutant", "stub, test, README.md, README.pt.md, hints, points")}; a server's serve entry and "Try it by hand"), and nothing npm run new left to write remains`,
    run: () => [
      ...judgeManifest(fullManifest, {
        requireSolutions: !HANDOUT,
        exerciseDirs: dirsIn("exercises"),
        solutionDirs: dirsIn("solutions"),
        testFiles: filesUnder("test").filter((p) => /^test\/[^/]+\.test\.ts$/.test(p)).map((p) => p.slice("test/".length)),
        size: sizeOf,
        read,
      }),
      ...judgeExerciseParts(fullManifest, {
        files: [
          ...["kata.json", TEST_NAMES_PT, MESSAGES_PT, "docs/sockets.md", "docs/sockets.pt.md", "tools/lib/serving.mjs"],
          ...fullManifest.exercises.flatMap(({ id }) => [...filesUnder(`exercises/${id}`), ...filesUnder(`solutions/${id}`), `test/${id}.test.ts`, ...filesUnder(`test/mutants/${id}`)]),
        ]
          .filter((path) => sizeOf(path) > 0)
          .map((path) => ({ path, text: read(path) })),
        serveIds: Object.keys(SERVE),
        mutantIds: HANDOUT ? undefined : [...new Set(found.mutants.map((m) => m.id))],
        placeholder: PLACEHOLDER,
        tryHeadings: TRY_HEADINGS,
        read,
        size: sizeOf,
      }),
    ],
  },
  {
    name: "docs",
    title: "README.md and README.pt.md list the exercises of kata.json",
    run: () => judgeReadmeTables(fullManifest),
  },
  {
    name: "primer",
    title: "every exercise's README.md and README.pt.md link to docs/sockets.md and docs/sockets.pt.md, which name every exercise of kata.json and whose links lead to files",
    run: () => judgePrimer(fullManifest.exercises.map((e) => e.id), { read, exists: (path) => existsSync(join(ROOT, path)) }),
  },
  {
    name: "lock",
    title: "grading.lock.json holds the hashes of the tests, their support, the Vitest config, the manifest and the imports map",
    run: () => {
      const differences = lockDifferences();
      if (differences === undefined) return ["grading.lock.json is missing: run npm run sync"];
      return differences.map((d) => `${d.key} differs from grading.lock.json: run npm run sync after changing it`);
    },
  },
  {
    name: "workflows",
    title: `the GitHub workflows parse, classroom.yml grades every exercise for its points (and matches what npm run sync writes), ${titled(`ci.yml runs verify on Linux, macOS and Windows with every Node major of package.json engines (${nodeMajors().join(", ")}), both`, "it")} on the current actions; the devcontainer has .nvmrc's Node, nc and socat`,
    run: () => [...judgeWorkflows(fullManifest), ...judgeDevcontainer()],
  },
  {
    name: "exports",
    title: "every stub exports the same names with the same types as its solution",
    needsSolutions: true,
    run: () => judgeExportParity(ids),
  },
  {
    name: "types",
    title: titled("tsc: exercises, solutions, tests and tools type-check (both targets)", "tsc: exercises, tests and tools type-check"),
    run: () => [
      ...runNode("tsc -p tsconfig.json", ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"]),
      ...(HANDOUT ? [] : runNode("tsc -p tsconfig.solutions.json", ["node_modules/typescript/bin/tsc", "-p", "tsconfig.solutions.json"])),
    ],
  },
  {
    name: "lint",
    title: "eslint is clean",
    run: () => runNode("eslint", ["node_modules/eslint/bin/eslint.js", ".", "--max-warnings=0"]),
  },
  {
    name: "tools",
    title: "the tools' own tests: verify's judgements, the learner runner, serve, grade and export, on fixture katas (node --test tools/test)",
    // They export, mutate and soak the solutions, so a hand-out copy skips them (and says so).
    needsSolutions: true,
    // The dot reporter: a dot per passing test, then every failure in full (name, error, where).
    run: () => runNode("node --test", ["--test", "--test-reporter=dot", ...filesUnder("tools/test").filter((p) => p.endsWith(".test.mjs"))]),
  },
  {
    name: "solutions",
    title: "every test passes against solutions/, and has its Portuguese name in test/names.pt.json",
    needsSolutions: true,
    run: async () => {
      const run = await runTests({ target: "solutions", filters });
      const names = scoped.length === 0 ? judgeTestNames(run, readTestNames()) : [];
      return [...judgeSolutionRun(run, manifest, { platformSkips: PLATFORM_SKIPS }), ...names];
    },
  },
  {
    name: "isolated",
    title: "every test passes against solutions/ with the code under test in a process of its own, as npm run grade runs it (test/support/remote.ts)",
    needsSolutions: true,
    run: async () => {
      const before = process.env.KATA_ISOLATE;
      process.env.KATA_ISOLATE = "1";
      try {
        return judgeSolutionRun(await runTests({ target: "solutions", filters }), manifest, { platformSkips: PLATFORM_SKIPS });
      } finally {
        if (before === undefined) delete process.env.KATA_ISOLATE;
        else process.env.KATA_ISOLATE = before;
      }
    },
  },
  {
    name: "messages",
    title: `every failure message the tests write has its Portuguese in ${MESSAGES_PT}${titled(", and every test passes in Portuguese too", "")}`,
    run: async () => {
      const sources = [...filesUnder("test/support"), ...filesUnder("test").filter((p) => /^test\/[^/]+\.test\.ts$/.test(p))]
        .filter((p) => p.endsWith(".ts"))
        .map((path) => ({ path, text: read(path) }));
      /** @type {Record<string, unknown>} */
      let catalogue;
      try {
        catalogue = existsSync(join(ROOT, MESSAGES_PT)) ? /** @type {Record<string, unknown>} */ (JSON.parse(read(MESSAGES_PT))) : {};
      } catch (err) {
        return [`${MESSAGES_PT} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`];
      }
      // Narrowed to some exercises: their files' missing Portuguese only (a stale entry needs every file to tell).
      const problems = judgeMessages(sources, catalogue).filter(
        (p) => scoped.length === 0 || ids.some((id) => p.startsWith(`test/${id}.test.ts:`)) || p.startsWith("test/support/"),
      );
      if (HANDOUT) return problems;
      // A Portuguese message the code compares (a leak's "2 × socket TCP") must not break a passing test.
      process.env.KATA_LANG = "pt";
      try {
        const run = await runTests({ target: "solutions", filters });
        return [...problems, ...judgeSolutionRun(run, manifest, { platformSkips: PLATFORM_SKIPS }).map((p) => `in Portuguese: ${p}`)];
      } finally {
        process.env.KATA_LANG = "en";
      }
    },
  },
  {
    name: "stubs",
    title: "every test fails against its stub with the stub's not-implemented message, before it waits for anything",
    run: async () => judgeStubRun(await runTests({ target: "exercises", filters }), manifest, { platformSkips: PLATFORM_SKIPS }),
  },
  {
    name: "mutants",
    title: `every classic mistake in test/mutants/ (${mutants.length}) is caught by the test its header names`,
    needsSolutions: true,
    run: async () => {
      if (mutants.length === 0) return [...mutantProblems];
      // Four workers even on two cores: a caught mutant mostly waits out a
      // deadline, idle, so the run is bound by waiting, not by the CPU.
      const projects = mutantProjects(mutants, fullManifest.exercises.map((e) => e.id));
      const run = await runTests({ target: "solutions", overrides: { projects, maxWorkers: 4 } });
      return [...mutantProblems, ...judgeMutantRun(run, mutants)];
    },
  },
];

if (values.help) {
  console.log(`${usage()}\n\nchecks:`);
  for (const check of checks) console.log(`  ${check.name.padEnd(10)} ${check.title}`);
  process.exit(0);
}

const wanted = values.check ?? checks.map((c) => c.name);
const unknown = wanted.filter((name) => !checks.some((c) => c.name === name));
if (unknown.length > 0) {
  console.error(`unknown check: ${unknown.join(", ")}\n\n${usage()}\n\nchecks: ${checks.map((c) => c.name).join(", ")}`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const check of checks.filter((c) => wanted.includes(c.name))) {
  if (HANDOUT && check.needsSolutions) {
    skipped += 1;
    console.log(`${paint("yellow", "-")} ${check.name}: ${check.title} ${paint("dim", `(${NO_SOLUTIONS})`)}`);
    continue;
  }
  const started = performance.now();
  /** @type {string[]} */
  let problems;
  try {
    problems = await check.run();
  } catch (err) {
    problems = [`the check itself crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`];
  }
  // Vitest's Node API sets process.exitCode on failing runs; we decide it.
  process.exitCode = 0;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (problems.length === 0) {
    passed += 1;
    console.log(`${paint("green", "✔")} ${check.name}: ${check.title} ${paint("dim", `(${seconds} s)`)}`);
  } else {
    failed += 1;
    console.log(`${paint("red", "✘")} ${check.name}: ${check.title} ${paint("dim", `(${seconds} s)`)}`);
    for (const problem of problems) console.log(`    ${problem}`);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed === 0 ? 0 : 1;
