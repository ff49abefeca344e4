// npm run mutation's judgement: which survivors the reviewed equivalents
// account for, the score arithmetic, the table. Running Stryker itself is
// too slow for verify: `npm run mutation -- --prove` does that by hand.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { THRESHOLD, matchEquivalents, mutantsOf, renderGaps, renderTable, snippet, strykerOptions, summarize, textAt } from "../lib/mutation.mjs";

/** @param {Partial<import("../lib/mutation.mjs").Mutant>} m @returns {import("../lib/mutation.mjs").Mutant} */
const mutant = (m) => ({ id: "0", file: "solutions/01-x/index.ts", line: 1, mutator: "StringLiteral", original: '"a"', replacement: '""', status: "Survived", reason: "", ...m });

/** n mutants with one status, ids from `from`. @param {number} n @param {string} status @param {number} from */
const many = (n, status, from = 0) => Array.from({ length: n }, (_, i) => mutant({ id: String(from + i), status, line: from + i }));

describe("npm run mutation's judgement", () => {
  it("reads a mutant's original text from the report's source, 1-based and end-exclusive", () => {
    const source = "const a = 1;\nif (port <= 1023) x();\n";
    assert.equal(textAt(source, { start: { line: 2, column: 5 }, end: { line: 2, column: 17 } }), "port <= 1023");
    const report = {
      files: {
        "solutions/01-x/index.ts": {
          source,
          mutants: [{ id: "7", mutatorName: "EqualityOperator", replacement: "port < 1023", status: "Survived", location: { start: { line: 2, column: 5 }, end: { line: 2, column: 17 } } }],
        },
      },
    };
    assert.deepEqual(mutantsOf(report), [
      { id: "7", file: "solutions/01-x/index.ts", line: 2, mutator: "EqualityOperator", original: "port <= 1023", replacement: "port < 1023", status: "Survived", reason: "" },
    ]);
  });

  it("names a long original by its ends, on one line", () => {
    assert.equal(snippet("{\n  a();\n  b();\n}"), "{ a(); b(); }");
    const long = snippet(`{ ${"x".repeat(100)} }`);
    assert.ok(long.length < 60 && long.includes("…"), long);
  });

  it("matches an equivalent by mutator, original, replacement and line", () => {
    const mutants = [mutant({ id: "1", line: 10 }), mutant({ id: "2", line: 20 })];
    const { ids, stale, killed } = matchEquivalents(mutants, [{ line: 20, mutator: "StringLiteral", original: '"a"', replacement: '""', reason: "r" }]);
    assert.deepEqual([...ids], ["2"]);
    assert.deepEqual(stale, []);
    assert.deepEqual(killed, []);
  });

  it("still matches an equivalent after the solution moved, when only one mutant fits", () => {
    const { ids } = matchEquivalents([mutant({ id: "1", line: 12 })], [{ line: 10, mutator: "StringLiteral", original: '"a"', replacement: '""', reason: "r" }]);
    assert.deepEqual([...ids], ["1"]);
  });

  it("does not guess between two mutants that fit off their line: the entry is stale", () => {
    const mutants = [mutant({ id: "1", line: 12 }), mutant({ id: "2", line: 14 })];
    const entry = { line: 10, mutator: "StringLiteral", original: '"a"', replacement: '""', reason: "r" };
    const { ids, stale } = matchEquivalents(mutants, [entry]);
    assert.equal(ids.size, 0);
    assert.deepEqual(stale, [entry]);
  });

  it("never counts a different replacement or mutator as the equivalent", () => {
    const entries = [
      { line: 1, mutator: "StringLiteral", original: '"a"', replacement: '"Stryker was here!"', reason: "r" },
      { line: 1, mutator: "ConditionalExpression", original: '"a"', replacement: '""', reason: "r" },
    ];
    const { ids, stale } = matchEquivalents([mutant({ id: "1" })], entries);
    assert.equal(ids.size, 0);
    assert.equal(stale.length, 2);
  });

  it("reports an entry whose mutant the tests kill, and does not count it as equivalent", () => {
    const { ids, killed } = matchEquivalents([mutant({ id: "1", status: "Killed" })], [{ line: 1, mutator: "StringLiteral", original: '"a"', replacement: '""', reason: "r" }]);
    assert.equal(ids.size, 0);
    assert.equal(killed[0]?.mutant.id, "1");
  });

  it("counts a failure outside any test (the leak check) as killed, and a timeout as detected", () => {
    const s = summarize("01-x", [...many(8, "Killed"), ...many(1, "RuntimeError", 8), ...many(1, "Timeout", 9)], new Set());
    assert.equal(s.killed, 9);
    assert.equal(s.timeout, 1);
    assert.equal(s.score, 100);
  });

  it("scores detected over all mutants, and over the non-equivalent ones", () => {
    // 90 killed, 4 timeouts, 4 survivors (2 equivalent), 2 without coverage.
    const mutants = [...many(90, "Killed"), ...many(4, "Timeout", 90), ...many(4, "Survived", 94), ...many(2, "NoCoverage", 98)];
    const s = summarize("01-x", mutants, new Set(["94", "95"]));
    assert.deepEqual(
      { mutants: s.mutants, killed: s.killed, survived: s.survived, timeout: s.timeout, noCoverage: s.noCoverage, equivalent: s.equivalent },
      { mutants: 100, killed: 90, survived: 2, timeout: 4, noCoverage: 2, equivalent: 2 },
    );
    assert.equal(s.score, 94);
    assert.equal(s.scoreWithoutEquivalents, 95.9); // 94 / 98, rounded down
    assert.equal(s.ok, true);
    assert.deepEqual(s.gaps.map((g) => g.id), ["96", "97", "98", "99"]);
  });

  it(`fails an exercise just under ${THRESHOLD} %, never rounding it up`, () => {
    // 379 of 399 is 94.99 %.
    const s = summarize("01-x", [...many(379, "Killed"), ...many(20, "Survived", 379)], new Set());
    assert.equal(s.scoreWithoutEquivalents, 94.9);
    assert.equal(s.ok, false);
    assert.equal(summarize("01-x", [...many(19, "Killed"), ...many(1, "Survived", 19)], new Set()).ok, true);
  });

  it("leaves out mutants Stryker ignored or could not compile", () => {
    const s = summarize("01-x", [...many(3, "Killed"), ...many(1, "Ignored", 3), ...many(1, "CompileError", 4)], new Set());
    assert.equal(s.mutants, 3);
  });

  it("prints one row per exercise and a total, and says which exercise is under the threshold", () => {
    const good = summarize("01-good", many(20, "Killed"), new Set());
    const bad = summarize("02-bad", [...many(8, "Killed"), ...many(2, "Survived", 8)], new Set(["8"]));
    const table = renderTable([good, bad]);
    assert.match(table, /^exercise\s+mutants\s+killed\s+survived\s+timeout\s+no-cov\s+equiv\s+score\s+w\/o equiv/);
    assert.match(table, /\n01-good\s+20\s+20\s+0\s+0\s+0\s+0\s+100\.0 %\s+100\.0 %\s+ok\n/);
    assert.match(table, /\n02-bad\s+10\s+8\s+1\s+0\s+0\s+1\s+80\.0 %\s+88\.8 %\s+UNDER 95 %\n/);
    assert.match(table, /\ntotal\s+30\s+28\s+1\s+0\s+0\s+1\s+93\.3 %\s+96\.5 %$/);
  });

  it("lists each surviving non-equivalent mutant by file, line, mutator and replacement", () => {
    const s = summarize("01-x", [mutant({ id: "1", line: 41, original: '"error"', replacement: '""' }), mutant({ id: "2", line: 9, status: "NoCoverage" })], new Set());
    assert.equal(renderGaps(s), ['01-x: 2 surviving mutant(s)', '  solutions/01-x/index.ts:9  StringLiteral (no test runs it): "a"  →  ""', '  solutions/01-x/index.ts:41  StringLiteral: "error"  →  ""'].join("\n"));
    assert.equal(renderGaps(summarize("01-x", many(2, "Killed"), new Set())), "");
  });

  it("mutates one exercise's solution against its own test file only, on the forks pool", () => {
    const options = strykerOptions("06-send-recv", { reportDir: "reports/mutation", concurrency: 2 });
    assert.deepEqual(options.mutate, ["solutions/06-send-recv/index.ts"]);
    // Not Stryker's testFiles (static mutants would never be active): the
    // sandbox gets this test file and the support, no other test.
    assert.equal(options.testFiles, undefined);
    const patterns = options.ignorePatterns ?? [];
    assert.ok(patterns.includes("/test/*") && patterns.includes("!/test/06-send-recv.test.ts"));
    assert.ok(patterns.includes("!/solutions/06-send-recv"));
    assert.deepEqual(options.vitest, { related: false, pool: "forks" });
    assert.equal(options.jsonReporter?.fileName, "reports/mutation/06-send-recv.json");
  });
});
