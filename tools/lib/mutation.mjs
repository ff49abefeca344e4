// The pure parts of npm run mutation: Stryker's options for one exercise,
// which survivors the reviewed list of equivalent mutants accounts for, the
// score arithmetic and the table. tools/mutation.mjs runs Stryker; this file
// only reads what it reported, so tools/test/mutation.test.mjs can test it.

/** Non-equivalent mutants an exercise must kill, in percent. */
export const THRESHOLD = 95;

/** Where the reviewed equivalent mutants are listed, relative to the root. */
export const EQUIVALENTS_FILE = "test/mutation-equivalents.json";

/**
 * One mutant as Stryker's JSON report (mutation-testing-report-schema) has
 * it: lines and columns 1-based, the end column exclusive.
 * @typedef {{ line: number, column: number }} Position
 * @typedef {{
 *   id: string, mutatorName: string, replacement?: string, status: string,
 *   statusReason?: string, location: { start: Position, end: Position },
 * }} ReportMutant
 * @typedef {{ files: Record<string, { source: string, mutants: ReportMutant[] }> }} Report
 */

/**
 * A mutant with what a reader needs to find it: the solution's file, the
 * line, the mutator, the original text and its replacement (both as
 * snippets, see `snippet`).
 * @typedef {{
 *   id: string, file: string, line: number, mutator: string, original: string,
 *   replacement: string, status: string, reason: string,
 * }} Mutant
 */

/**
 * A reviewed equivalent mutant, as listed in test/mutation-equivalents.json
 * under its exercise id. The file is the exercise's solution.
 * @typedef {{ line: number, mutator: string, original: string, replacement: string, reason: string }} Equivalent
 */

/**
 * The known mutants of tools/test/fixtures/mutation (npm run mutation --
 * --prove), and how each must be caught.
 * @type {{ what: string, mutator: string, original: string, replacement: string, status: string, reason?: RegExp }[]}
 */
export const KNOWN_MUTANTS = [
  { what: "caught by an assertion", mutator: "ArithmeticOperator", original: "a + b", replacement: "a - b", status: "Killed" },
  { what: "caught only by the leak check in afterAll", mutator: "ConditionalExpression", original: "port > 0", replacement: "false", status: "RuntimeError", reason: /leak/ },
  { what: "caught only by a timeout (an endless loop)", mutator: "UpdateOperator", original: "i++", replacement: "i--", status: "Timeout" },
  // Static: Stryker must import the module afresh with the mutant on. With
  // its testFiles option set, Stryker 10.1 turns a static mutant on only
  // after the import, and it survives; strykerOptions picks the test file
  // through the sandbox instead.
  { what: "a static mutant (module-level code, run once at import), caught by an assertion", mutator: "StringLiteral", original: '"hello"', replacement: '""', status: "Killed" },
];

/**
 * Stryker's options for one exercise: mutate its solution, run only its
 * test file, against solutions/ (KATA_TARGET, set by the caller). The one
 * test file is chosen by copying only it (and test/support) into Stryker's
 * sandbox, not with Stryker's testFiles option, which keeps static mutants
 * from ever being active (see KNOWN_MUTANTS).
 * @param {string} id
 * @param {{ reportDir: string, concurrency: number, coverageAnalysis?: "all" | "perTest" | "off", progress?: boolean }} how
 * @returns {ConstructorParameters<typeof import("@stryker-mutator/core").Stryker>[0]}
 */
