#!/usr/bin/env node
// npm run mutation [-- NN ...]: mutation testing of the reference solutions
// (Stryker with its Vitest runner), one exercise at a time, each mutant run
// against that exercise's test file only, with solutions/ as the target.
// Slow (minutes on 2 cores): not part of verify or CI. Run it after changing
// an exercise's tests or its solution.
//
//   npm run mutation                  every exercise, one after the other
//   npm run mutation -- 06 08         these exercises
//   --report-only                     print the results, exit 0 even when a score is low
//   --from-reports                    run nothing: summarize the last run's reports/mutation/NN.json
//   --concurrency N                   test runners at once (default 2)
//   --coverage perTest | all          Stryker's coverage analysis (default perTest)
//   --prove                           prove the tool on a scratch kata: a mutant caught by an
//                                     assertion, one only by the leak check in afterAll, one only
//                                     by a timeout must each count as killed
//
// Per exercise it prints mutants, killed (a test failed, or the file failed
// outside any test: the leak check), survived, timeout, no coverage,
// equivalent (reviewed, in test/mutation-equivalents.json), the score and
// the score without the equivalents; then each surviving mutant that is not
// a reviewed equivalent, by line. Exits 1 when an exercise kills under 95%
// of its non-equivalent mutants. Reports: reports/mutation/NN.json and .html.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommand } from "./lib/args.mjs";
import { ROOT, findExercise, loadManifest } from "./lib/manifest.mjs";
import { EQUIVALENTS_FILE, KNOWN_MUTANTS, THRESHOLD, matchEquivalents, mutantsOf, renderGaps, renderTable, strykerOptions, summarize } from "./lib/mutation.mjs";

const { values, positionals } = parseCommand({
  allowPositionals: true,
  options: {
    "report-only": { type: "boolean" },
    "from-reports": { type: "boolean" },
    concurrency: { type: "string", default: "2" },
    coverage: { type: "string", default: "perTest" },
    prove: { type: "boolean" },
  },
});
const concurrency = Math.max(1, Number(values.concurrency) || 2);
const coverageAnalysis = /** @type {"perTest" | "all"} */ (values.coverage === "all" ? "all" : "perTest");
const progress = Boolean(process.stderr.isTTY);

/**
 * Run Stryker over one exercise in `root` (the kata, or a scratch copy) and
 * return its JSON report.
 * @param {string} root
 * @param {string} id
 * @param {string} reportDir
 * @returns {Promise<import("./lib/mutation.mjs").Report>}
 */
async function mutate(root, id, reportDir) {
  const { Stryker } = await import("@stryker-mutator/core");
  const here = process.cwd();
  process.chdir(root);
  // vitest.config.ts: the solutions target, in Stryker's runners too.
  process.env.KATA_TARGET = "solutions";
  process.env.KATA_LANG = "en";
  try {
    await new Stryker(strykerOptions(id, { reportDir, concurrency, coverageAnalysis, progress })).runMutationTest();
  } finally {
    process.chdir(here);
  }
  /** @type {unknown} */
  const report = JSON.parse(readFileSync(join(root, reportDir, `${id}.json`), "utf8"));
  return /** @type {import("./lib/mutation.mjs").Report} */ (report);
}

if (values.prove) {
  process.exit(await prove());
}

if (!existsSync(join(ROOT, "solutions"))) {
  console.error("npm run mutation mutates the reference solutions, and this copy has no solutions/.");
  process.exit(2);
}
const manifest = loadManifest();
const chosen = positionals.map((q) => ({ q, exercise: findExercise(manifest, q) }));
const unknown = chosen.find((c) => !c.exercise);
if (unknown) {
  console.error(`No exercise ${unknown.q}. npm run list shows them all.`);
  process.exit(2);
}
const ids = chosen.length > 0 ? chosen.map((c) => c.exercise?.id ?? "") : manifest.exercises.map((e) => e.id);
/** @type {unknown} */
const listed = existsSync(join(ROOT, EQUIVALENTS_FILE)) ? JSON.parse(readFileSync(join(ROOT, EQUIVALENTS_FILE), "utf8")) : {};
const equivalents = /** @type {Record<string, import("./lib/mutation.mjs").Equivalent[]>} */ (listed);
const reportDir = "reports/mutation";

