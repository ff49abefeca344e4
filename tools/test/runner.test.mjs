// The learner tools' logic, run against a small fixture kata
// (tools/test/fixtures/runner): one exercise passing, one failing, one
// hanging, one throwing at import, one leaking a server.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { takeNextHint } from "../lib/hints.mjs";
import { counted, describeUnhandled, openRunner, plainError, resultOf } from "../lib/kata.mjs";
import { loadManifest } from "../lib/manifest.mjs";
import { currentExercise, fitToWidth, progressBar, renderExercise, renderFailure, renderList, renderSummary, wrapText } from "../lib/screen.mjs";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "runner");
const manifest = loadManifest(root);
const ids = manifest.exercises.map((e) => e.id);
const plain = /** @type {const} */ ({ lang: "en", color: false, links: false });

/** @type {Map<string, import("../lib/kata.mjs").ExerciseResult>} */
let results = new Map();

describe("the runner, on a fixture kata", () => {
  before(async () => {
    const runner = await openRunner({ root });
    try {
      const run = await runner.run(ids);
      results = new Map(run.results.map((r) => [r.id, r]));
    } finally {
      await runner.close();
    }
  });

  it("passes the exercise whose tests all pass", () => {
    assert.deepEqual(
      { ok: results.get("01-passing")?.ok, passed: results.get("01-passing")?.passed },
      { ok: true, passed: 1 },
    );
  });

  it("shows the first failing test of a failing exercise, in the test's own words", () => {
    const failing = results.get("02-failing");
    assert.equal(failing?.ok, false);
    assert.equal(failing?.failure?.test, "doubles 5 (the first failure)");
    assert.match(failing?.failure?.message ?? "", /double\(5\): expected 7 to be 10/);
    assert.deepEqual([failing?.passed, failing?.total], [1, 3]);
  });

  it("turns a hang into a plain failure that says nothing settled", () => {
    const hanging = results.get("03-hanging");
    assert.equal(hanging?.ok, false);
    assert.match(hanging?.failure?.message ?? "", /nothing happened for 500 ms: the code under test never settled/);
  });

  it("reports an exercise that throws at import, outside any test", () => {
    const throwing = results.get("04-throwing");
    assert.equal(throwing?.ok, false);
    assert.equal(throwing?.failure?.test, undefined);
    assert.match(throwing?.failure?.message ?? "", /broken at import/);
  });

  it("names the server an exercise leaves open, although its test passes", () => {
    const leaking = results.get("05-leaking");
    assert.equal(leaking?.ok, false);
    assert.match(leaking?.failure?.message ?? "", /leak: after this file's tests, still open: 1 × TCP server/);
  });

  it("makes the first exercise that does not pass the current one", () => {
    assert.equal(currentExercise(manifest.exercises, results)?.id, "02-failing");
  });

  it("draws the watch screen: title, file to edit, first failure, progress, keys", () => {
    const exercise = manifest.exercises[1];
    const result = results.get("02-failing");
    assert.ok(exercise && result);
    const screen = renderExercise(plain, { exercise, result, done: 1, total: 5 });
    for (const part of ["[####----------------] 1/5", "02-failing — Failing", "Edit: exercises/02-failing/index.ts", "✗ doubles 5 (the first failure)", "1 of 3 tests pass.", "h hint"]) {
      assert.ok(screen.includes(part), `missing ${JSON.stringify(part)} in:\n${screen}`);
    }
  });

  it("draws the done screen with the reference solution to compare", () => {
    const exercise = manifest.exercises[0];
    const result = results.get("01-passing");
    assert.ok(exercise && result);
    const screen = renderExercise({ ...plain, lang: "pt" }, { exercise, result, done: 1, total: 5, root });
    assert.match(screen, /01-passing passa: todos os testes estão verdes\./);
    assert.match(screen, /solutions\/01-passing\/index\.ts/);
    assert.match(screen, /n exercício seguinte/);
  });

  it("names the replacement character under a failure that shows broken UTF-8, and explains Vitest's English comparison in Portuguese", () => {
    const failure = { test: "keeps ç whole", message: "what came back: expected 'a\\ufffd\\ufffdo' to be 'ação'" };
    const result = { id: "06-x", passed: 0, total: 1, ok: false, failure, tests: [] };
    const pt = renderFailure({ ...plain, lang: "pt" }, result).join("\n");
    assert.match(pt, /carácter de substituição/);
    assert.match(pt, /«expected X to …» é do Vitest/);
    const en = renderFailure(plain, result).join("\n");
    assert.match(en, /replacement character/);
    const clean = renderFailure(plain, { ...result, failure: { test: "x", message: "waited 2000 ms for [client 1] to receive 3 bytes" } }).join("\n");
    assert.doesNotMatch(clean, /replacement character/);
  });

  it("shows a file that does not parse without a pass count and without type errors, which would only say the same again", () => {
    const exercise = manifest.exercises[1];
    assert.ok(exercise);
    const failure = { test: undefined, message: "a syntax error: exercises/02-failing/index.ts:2:7: Unexpected strict mode reserved word", syntax: true };
    const result = { id: "02-failing", passed: 0, total: 0, ok: false, failure, tests: [] };
    const typeErrors = [{ file: "exercises/02-failing/index.ts", line: 2, column: 7, message: "'let' is not allowed to be used as a name in 'let' or 'const' declarations." }];
    for (const lang of /** @type {const} */ (["en", "pt"])) {
      const screen = renderExercise({ ...plain, lang }, { exercise, result, total: 5, typeErrors });
      assert.match(screen, /a syntax error: exercises\/02-failing\/index\.ts:2:7/);
      assert.doesNotMatch(screen, /Type errors|Erros de tipos|'let' is not allowed|tests pass|testes passam/, lang);
    }
  });

  it("tells what to do about the stub's not-implemented error in English as in Portuguese", () => {
    const failure = { test: "gives two", message: "not implemented: exercises/02-x/index.ts" };
    const result = { id: "02-x", passed: 0, total: 1, ok: false, failure, tests: [] };
    const en = renderFailure(plain, result).join("\n");
    const pt = renderFailure({ ...plain, lang: "pt" }, result).join("\n");
    assert.match(en, /not implemented: exercises\/02-x\/index\.ts \(replace the throw notImplemented\(…\) with your code\)/);
    assert.match(pt, /por implementar: exercises\/02-x\/index\.ts \(substitui o throw notImplemented\(…\) pelo teu código\)/);
  });

  it("summarises a run and lists every exercise with its points", () => {
    assert.match(renderSummary(plain, manifest.exercises, results), /Next up: 02-failing/);
    const list = renderList(plain, manifest.exercises, results);
    assert.match(list, /✓ {2}01-passing +done +1\/1 +1 +Passing/);
    assert.match(list, /→ {2}02-failing +current/);
    assert.match(list, /1 of 5 exercises done, 1 of 15 points\./);
  });

  it("names the first failing test of every failing exercise in the summary, and the exercises still on their stub in one line", () => {
    const summary = renderSummary(plain, manifest.exercises, results);
    assert.match(summary, /Also failing[^\n]*\n {2}✗ 03-hanging: \S[^\n]*\n {2}✗ 04-throwing: [^\n]*broken at import[^\n]*\n {2}✗ 05-leaking: [^\n]*leak/);
    const stubbed = new Map(results);
    stubbed.set("04-throwing", { id: "04-throwing", passed: 0, total: 1, ok: false, failure: { test: "t", message: "not implemented: exercises/04-throwing/index.ts" }, tests: [] });
    const pt = renderSummary({ ...plain, lang: "pt" }, manifest.exercises, stubbed);
    assert.match(pt, /Ainda por começar \(ainda o esboço\): 04\./);
    assert.doesNotMatch(pt, /✗ 04-throwing:/);
  });
});

describe("fitToWidth", () => {
  it("breaks only between words, under where the text began, and leaves long paths and colours whole; a code frame's long line is cut, not wrapped", () => {
    const path = `exercises/${"x".repeat(40)}/index.ts`;
    const text = [`    a syntax error: ${path}:2:7: Unexpected token (the file does not parse)`, " 39 │   return (1; // a line of code that is longer than the terminal is wide", `  ✗ \u001b[1m${"word ".repeat(14)}end\u001b[22m`].join("\n");
    assert.deepEqual(fitToWidth(text, 40).split("\n"), [
      "    a syntax error:",
      `    ${path}:2:7:`,
      "    Unexpected token (the file does not",
      "    parse)",
      " 39 │   return (1; // a line of code th…",
      "  ✗ \u001b[1mword word word word word word word",
      "    word word word word word word word",
      "    end\u001b[22m",
    ]);
  });
});

describe("the list at 60 columns", () => {
  it("keeps each exercise on its row, within the width, in English and Portuguese: the status column goes, and a long title goes on under itself or is cut, never under the id", () => {
    const kata = loadManifest(); // the kata's own: its real titles
    for (const lang of /** @type {const} */ (["en", "pt"])) {
      const lines = fitToWidth(renderList({ color: false, links: false, lang, columns: 60 }, kata.exercises, new Map(), kata.exercises[2]), 60).split("\n");
      const shown = lines.join("\n");
      assert.deepEqual(lines.filter((line) => line.length > 60), [], `${lang}:\n${shown}`);
      const body = lines.slice(1, lines.indexOf(""));
      // A row per exercise; a title goes on only under itself, in its own column.
      const rows = body.filter((line) => /^[ →✓] {2}\d\d-/.test(line));
      assert.deepEqual(rows.map((row) => row.slice(3).split(" ")[0]), kata.exercises.map((e) => e.id), `${lang}: one row per exercise, in order:\n${shown}`);
      assert.deepEqual(body.filter((line) => !rows.includes(line) && !/^ {30,}\S/.test(line)), [], `${lang}: nothing wrapped under the ids:\n${shown}`);
      assert.match(rows[2] ?? "", /^→ {2}03-/, `${lang}: → marks the current one`);
    }
  });
});

describe("a code frame with two marks too far apart for the terminal", () => {
  it("shows the last mark, the error's own, under its column with its label, and drops rows that only pointed at what is cut", () => {
    const code = `const o = { ${Array.from({ length: 14 }, (_, i) => `key${i}: ${i}`).join(", ")};`;
    const open = code.indexOf("{");
    const error = code.length - 1;
    const pad = (/** @type {number} */ n) => " ".repeat(n);
    const frame = [
      ` 27 │ ${code}`,
      `    │ ${pad(open)}┬${pad(error - open - 1)}┬`,
      `    │ ${pad(open)}╰── Opened here${pad(error - open - 15)}│`,
      `    │ ${pad(error)}╰── \`,\` or \`}\` expected`,
    ].join("\n");
    const lines = fitToWidth(frame, 80).split("\n");
    assert.deepEqual(lines.filter((line) => line.length > 80), [], lines.join("\n"));
    const [source, mark, ...rest] = lines;
    assert.equal(source?.[mark?.indexOf("┬") ?? -1], ";", `┬ under the error's column:\n${lines.join("\n")}`);
    assert.ok(rest.some((line) => line.endsWith("╰── `,` or `}` expected")), `its label whole:\n${lines.join("\n")}`);
    assert.ok(rest.every((line) => line.slice(6).replace(/[…\s]/g, "") !== ""), `no row of blanks:\n${lines.join("\n")}`);
  });
});

describe("the runner, in Portuguese", () => {
  it("names a leak and a hang in Portuguese: the tests' workers speak the learner's language", async () => {
    const runner = await openRunner({ root, lang: "pt" });
    try {
      const { results: ran } = await runner.run(["03-hanging", "05-leaking"]);
      const [hanging, leaking] = ran.map((r) => r.failure?.message ?? "");
      assert.match(hanging ?? "", /nada aconteceu durante 500 ms: o código em teste nunca chegou ao fim/);
      assert.match(leaking ?? "", /fuga: depois dos testes deste ficheiro, ainda aberto: 1 × servidor TCP/);
      assert.match(leaking ?? "", /chama server\.close\(\)/);
    } finally {
      await runner.close();
      process.env.KATA_LANG = "en";
    }
  });
});

describe("the language, from the environment", () => {
  it("is the same for the tests' messages (test/support/say.ts) as for the tools, an empty variable counting as unset", () => {
    const kata = fileURLToPath(new URL("../..", import.meta.url));
    const probe = `Promise.all([import("./test/support/say.ts"), import("./tools/lib/lang.mjs")]).then(([say, lang]) => console.log(say.KATA_LANG, lang.pickLang(undefined)))`;
    /** @type {Record<string, string>[]} */
    const cases = [
      { LANG: "pt_PT.UTF-8", LC_ALL: "", LC_MESSAGES: "" },
      { LANG: "en_US.UTF-8", LC_ALL: "", LC_MESSAGES: "pt_BR.UTF-8" },
      { LANG: "pt_PT.UTF-8", LC_ALL: "C", LC_MESSAGES: "" },
      { LANG: "", LC_ALL: "", LC_MESSAGES: "" },
    ];
    const seen = cases.map((vars) => {
      const env = { ...process.env, ...vars };
      delete env.KATA_LANG;
      return execFileSync(process.execPath, ["-e", probe], { cwd: kata, env, encoding: "utf8" }).trim();
    });
    assert.deepEqual(seen, ["pt pt", "pt pt", "en en", "en en"]);
  });
});

describe("describeUnhandled", () => {
  it("gives an error that escaped the tests its code and the test that was running, in the learner's language", () => {
    const err = Object.assign(new Error("Not running"), {
      code: "ERR_SOCKET_DGRAM_NOT_RUNNING",
      VITEST_TEST_PATH: "/home/learner/kata/test/11-udp.test.ts",
      VITEST_TEST_NAME: "ignores a stranger",
    });
    assert.equal(describeUnhandled(err), "ERR_SOCKET_DGRAM_NOT_RUNNING: Not running (while test/11-udp.test.ts ran “ignores a stranger”)");
    assert.match(describeUnhandled(err, "pt"), /durante o teste «ignores a stranger» de test\/11-udp\.test\.ts/);
    assert.equal(describeUnhandled(new Error("plain")), "plain");
  });

  it("makes a carriage return visible in Vitest's diff, where it would vanish", () => {
    const err = Object.assign(new Error("lines: expected [ 'dos\\r' ] to deeply equal [ 'dos' ]"), {
      diff: '- Expected\n+ Received\n\n  [\n-   "dos",\n+   "dos\r",\n  ]',
      actual: "[\n  'dos\r'\n]",
      expected: "[\n  'dos'\n]",
    });
    assert.match(plainError(err), /\+ {3}"dos\\r",/);
  });

  it("shows an error that came many times once, with its count", () => {
    assert.deepEqual(counted(["RangeError: out of bounds", "other", "RangeError: out of bounds"]), ["RangeError: out of bounds (×2)", "other"]);
  });
});

describe("an error that escaped while every test passed", () => {
  /** A finished test module as Vitest reports it: these tests, all passed. @param {string[]} names */
  const passedModule = (names) => {
    const tests = names.map((name) => ({ name, fullName: `01-x > ${name}`, result: () => ({ state: "passed", errors: [] }) }));
    /** @type {unknown} */
    const module = { children: { allTests: () => tests }, errors: () => [] };
    return /** @type {import("vitest/node").TestModule} */ (module);
  };
  /** @param {string} name */
  const escaped = (name) => Object.assign(new Error("late"), { VITEST_TEST_PATH: "/k/test/01-x.test.ts", VITEST_TEST_NAME: name });

  it("fails the test that was running when it escaped, and counts it as not passed", () => {
    const result = resultOf("01-x", passedModule(["a", "b"]), [escaped("b")]);
    assert.deepEqual([result.ok, result.passed, result.total, result.failure?.test], [false, 1, 2, "b"]);
    assert.match(result.failure?.message ?? "", /an error escaped from your code.*late/);
    assert.deepEqual(result.tests.map((t) => t.state), ["passed", "failed"]);
  });

  it("fails the whole exercise when no test was running, and leaves other exercises' errors alone", () => {
    const none = resultOf("01-x", passedModule(["a"]), [escaped("(no such test)")]);
    assert.deepEqual([none.ok, none.failure?.test], [false, undefined]);
    const other = resultOf("01-x", passedModule(["a"]), [Object.assign(new Error("x"), { VITEST_TEST_PATH: "/k/test/02-y.test.ts" })]);
    assert.equal(other.ok, true);
  });
});

describe("wrapText", () => {
  it("wraps a long hint to the terminal's width, every line indented, no word cut", () => {
    const text = "Pass the family on: { all: true, family: options.family ?? 0, order: 'verbatim' }. Do not catch the errors.";
    const lines = wrapText(text, 40).split("\n");
    assert.ok(lines.length > 2);
    for (const line of lines) {
      assert.ok(line.startsWith("  ") && line.length <= 39, JSON.stringify(line));
    }
    assert.equal(lines.map((l) => l.trim()).join(" "), text);
  });
});

describe("progressBar", () => {
  it("fills in proportion", () => {
    assert.equal(progressBar(0, 16), "[--------------------] 0/16");
    assert.equal(progressBar(8, 16), "[##########----------] 8/16");
    assert.equal(progressBar(16, 16), "[####################] 16/16");
  });
});

describe("hints, one step per call", () => {
  const home = mkdtempSync(join(tmpdir(), "kata-hints-"));
  after(() => rmSync(home, { recursive: true, force: true }));

  it("advances through the hints, then keeps showing the last one", () => {
    const exercise = manifest.exercises[1];
    assert.ok(exercise);
    const seen = [1, 2, 3].map(() => takeNextHint(exercise, "pt", home));
    assert.deepEqual(
      seen.map((h) => [h.number, h.text, h.last]),
      [
        [1, "02-failing dica um", false],
        [2, "02-failing dica dois", true],
        [2, "02-failing dica dois", true],
      ],
    );
  });
});

describe("an endless loop in the learner's code", () => {
  it("fails the test that spins soon after its own deadline, kills its worker, runs the rest on a fresh Vitest, and closes", async () => {
    const grading = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "grading");
    // The fixture's deadlines are 2 s for a test, Vitest's 10 s for a hook; silent 1 s past them is stuck.
    const runner = await openRunner({ root: grading, graceMs: 1_000 });
    const started = performance.now();
    const { results, stuck } = await runner.run(["04-looping", "01-passing"]);
    const took = performance.now() - started;
    await runner.close();
    process.exitCode = 0; // the abandoned Vitest run marks the process as failed when it winds down
    assert.equal(stuck, true);
    const [looping, passing] = results;
    assert.deepEqual([looping?.ok, looping?.failure?.test], [false, "spins"]);
    assert.match(looping?.failure?.message ?? "", /this test stopped answering: \d+ s without a word, past its own deadline.*endless loop/);
    assert.equal(passing?.ok, true, "the exercise after the stuck one still runs");
    assert.ok(took < 20_000, `reported after ${Math.round(took)} ms, not within seconds of the 2 s deadline`);
    const table = execFileSync("ps", ["-A", "-o", "ppid="], { encoding: "utf8" });
    assert.equal(table.split("\n").filter((ppid) => Number(ppid) === process.pid).length, 1, "only ps itself may be our child");
  });
});