export function strykerOptions(id, { reportDir, concurrency, coverageAnalysis = "perTest", progress = false }) {
  return {
    mutate: [`solutions/${id}/index.ts`],
    testRunner: "vitest",
    plugins: ["@stryker-mutator/vitest-runner"],
    // Our vitest.config.ts runs forks (Stryker's default would be threads);
    // related mode is off: the sandbox holds only the one test file.
    vitest: { related: false, pool: "forks" },
    coverageAnalysis,
    concurrency,
    // A run may take its dry-run time × 1.5 plus 10 s (our deadlines are 2 s,
    // Vitest's test timeout 5 s) before Stryker calls the mutant a timeout.
    timeoutFactor: 1.5,
    timeoutMS: 10_000,
    reporters: ["json", "html", ...(progress ? ["progress"] : [])],
    jsonReporter: { fileName: `${reportDir}/${id}.json` },
    htmlReporter: { fileName: `${reportDir}/${id}.html` },
    tempDirName: "reports/.stryker-tmp",
    cleanTempDir: true,
    // The sandbox holds only what this exercise's test run reads: Vitest
    // finds exactly one test file there.
    ignorePatterns: [
      "/*",
      "!/package.json",
      "!/vitest.config.ts",
      "!/test",
      "/test/*",
      "!/test/support",
      "!/test/*.json",
      `!/test/${id}.test.ts`,
      "!/solutions",
      "/solutions/*",
      `!/solutions/${id}`,
    ],
    thresholds: { high: THRESHOLD, low: THRESHOLD, break: null },
    // Stryker's LogLevel enum, by its values.
    logLevel: /** @type {import("@stryker-mutator/api/core").LogLevel} */ (/** @type {unknown} */ ("warn")),
    fileLogLevel: /** @type {import("@stryker-mutator/api/core").LogLevel} */ (/** @type {unknown} */ ("off")),
    allowConsoleColors: false,
  };
}

/**
 * Text as one line, long text shortened in the middle: a stable, readable
 * name for a mutant's original text and replacement.
 * @param {string} text
 */
export function snippet(text) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= 60 ? flat : `${flat.slice(0, 30)}…${flat.slice(-25)}`;
}

/**
 * The text between two 1-based positions of a source file.
 * @param {string} source
 * @param {{ start: Position, end: Position }} location
 */
export function textAt(source, { start, end }) {
  const offsets = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") offsets.push(i + 1);
  const at = (/** @type {Position} */ p) => (offsets[p.line - 1] ?? source.length) + p.column - 1;
  return source.slice(at(start), at(end));
}

/**
 * The mutants of a Stryker JSON report, each with its original text.
 * @param {Report} report
 * @returns {Mutant[]}
 */
export function mutantsOf(report) {
  return Object.entries(report.files).flatMap(([file, { source, mutants }]) =>
    mutants.map((m) => ({
      id: m.id,
      file,
      line: m.location.start.line,
      mutator: m.mutatorName,
      original: snippet(textAt(source, m.location)),
      replacement: snippet(m.replacement ?? ""),
      status: m.status,
      reason: m.statusReason ?? "",
    })),
  );
}

/** Statuses that mean a test run went red: a failed test, or an error outside any test (the leak check in afterAll, an unhandled error). */
const KILLED = new Set(["Killed", "RuntimeError"]);
/** Statuses that leave a mutant alive: nothing failed, or no test ran its code. */
const ALIVE = new Set(["Survived", "NoCoverage"]);

/**
 * Which mutants the reviewed list accounts for. An entry matches a mutant
 * with the same mutator, original and replacement on the same line; when
 * the solution has moved (no mutant on that line), it still matches the
 * one mutant with that mutator, original and replacement, if there is
 * exactly one. Returns the equivalent mutants' ids, the entries that match
 * no mutant (stale: review them), and the entries that match a mutant the
 * tests kill (wrong: a killed mutant is not equivalent).
 * @param {Mutant[]} mutants
 * @param {Equivalent[]} entries
 */
export function matchEquivalents(mutants, entries) {
  /** @type {Set<string>} */
  const ids = new Set();
  /** @type {Equivalent[]} */
  const stale = [];
  /** @type {{ entry: Equivalent, mutant: Mutant }[]} */
  const killed = [];
  const same = (/** @type {Mutant} */ m, /** @type {Equivalent} */ e) => m.mutator === e.mutator && m.original === e.original && m.replacement === e.replacement;
  for (const entry of entries) {
    const candidates = mutants.filter((m) => same(m, entry) && !ids.has(m.id));
    const onLine = candidates.find((m) => m.line === entry.line);
    const mutant = onLine ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (!mutant) stale.push(entry);
    else if (!ALIVE.has(mutant.status)) killed.push({ entry, mutant });
    else ids.add(mutant.id);
  }
  return { ids, stale, killed };
}

/**
 * @typedef {{
 *   id: string, mutants: number, killed: number, survived: number, timeout: number,
 *   noCoverage: number, equivalent: number, score: number, scoreWithoutEquivalents: number,
 *   ok: boolean, gaps: Mutant[],
 * }} Summary
 */

