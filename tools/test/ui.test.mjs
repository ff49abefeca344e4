// `npm run ui`: the terminal says one line per run (when, what ran, how many
// tests pass and fail), in English and Portuguese, within 80 columns; the
// failures are in the browser. An endless loop is stopped and named, as npm
// test and watch do; one save is one line; one Ctrl-C ends it all.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { after, describe, it } from "node:test";
import { ROOT, loadManifest } from "../lib/manifest.mjs";
import { runLine } from "../lib/ui-run.mjs";
import { hasScript, inTerminal } from "./terminal.mjs";

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

  it("says so when a test stopped answering and the run was stopped, then which test and why, in the words of npm test", () => {
    const message = { en: "this test stopped answering: 4 s without a word", pt: "este teste deixou de responder: 4 s sem dar sinal" };
    for (const lang of /** @type {const} */ (["en", "pt"])) {
      const test = "ends the well-known range at 1023, not 1024 (off by one)";
      const tests = [...["passed", "passed", "failed"].map((state) => ({ name: "t", state })), ...Array.from({ length: 9 }, () => ({ name: "t", state: "pending" }))];
      const stuck = { id: "01-port-ranges", passed: 2, total: 12, ok: false, failure: { test, message: message[lang], stuck: true }, tests, stopped: true };
      const [line, ...why] = runLine([stuck], { lang, at, exercises: 16 }).split("\n");
      // The test's name as npm test and watch give it: in Portuguese from test/names.pt.json.
      const name = lang === "pt" ? "termina a gama das portas well-known em 1023, não em 1024 (erro de um a mais ou a menos)" : test;
      assert.equal(line, lang === "en" ? "09:05:07  ran 01-port-ranges: a test stopped answering: run stopped" : "09:05:07  correu o 01-port-ranges: um teste não responde: testes parados");
      const count = lang === "en" ? "2 passed, 1 stopped, 9 not run (of 12 tests)." : "2 passaram, 1 foi parado, 9 não correram (de 12 testes).";
      assert.deepEqual(why, [`  ✗ 01-port-ranges › ${name}`, `    ${message[lang]}`, `    ${count}`]);
      const all = exercises.map((e) => (e.id === stuck.id ? stuck : result(e.id, 0, 30)));
      assert.match(runLine(all, { lang, at, exercises: all.length }).split("\n")[0] ?? "", lang === "en" ? /ran all \d+ exercises: a test stopped answering: run stopped$/ : /correram os \d+ exercícios: um teste não responde: testes parados$/);
    }
  });

  it("fits in 80 columns, in both languages, with four-digit counts", () => {
    const all = exercises.map((e) => result(e.id, 599, 600)); // 9600 tests; the kata has some 400
    for (const lang of /** @type {const} */ (["en", "pt"])) {
      const stuck = { ...result("16-capstone", 999, 1000), failure: { test: "x", message: "m", stuck: true } };
      const lines = [runLine(all, { lang, at, exercises: all.length }), runLine([result("16-capstone", 999, 1000)], { lang, at, exercises: all.length })];
      for (const line of [...lines, runLine([...all.slice(0, -1), stuck], { lang, at, exercises: all.length }).split("\n")[0] ?? ""]) {
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

const fixture = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "ui");
/** @type {string[]} */
const copies = [];
after(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture kata to edit, with the kata's node_modules linked. */
function fixtureCopy() {
  const dir = mkdtempSync(join(tmpdir(), "kata-ui-"));
  copies.push(dir);
  cpSync(fixture, dir, { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

const noTerminal = hasScript ? false : "needs util-linux script(1) to give npm run ui a terminal";

/**
 * npm run ui on a copy of the fixture kata (KATA_ROOT), as a learner starts it: in a terminal
 * of 80 columns (script(1)), where `ctrlC()` presses Ctrl-C, or with pipes, where it signals.
 * In the terminal, ui replaces script's shell (exec), so the exit code is ui's (terminal.mjs).
 * @param {string} dir
 * @param {"en" | "pt"} lang
 * @param {{ env?: Record<string, string>, terminal?: boolean }} [options]
 */
function startUi(dir, lang, { env = {}, terminal = false } = {}) {
  const ui = [process.execPath, join(ROOT, "tools", "ui.mjs"), "--lang", lang];
  const inside = terminal ? inTerminal(ui, { columns: 80 }) : undefined;
  const [command, args] = inside ? ["script", inside.args] : [ui[0] ?? "", ui.slice(1)];
  const child = spawn(command, args, {
    cwd: dir,
    env: { ...process.env, KATA_ROOT: dir, NO_COLOR: "1", ...inside?.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  /** @type {(() => void)[]} */
  const waiting = [];
  const heard = (/** @type {Buffer} */ chunk) => {
    out += stripVTControlCharacters(String(chunk)).replaceAll("\r", "");
    for (const wake of waiting.splice(0)) wake();
  };
  child.stdout.on("data", heard);
  child.stderr.on("data", heard);
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    out: () => out,
    /** Kill it and all it started, whatever state it is in. */
    stop() {
      for (const pid of [...descendants(child.pid ?? 0), child.pid ?? 0]) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone already
        }
      }
    },
    /** Ctrl-C, once: a key in the terminal, a signal otherwise. */
    ctrlC: () => (terminal ? child.stdin.write("\u0003") : child.kill("SIGINT")),
    /**
     * Wait until what it printed matches; each time it writes, look again; give up after `ms`.
     * @param {RegExp} pattern
     * @param {number} [ms]
     */
    async until(pattern, ms = 60_000) {
      const deadline = Date.now() + ms;
      while (!pattern.test(out)) {
        const left = deadline - Date.now();
        if (left <= 0 || child.exitCode !== null) assert.fail(`npm run ui never printed ${pattern} within ${ms} ms; it printed:\n${out}`);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 1_000));
          waiting.push(() => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
      }
    },
  };
}

/** Every process descended from `pid`. @param {number} pid */
function descendants(pid) {
  const table = execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found = [pid];
  for (let i = 0; i < found.length; i++) for (const [child, parent] of table) if (parent === found[i] && child !== undefined) found.push(child);
  return found.slice(1);
}

/** Whether a process is still there (a zombie not yet reaped counts as gone). @param {number} pid */
function alive(pid) {
  try {
    return !/^Z/.test(execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).trim());
  } catch {
    return false;
  }
}

/**
 * Press Ctrl-C once: npm run ui must end within 10 s (exit code 130), and every process it
 * started (Vitest's workers, their watchdog, a worker spinning in the learner's loop) with it.
 * @param {ReturnType<typeof startUi>} ui
 */
async function ctrlCEndsIt(ui) {
  const left = descendants(ui.child.pid ?? 0);
  ui.ctrlC();
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  /** @type {unknown} */
  const code = await Promise.race([ui.exited, new Promise((resolve) => (timer = setTimeout(() => resolve("still running 10 s after one Ctrl-C"), 10_000)))]);
  clearTimeout(timer);
  assert.equal(code, 130, ui.out());
  // A killed process may take a moment to be reaped.
  for (let i = 0; i < 100 && left.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(left.filter(alive), [], "processes left behind after Ctrl-C");
}

describe("npm run ui, when the learner's code never gives control back", { skip: noTerminal }, () => {
  it("says within seconds of the test's deadline that the test stopped answering (Portuguese here), runs the next save, and ends on one Ctrl-C leaving no process", { timeout: 120_000 }, async () => {
    const dir = fixtureCopy();
    const ui = startUi(dir, "pt", { terminal: true });
    const exercise = join(dir, "exercises", "02-loop", "index.ts");
    try {
      await ui.until(/correram os 3 exercícios: 5 de 5 testes passam, 0 falham\n/);
      writeFileSync(exercise, "export function two(): number {\n  while (Date.now() > 0);\n  return 2;\n}\n");
      const looping = performance.now();
      await ui.until(/correu o 02-loop: um teste não responde: testes parados\n {2}✗ 02-loop › gives two\n {4}este teste deixou de responder: \d+ s sem dar sinal/);
      // What became of its tests: the one before the loop passed (the workers wrote it down), the one after never ran.
      await ui.until(/\n {4}1 passou, 1 foi parado, 1 não correu \(de 3 testes\)\.\n/);
      const took = performance.now() - looping;
      // The fixture's tests have 1 s, and the grace is 3 s: well under 20 s, not never.
      assert.ok(took < 20_000, `the loop was reported ${Math.round(took)} ms after the save`);
      writeFileSync(exercise, "export function two(): number {\n  return 2;\n}\n");
      await ui.until(/correu o 02-loop: 3 de 3 testes passam, 0 falham\n/);
      await ctrlCEndsIt(ui);
    } finally {
      ui.stop();
    }
  });

  it("ends on one Ctrl-C while the test spins, leaving no spinning worker", { timeout: 120_000 }, async () => {
    const dir = fixtureCopy();
    const mark = join(dir, "spinning");
    const ui = startUi(dir, "en", { env: { KATA_UI_MARK: mark }, terminal: true });
    try {
      await ui.until(/ran all 3 exercises: 5 of 5 tests pass, 0 fail\n/);
      const spin = 'export function two(): number {\n  writeFileSync(process.env.KATA_UI_MARK ?? "", "");\n  while (Date.now() > 0);\n  return 2;\n}\n';
      writeFileSync(join(dir, "exercises", "02-loop", "index.ts"), `import { writeFileSync } from "node:fs";\n${spin}`);
      for (let i = 0; i < 600 && !existsSync(mark); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(existsSync(mark), `the test never started spinning:\n${ui.out()}`);
      await ctrlCEndsIt(ui);
    } finally {
      ui.stop();
    }
  });
});

describe("npm run ui, one line per save", () => {
  it("prints no line for a run whose file was saved again while it ran (an editor's second write): the next run's line says how the code is", { timeout: 120_000 }, async () => {
    const dir = fixtureCopy();
    const mark = join(dir, "running");
    const ui = startUi(dir, "en", { env: { KATA_UI_MARK: mark } });
    const exercise = join(dir, "exercises", "03-save", "index.ts");
    try {
      await ui.until(/ran all 3 exercises: 5 of 5 tests pass, 0 fail\n/);
      // The first write: three() says it is running, then waits (within its test's deadline) until the file changes.
      writeFileSync(
        exercise,
        [
          'import { readFileSync, writeFileSync } from "node:fs";',
          "export function three(): number {",
          '  writeFileSync(process.env.KATA_UI_MARK ?? "", "");',
          "  const me = new URL(import.meta.url);",
          '  for (let i = 0; i < 800 && readFileSync(me, "utf8").includes("first write"); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);',
          "  return 3; // first write",
          "}",
          "",
        ].join("\n"),
      );
      for (let i = 0; i < 600 && !existsSync(mark); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(existsSync(mark), `the run of the first write never started:\n${ui.out()}`);
      // The second write, while the run of the first is in flight.
      writeFileSync(exercise, "export function three(): number {\n  return 4;\n}\n");
      await ui.until(/ran 03-save: 0 of 1 tests pass, 1 fails\n/);
      const lines = ui.out().split("\n").filter((line) => /ran 03-save/.test(line));
      assert.deepEqual(lines.map((line) => line.slice(10)), ["ran 03-save: 0 of 1 tests pass, 1 fails"], `one save, one line:\n${ui.out()}`);
    } finally {
      ui.child.kill("SIGINT");
      await ui.exited;
    }
  });
});
