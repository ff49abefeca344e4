// `npm run ui`: the terminal says one line per run (when, what ran, how many
// tests pass and fail), in English and Portuguese, within 80 columns; the
// failures are in the browser.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT, loadManifest } from "../lib/manifest.mjs";
import { runLine } from "../lib/ui-run.mjs";

const at = new Date(2026, 10, 30, 9, 5, 7);
const exercises = loadManifest().exercises;
/** @param {string} id @param {number} passed @param {number} total */
const result = (id, passed, total) => ({ id, passed, total, ok: total > 0 && passed === total });

describe("npm run ui's line per run", () => {
  it("names the one exercise a save reran, with its tests passing and failing", () => {
    assert.equal(runLine([result("01-port-ranges", 3, 12)], { lang: "en", at, exercises: 16 }), "09:05:07  ran 01-port-ranges: 3 of 12 tests pass, 9 fail");
    assert.equal(runLine([result("01-port-ranges", 3, 12)], { lang: "pt", at, exercises: 16 }), "09:05:07  correu o 01-port-ranges: 3 de 12 testes passam, 9 falham");
  });

  it("counts the tests of a run of every exercise (the first one), or of several", () => {
    const all = exercises.map((e, i) => result(e.id, i < 2 ? 30 : 0, 30));
    assert.equal(runLine(all, { lang: "en", at, exercises: all.length }), `09:05:07  ran all ${all.length} exercises: 60 of ${30 * all.length} tests pass, ${30 * (all.length - 2)} fail`);
    assert.equal(runLine(all, { lang: "pt", at, exercises: all.length }), `09:05:07  correram os ${all.length} exercícios: 60 de ${30 * all.length} testes passam, ${30 * (all.length - 2)} falham`);
    assert.equal(runLine(all.slice(0, 3), { lang: "en", at, exercises: all.length }), "09:05:07  ran 3 exercises: 60 of 90 tests pass, 30 fail");
    assert.equal(runLine([result("01-port-ranges", 11, 12)], { lang: "en", at, exercises: all.length }), "09:05:07  ran 01-port-ranges: 11 of 12 tests pass, 1 fails");
    assert.equal(runLine([result("01-port-ranges", 11, 12)], { lang: "pt", at, exercises: all.length }), "09:05:07  correu o 01-port-ranges: 11 de 12 testes passam, 1 falha");
  });

  it("says so when an exercise did not load (a syntax error), not '0 of 0 tests pass'", () => {
    const broken = { id: "01-port-ranges", passed: 0, total: 0, ok: false };
    assert.equal(runLine([broken], { lang: "en", at, exercises: 16 }), "09:05:07  ran 01-port-ranges: it failed to load (the browser says why)");
    assert.equal(runLine([broken], { lang: "pt", at, exercises: 16 }), "09:05:07  correu o 01-port-ranges: não carregou (o navegador diz porquê)");
  });

  it("fits in 80 columns, in both languages, with four-digit counts", () => {
    const all = exercises.map((e) => result(e.id, 599, 600)); // 9600 tests; the kata has some 400
    for (const lang of /** @type {const} */ (["en", "pt"])) {
      for (const line of [runLine(all, { lang, at, exercises: all.length }), runLine([result("16-capstone", 999, 1000)], { lang, at, exercises: all.length })]) {
        assert.ok(line.length <= 80, `${line.length} columns: ${line}`);
      }
    }
  });
});

describe("npm run ui", () => {
  it("prints the UI's address, then for the first run one line (all the exercises, their tests counted) and nothing else", { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, [join(ROOT, "tools", "ui.mjs"), "--lang", "en"], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += String(chunk)));
    child.stderr.on("data", (chunk) => (out += String(chunk)));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await new Promise((resolve, reject) => {
        // The first run's line is the fourth (after "Starting…" and the two about the address).
        const seen = () => out.split("\n").length > 4 && resolve(undefined);
        child.stdout.on("data", seen);
        child.once("exit", () => reject(new Error(`npm run ui ended before its first run:\n${out}`)));
      });
      // Anything after the line would come at once (the same write or the next): give it a moment to show.
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      child.kill("SIGINT");
      await exited;
    }
    const lines = out.trimEnd().split("\n");
    assert.equal(lines[0], "Starting the Vitest UI…");
    assert.match(lines[1] ?? "", /^The Vitest UI: http:\/\/\S+\/__vitest__\/\?token=\S+$/);
    assert.equal(lines[2], "(the failures are in the browser; Ctrl-C stops it)");
    assert.match(lines[3] ?? "", new RegExp(`^\\d\\d:\\d\\d:\\d\\d  ran all ${exercises.length} exercises: \\d+ of \\d+ tests pass, \\d+ fail$`));
    assert.equal(lines.length, 4, `npm run ui printed more than the address and one line:\n${out}`);
  });
});