/**
 * The counts, the two scores (detected over all mutants; detected over the
 * non-equivalent ones) and the surviving non-equivalent mutants of one
 * exercise. Survived and no-coverage count the mutants that are neither
 * killed nor equivalent.
 * @param {string} id
 * @param {Mutant[]} mutants
 * @param {Set<string>} equivalentIds
 * @returns {Summary}
 */
export function summarize(id, mutants, equivalentIds) {
  const counted = mutants.filter((m) => m.status !== "Ignored" && m.status !== "CompileError");
  const count = (/** @type {(m: Mutant) => boolean} */ p) => counted.filter(p).length;
  const equivalent = count((m) => equivalentIds.has(m.id));
  const killed = count((m) => KILLED.has(m.status));
  const timeout = count((m) => m.status === "Timeout");
  const gaps = counted.filter((m) => ALIVE.has(m.status) && !equivalentIds.has(m.id)).sort((a, b) => a.line - b.line);
  const detected = killed + timeout;
  const percent = (/** @type {number} */ part, /** @type {number} */ whole) => (whole === 0 ? 100 : Math.floor((part / whole) * 1000) / 10);
  const scoreWithoutEquivalents = percent(detected, counted.length - equivalent);
  return {
    id,
    mutants: counted.length,
    killed,
    survived: gaps.filter((m) => m.status === "Survived").length,
    timeout,
    noCoverage: gaps.filter((m) => m.status === "NoCoverage").length,
    equivalent,
    score: percent(detected, counted.length),
    scoreWithoutEquivalents,
    ok: scoreWithoutEquivalents >= THRESHOLD,
    gaps,
  };
}

/**
 * The per-exercise table, with a total row when there is more than one
 * exercise. Scores are rounded down to 0.1 %, so 94.99 % never shows as 95.
 * @param {Summary[]} rows
 */
export function renderTable(rows) {
  const head = ["exercise", "mutants", "killed", "survived", "timeout", "no-cov", "equiv", "score", "w/o equiv", ""];
  const sum = (/** @type {(s: Summary) => number} */ f) => rows.reduce((n, r) => n + f(r), 0);
  const all = [...rows];
  if (rows.length > 1) {
    const total = summarize("total", [], new Set());
    const detected = sum((r) => r.killed + r.timeout);
    const mutants = sum((r) => r.mutants);
    const equivalent = sum((r) => r.equivalent);
    const percent = (/** @type {number} */ whole) => (whole === 0 ? 100 : Math.floor((detected / whole) * 1000) / 10);
    all.push({
      ...total,
      mutants,
      killed: sum((r) => r.killed),
      survived: sum((r) => r.survived),
      timeout: sum((r) => r.timeout),
      noCoverage: sum((r) => r.noCoverage),
      equivalent,
      score: percent(mutants),
      scoreWithoutEquivalents: percent(mutants - equivalent),
      ok: rows.every((r) => r.ok),
    });
  }
  const cells = all.map((r) => [
    r.id,
    ...[r.mutants, r.killed, r.survived, r.timeout, r.noCoverage, r.equivalent].map(String),
    `${r.score.toFixed(1)} %`,
    `${r.scoreWithoutEquivalents.toFixed(1)} %`,
    r.id === "total" ? "" : r.ok ? "ok" : `UNDER ${THRESHOLD} %`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  // Names and the verdict to the left, numbers to the right.
  const left = (/** @type {number} */ i) => i === 0 || i === head.length - 1;
  const line = (/** @type {string[]} */ c) => c.map((x, i) => (left(i) ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(head), ...cells.map(line)].join("\n");
}

/**
 * The surviving non-equivalent mutants of an exercise, one a line, so a
 * maintainer can write the test that kills each (or review it as
 * equivalent).
 * @param {Summary} summary
 */
export function renderGaps(summary) {
  if (summary.gaps.length === 0) return "";
  const lines = summary.gaps.map((m) => `  ${m.file}:${m.line}  ${m.mutator}${m.status === "NoCoverage" ? " (no test runs it)" : ""}: ${m.original}  →  ${m.replacement}`);
  return [`${summary.id}: ${summary.gaps.length} surviving mutant(s)`, ...lines].join("\n");
}