/** @type {import("./lib/mutation.mjs").Summary[]} */
const rows = [];
/** @type {string[]} */
const warnings = [];
for (const id of ids) {
  const reportFile = join(ROOT, reportDir, `${id}.json`);
  if (values["from-reports"] && !existsSync(reportFile)) {
    warnings.push(`${id}: no ${reportDir}/${id}.json yet; run npm run mutation -- ${id.slice(0, 2)}`);
    continue;
  }
  if (!values["from-reports"]) console.error(`${id}: mutating solutions/${id}/index.ts against test/${id}.test.ts…`);
  const started = performance.now();
  const report = values["from-reports"] ? /** @type {import("./lib/mutation.mjs").Report} */ (JSON.parse(readFileSync(reportFile, "utf8"))) : await mutate(ROOT, id, reportDir);
  const mutants = mutantsOf(report).map((m) => ({ ...m, file: m.file.startsWith("/") ? m.file.slice(ROOT.length + 1) : m.file }));
  const match = matchEquivalents(mutants, equivalents[id] ?? []);
  for (const e of match.stale) warnings.push(`${id}: ${EQUIVALENTS_FILE} lists a mutant that no longer exists: line ${e.line} ${e.mutator}: ${e.original} → ${e.replacement}`);
  for (const { entry: e, mutant: m } of match.killed) warnings.push(`${id}: ${EQUIVALENTS_FILE} lists line ${e.line} ${e.mutator}: ${e.original} → ${e.replacement} as equivalent, but the tests kill it (${m.status}): remove the entry`);
  const summary = summarize(id, mutants, match.ids);
  rows.push(summary);
  if (!values["from-reports"]) console.error(`${id}: ${summary.mutants} mutants in ${Math.round((performance.now() - started) / 1000)} s, ${summary.scoreWithoutEquivalents.toFixed(1)} % of the non-equivalent ones killed`);
}

console.log(renderTable(rows));
const gaps = rows.map(renderGaps).filter(Boolean);
if (gaps.length > 0) console.log(`\nSurviving mutants: write the test that kills each, or review it as equivalent in ${EQUIVALENTS_FILE}.\n${gaps.join("\n")}`);
if (warnings.length > 0) console.log(`\n${warnings.join("\n")}`);
if (!values["report-only"] && rows.some((r) => !r.ok)) {
  console.log(`\nUnder ${THRESHOLD} % of non-equivalent mutants killed: ${rows.filter((r) => !r.ok).map((r) => r.id).join(", ")}.`);
  process.exitCode = 1;
}

/**
 * Run Stryker on a scratch kata: this kata's package.json, vitest.config.ts
 * and test/support (the real setup file and leak check) with the fixture's
 * solution and test, and check that each known mutant is caught as it must be.
 * @returns {Promise<number>} the exit code
 */
async function prove() {
  const scratch = mkdtempSync(join(tmpdir(), "kata-mutation-"));
  try {
    const fixture = join(ROOT, "tools", "test", "fixtures", "mutation");
    for (const file of ["package.json", "vitest.config.ts", "test/support", "test/messages.pt.json", "test/names.pt.json"]) cpSync(join(ROOT, file), join(scratch, file), { recursive: true });
    cpSync(join(fixture, "solutions"), join(scratch, "solutions"), { recursive: true });
    cpSync(join(fixture, "test"), join(scratch, "test"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(scratch, "node_modules"), "dir");
    mkdirSync(join(scratch, "reports"));
    const mutants = mutantsOf(await mutate(scratch, "99-proof", "reports"));
    let failures = 0;
    for (const known of KNOWN_MUTANTS) {
      const found = mutants.find((m) => m.mutator === known.mutator && m.original === known.original && m.replacement === known.replacement);
      const ok = found !== undefined && found.status === known.status && (known.reason === undefined || known.reason.test(found.reason));
      if (!ok) failures++;
      console.log(`${ok ? "ok  " : "FAIL"}  ${known.what}: ${known.original} → ${known.replacement}: ${found ? `${found.status}${found.reason ? ` (${found.reason.split("\n")[0]?.slice(0, 160) ?? ""})` : ""}` : "no such mutant"}`);
    }
    return failures === 0 ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
