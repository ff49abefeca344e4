// A test that does not apply on a platform (it skips itself through
// test/support/platform.ts, as 9 of exercise 10's tests do on Windows) is
// neither passed nor failed: the learner tools and the grade count over the
// tests that apply. Run on a fixture kata (tools/test/fixtures/skipping)
// whose tests skip, judged as on Windows and as on Linux.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createVitest } from "vitest/node";
import { buildGrade, gradeMarkdown } from "../lib/grading.mjs";
import { resultOf } from "../lib/kata.mjs";
import { ROOT, loadManifest } from "../lib/manifest.mjs";
import { PLATFORM_SKIPS, notApplicable, skipNotes } from "../lib/platform.mjs";
import { renderExercise, renderList } from "../lib/screen.mjs";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "skipping");
const manifest = loadManifest(root);
const plain = /** @type {const} */ ({ lang: "en", color: false, links: false });

/** @type {Map<string, import("vitest/node").TestModule>} */
const modules = new Map();

describe("a test that does not apply on this platform", () => {
  before(async () => {
    const vitest = await createVitest({ root, mode: "exercises", watch: false, reporters: [{ onInit() {} }] });
    try {
      const exitCode = process.exitCode;
      const run = await vitest.runTestSpecifications(await vitest.globTestSpecifications());
      process.exitCode = exitCode;
      for (const m of run.testModules) modules.set(m.relativeModuleId.replace(/^test\//, "").replace(/\.test\.ts$/, ""), m);
    } finally {
      await vitest.close();
    }
  });

  it("is neither passed nor failed where it skips itself with the platform's own note: all applicable tests pass", () => {
    const result = resultOf("01-sockets", modules.get("01-sockets"), [], "en", "win32");
    assert.deepEqual([result.ok, result.passed, result.total, result.failure], [true, 2, 2, undefined]);
    assert.deepEqual(result.tests.map((t) => t.state), ["passed", "not applicable", "passed", "not applicable"]);
  });

  it("is a test that did not pass on a platform where it should apply (the Windows note on Linux)", () => {
    const result = resultOf("01-sockets", modules.get("01-sockets"), [], "en", "linux");
    assert.deepEqual([result.ok, result.passed, result.total], [false, 2, 4]);
    assert.equal(result.failure?.test, "removes the socket file on close");
    assert.match(result.failure?.message ?? "", /did not run to the end \(skipped\)/);
  });

  it("is a test that did not pass when the skip's note is not a platform's (a made-up one)", () => {
    const result = resultOf("02-forged", modules.get("02-forged"), [], "en", "win32");
    assert.deepEqual([result.ok, result.passed, result.total], [false, 1, 2]);
  });

  it("shows a correct exercise as done in the learner tools, with every applicable test passing", () => {
    const result = resultOf("01-sockets", modules.get("01-sockets"), [], "en", "win32");
    const exercise = manifest.exercises[0];
    assert.ok(exercise);
    const screen = renderExercise(plain, { exercise, result, done: 1, total: 2, all: true });
    assert.match(screen, /✓ 01-sockets passes/);
    const list = renderList(plain, manifest.exercises, new Map([["01-sockets", result]]));
    assert.match(list, /✓\s+01-sockets\s+\S+\s+2\/2\s/);
  });

  it("gives all the points over the applicable tests, and the reports say how many did not apply", () => {
    const win = resultOf("01-sockets", modules.get("01-sockets"), [], "en", "win32");
    const linux = resultOf("01-sockets", modules.get("01-sockets"), [], "en", "linux");
    const only = { exercises: manifest.exercises.slice(0, 1) };
    const graded = (/** @type {import("../lib/kata.mjs").ExerciseResult} */ result) =>
      buildGrade({ manifest: only, outcomes: [{ id: "01-sockets", result }], tampered: [], allOrNothing: false, minScore: 10, imports: () => "" });
    const onWindows = graded(win);
    assert.deepEqual([onWindows.score, onWindows.exercises[0]?.tests], [10, { passed: 2, total: 2, notApplicable: 2 }]);
    assert.match(gradeMarkdown(onWindows), /\| 01 \| Socket files \| 2\/2 \(2 not applicable here\) \| 10 \/ 10 \| passed \|/);
    assert.deepEqual(onWindows.exercises[0]?.cases?.map((c) => c.state), ["passed", "not applicable", "passed", "not applicable"]);
    assert.equal(graded(linux).score, 5);
  });

  it("knows the notes test/support/platform.ts skips with, in English and in Portuguese", () => {
    const source = readFileSync(join(ROOT, "test", "support", "platform.ts"), "utf8");
    const said = [...source.matchAll(/context\.skip\([^,]+,\s*say`([^`]*)`\)/g)].map((m) => m[1]);
    assert.deepEqual(said.toSorted(), PLATFORM_SKIPS.map((s) => s.note).toSorted());
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(join(ROOT, "test", "messages.pt.json"), "utf8"));
    const pt = /** @type {Record<string, string>} */ (parsed);
    for (const { platform, note } of PLATFORM_SKIPS) {
      // A platform may skip for several reasons: each note, in both languages, is among its notes.
      assert.deepEqual(skipNotes(platform).filter((n) => n === note || n === pt[note]), [note, pt[note]]);
      assert.ok(notApplicable({ state: "skipped", note: pt[note] }, platform));
      assert.ok(!notApplicable({ state: "skipped", note }, "linux"));
    }
  });
});
