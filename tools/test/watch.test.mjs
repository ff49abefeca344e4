// npm run watch, driven through a real terminal (script(1) gives it one) on
// a copy of a tiny fixture kata (tools/test/fixtures/watch): the first
// screen, the keys, a save, an exercise broken after moving on, an endless
// loop, the reset, and polling. Skipped where script(1) is missing (it is
// part of util-linux; macOS's has other flags).
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { ROOT, loadManifest } from "../lib/manifest.mjs";
import { resetToStub } from "../lib/reset.mjs";
import { changedFiles, pollReason, snapshot } from "../lib/watching.mjs";
import { renderExercise, renderSummary } from "../lib/screen.mjs";
import { hasScript, inTerminal } from "./terminal.mjs";

const fixture = join(ROOT, "tools", "test", "fixtures", "watch");
const skip = hasScript ? false : "needs util-linux script(1) to give watch a terminal";

/** @type {string[]} */
const made = [];
/** @type {import("node:child_process").ChildProcess[]} */
const started = [];
after(() => {
  for (const child of started) if (child.exitCode === null) child.kill();
  for (const dir of made) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** A copy of the fixture kata, in git: the kata's first stub, then today's, as the kata's author. */
function kataCopy() {
  const dir = mkdtempSync(join(tmpdir(), "kata-watch-"));
  made.push(dir);
  cpSync(fixture, dir, { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  const git = (/** @type {string[]} */ ...args) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  const stub = join(dir, "exercises", "02-second", "index.ts");
  const today = readFileSync(stub, "utf8");
  git("init", "-q");
  git("config", "user.email", "learner@example.org");
  git("config", "user.name", "Learner");
  writeFileSync(stub, "// the first stub, since improved\n");
  git("add", ".");
  git("-c", "user.email=kata@example.org", "commit", "-q", "-m", "kata");
  writeFileSync(stub, today);
  git("-c", "user.email=kata@example.org", "commit", "-q", "-am", "kata: a better stub");
  return { dir, today, git };
}

/**
 * npm run watch in a terminal of its own. `screen()` is what it shows now
 * (the text since it last cleared the screen).
 * @param {string} dir
 * @param {string[]} [args]
 * @param {Record<string, string>} [env]
 * @param {number} [columns] the terminal's width, when it matters
 */
function startWatch(dir, args = [], env = {}, columns = 0) {
  // script(1)'s terminal has no size of its own (watch then takes 80 columns); stty gives it one.
  const terminal = inTerminal([process.execPath, join(ROOT, "tools", "watch.mjs"), ...args], { columns, rows: 50 });
  const child = spawn("script", terminal.args, {
    cwd: dir, // as npm run starts it
    env: { ...process.env, KATA_ROOT: dir, LANG: "C", LC_ALL: "", NO_COLOR: "1", COLUMNS: "100", ...terminal.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  started.push(child);
  let out = "";
  /** @type {(() => void)[]} */
  const waiting = [];
  child.stdout.on("data", (chunk) => {
    out += String(chunk);
    for (const wake of waiting.splice(0)) wake();
  });
  const screen = () => stripVTControlCharacters(out.slice(out.lastIndexOf("\u001b[2J"))).replaceAll("\r", "");
  return {
    screen,
    /** Everything it has written so far. */
    all: () => stripVTControlCharacters(out).replaceAll("\r", ""),
    /** @param {string} keys */
    press: (keys) => child.stdin.write(keys),
    /**
     * Wait until the screen matches (its runs of white space as one space: text wraps at the
     * terminal's width), and is whole: a screen comes in several chunks, so it has come when
     * its last line has (the saves line, or the keys under the list). Each time it writes,
     * look again; give up after `ms`.
     * @param {RegExp} pattern
     * @param {number} [ms]
     * @param {number} [from] how much of the output (written()) to look past
     */
    async until(pattern, ms = 20_000, from = 0) {
      const deadline = Date.now() + ms;
      // With `from`: a screen drawn after that much was written.
      const drawnSince = () => out.lastIndexOf("\u001b[2J") >= from;
      // The saves line may take two lines where the terminal is narrow.
      const whole = (/** @type {string} */ text) => /(?:saves|alterações): [^\n]*\n(?:[^\n]+\n)?$|q (?:quit|sair)\n$/.test(text);
      while (!drawnSince() || !pattern.test(screen().replace(/\s+/g, " ")) || !whole(screen())) {
        const left = deadline - Date.now();
        if (left <= 0) assert.fail(`the screen never showed ${pattern} within ${ms} ms; it shows:\n${screen()}`);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, left);
          waiting.push(() => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
      }
      return screen();
    },
    /** How much it has written so far, escape sequences and all (for until's `from`). */
    written: () => out.length,
    /** The terminal's own process ID (script's). */
    pid: child.pid,
    async quit() {
      child.stdin.write("q");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/**
 * The terminal (/dev/pts/N) that watch runs in: the standard input of a process under `pid`.
 * @param {number | undefined} pid script(1)'s
 */
function watchTty(pid) {
  /** @type {Map<number, number>} each process and its parent */
  const parents = new Map();
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone
    }
  }
  const queue = [...parents].filter(([, parent]) => parent === pid).map(([child]) => child);
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    try {
      const tty = readlinkSync(`/proc/${at}/fd/0`);
      if (tty.startsWith("/dev/pts/")) return tty;
    } catch {
      // gone, or not ours to read
    }
    queue.push(...[...parents].filter(([, parent]) => parent === at).map(([child]) => child));
  }
  throw new Error(`no terminal under process ${pid}`);
}

describe("npm run watch, in a terminal", { skip }, () => {
  it("draws its first screen before the first run ends, then the verdict; n and a bad j say why they do nothing", async () => {
    const { dir } = kataCopy();
    const watch = startWatch(dir);
    const first = await watch.until(/socket-kata/);
    assert.match(first, /01-first — First[\s\S]*⟳ Running the tests…/, "the first screen shows the exercise and that the tests run");
    assert.doesNotMatch(first, /First failing test|passes: every test is green/);
    await watch.until(/02-second — Second[\s\S]*✗ gives two[\s\S]*not implemented/);
    assert.match(watch.screen(), /saves: seen by file events/);
    watch.press("n");
    await watch.until(/n moves on once 02-second passes, and it does not yet/);
    watch.press("jx");
    await watch.until(/"x" is not an exercise number: after j, type two digits/);
    watch.press("j9\r");
    await watch.until(/No exercise "9"/);
    watch.press("j1\r");
    await watch.until(/01-first — First[\s\S]*01-first passes/);
    await watch.quit();
  });

  it("takes the n note away once it no longer applies: n pressed during the first run, about an exercise that then passes", async () => {
    const { dir } = kataCopy();
    const watch = startWatch(dir);
    // Nothing passed at the last run (there was none): the first screen guesses 01-first.
    await watch.until(/01-first — First[\s\S]*⟳ Running the tests…/);
    watch.press("n");
    await watch.until(/⟳ Running the tests…[\s\S]*n moves on once 01-first passes/);
    const after = await watch.until(/02-second — Second[\s\S]*✗ gives two/);
    assert.doesNotMatch(after, /n moves on/, "01-first passes and is not current: the note is stale");
    watch.press("n");
    await watch.until(/n moves on once 02-second passes/);
    writeFileSync(join(dir, "exercises", "02-second", "index.ts"), "export function two(): number {\n  return 2;\n}\n");
    const passed = await watch.until(/02-second passes: every test is green/);
    assert.doesNotMatch(passed, /n moves on/);
    await watch.quit();
  });

  it("marks the exercise j jumped to as the current one in the list, in English and Portuguese", async () => {
    const { dir } = kataCopy();
    for (const { lang, current, todo } of [
      { lang: "en", current: "current", todo: "to do" },
      { lang: "pt", current: "atual", todo: "por fazer" },
    ]) {
      const watch = startWatch(dir, ["--lang", lang]);
      await watch.until(/02-second — \w+[\s\S]*✗ gives two/);
      watch.press("j01");
      await watch.until(/01-first — \w+[\s\S]*01-first pass/);
      watch.press("l");
      const list = await watch.until(/01-first[\s\S]*02-second/);
      assert.match(list, /→ {2}01-first\b/, `${lang}: → on the exercise jumped to`);
      assert.match(list, new RegExp(`\\n {3}02-second +${todo} `), `${lang}: the first that fails is not current`);
      assert.doesNotMatch(list, new RegExp(`02-second +${current}`));
      await watch.quit();
    }
  });

  it("says an earlier exercise broke when its file is saved, shows that a run is in flight, and recovers from an endless loop", async () => {
    const { dir } = kataCopy();
    const watch = startWatch(dir);
    await watch.until(/02-second — Second[\s\S]*not implemented/);
    writeFileSync(join(dir, "exercises", "01-first", "index.ts"), "export function one(): number {\n  return 11;\n}\n");
    await watch.until(/01-first passed before and fails now \(✗ gives one\)\. Press j and 01 to go back to it\./);
    // No test to name when it does not parse: what failed, with where.
    writeFileSync(join(dir, "exercises", "01-first", "index.ts"), "export function one(): number {\n  return 1;\n");
    await watch.until(/01-first passed before and fails now,\s+outside\s+any\s+test:\s+a\s+syntax\s+error:\s+exercises\/01-first\/index\.ts:\d+:\d+:/);
    assert.doesNotMatch(watch.screen(), /✗ \?/);
    const solved = "export function two(): number {\n  return 2;\n}\n";
    writeFileSync(join(dir, "exercises", "02-second", "index.ts"), "export function two(): number {\n  while (Date.now() > 0);\n  return 2;\n}\n");
    await watch.until(/⟳ Running the tests…/);
    assert.doesNotMatch(watch.screen(), /not implemented/, "no stale verdict while the run is in flight");
    const stuck = await watch.until(/this test stopped answering/, 30_000);
    assert.match(stuck, /✗ gives two/);
    writeFileSync(join(dir, "exercises", "02-second", "index.ts"), solved);
    await watch.until(/02-second passes: every test is green/);
    await watch.quit();
  });

  it("quits at once on q while a test spins in an endless loop, not when the run would have been stopped", async () => {
    const { dir } = kataCopy();
    const watch = startWatch(dir);
    await watch.until(/02-second — Second[\s\S]*not implemented/);
    writeFileSync(join(dir, "exercises", "02-second", "index.ts"), "export function two(): number {\n  while (Date.now() > 0);\n  return 2;\n}\n");
    await watch.until(/⟳ Running the tests…/);
    // The fixture's deadlines are 1 s, stuck 3 s past them: a quit that waits for that takes 4 s.
    const pressed = performance.now();
    const exited = watch.quit();
    await exited;
    const took = performance.now() - pressed;
    assert.ok(took < 3_000, `quit took ${Math.round(took)} ms: it waited for the spinning test`);
  });

  it("stops an endless loop at the top level of the exercise within seconds of a test's deadline, and says it is in the import", async () => {
    const { dir } = kataCopy();
    const watch = startWatch(dir);
    await watch.until(/02-second — Second[\s\S]*not implemented/);
    writeFileSync(join(dir, "exercises", "02-second", "index.ts"), "while (Date.now() > 0);\nexport function two(): number {\n  return 2;\n}\n");
    // The fixture's deadlines are 1 s; silent 3 s past them is stuck. Not the whole run's 60 s.
    const stuck = await watch.until(/the tests never finished loading exercises\/02-second\/index\.ts: \d+ s without a word/, 15_000);
    assert.match(stuck.replace(/\s+/g, " "), /Outside any test: .*top level of a file \(outside any function\) runs as it is imported/);
    writeFileSync(join(dir, "exercises", "02-second", "index.ts"), "export function two(): number {\n  return 2;\n}\n");
    await watch.until(/02-second passes: every test is green/);
    await watch.quit();
  });

  it("x resets the stub to the kata's latest version, not the first one, after y (s in Portuguese), keeping a backup; any other key says it kept the code", async () => {
    const { dir, today } = kataCopy();
    const stub = join(dir, "exercises", "02-second", "index.ts");
    writeFileSync(stub, "export function two(): number {\n  return 3;\n}\n");
    const watch = startWatch(dir, ["--lang", "pt"]);
    await watch.until(/02-second — Segundo[\s\S]*✗ gives two/);
    watch.press("x");
    await watch.until(/Repor exercises\/02-second\/index\.ts no esboço do kata\?[\s\S]*s repõe/);
    watch.press("y"); // the English yes, which does not reset in Portuguese
    await watch.until(/Não foi reposto: exercises\/02-second\/index\.ts ficou como o deixaste \(s repõe\)/);
    assert.match(readFileSync(stub, "utf8"), /return 3;/);
    watch.press("x");
    await watch.until(/Repor exercises\/02-second\/index\.ts no esboço do kata\?[\s\S]*s repõe/);
    watch.press("s");
    await watch.until(/voltou a ser o esboço; o teu código ficou guardado em \.kata\/backups\/02-second-/);
    await watch.until(/por implementar/);
    assert.equal(readFileSync(stub, "utf8"), today);
    await watch.quit();
  });

  it("wraps long lines at word boundaries on an 80-column terminal, in English and Portuguese", async () => {
    const { dir } = kataCopy();
    for (const { lang, first, rest } of [
      { lang: "en", first: "not implemented: exercises/02-second/index.ts (replace the throw", rest: "notImplemented(…) with your code)" },
      { lang: "pt", first: "por implementar: exercises/02-second/index.ts (substitui o throw", rest: "notImplemented(…) pelo teu código)" },
    ]) {
      const watch = startWatch(dir, ["--lang", lang], {}, 80);
      const screen = await watch.until(/02-second — \w+[\s\S]*✗ gives two[\s\S]*(?:implementar|implemented)/);
      const lines = screen.split("\n");
      assert.deepEqual(lines.filter((line) => line.length > 80), [], `${lang}: no line wider than the terminal`);
      assert.ok(lines.includes(`    ${first}`) && lines.includes(`    ${rest}`), `${lang}: broken between words, under the text:\n${screen}`);
      await watch.quit();
    }
  });

  it("does not call a deliberate reset (x) of a solved exercise a regression", async () => {
    const { dir, git } = kataCopy();
    const first = join(dir, "exercises", "01-first", "index.ts");
    const solved = readFileSync(first, "utf8");
    writeFileSync(first, 'export function one(): number {\n  throw new Error("not implemented: exercises/01-first/index.ts");\n}\n');
    git("-c", "user.email=kata@example.org", "commit", "-q", "-am", "kata: 01's stub");
    writeFileSync(first, solved); // the learner's solution
    const watch = startWatch(dir);
    await watch.until(/02-second — Second[\s\S]*✗ gives two/);
    watch.press("j01");
    await watch.until(/01-first passes: every test is green/);
    watch.press("x");
    await watch.until(/y resets/);
    watch.press("y");
    await watch.until(/01-first — First[\s\S]*✗ gives one[\s\S]*is the stub again/);
    watch.press("j02");
    const second = await watch.until(/02-second — Second[\s\S]*✗ gives two/);
    assert.doesNotMatch(second, /passed before and fails now/);
    await watch.quit();
  });

  it("shows a syntax error with file:line:column and the code", async () => {
    const { dir } = kataCopy();
    const stub = join(dir, "exercises", "02-second", "index.ts");
    const watch = startWatch(dir);
    await watch.until(/02-second — Second[\s\S]*not implemented/);
    writeFileSync(stub, "export function two(): number {\n  return (2;\n}\n");
    const syntax = await watch.until(/a syntax error: exercises\/02-second\/index\.ts:2:\d+: .*the file does not parse/);
    assert.match(syntax, /2 │ {3}return \(2;/, "the code frame, without the bundler's colours");
    assert.doesNotMatch(syntax, /Transform failed/);
    await watch.quit();
  });

  it("does not call an exercise done while its file has type errors, though its tests pass: it shows them under the result, in English and Portuguese", async () => {
    const { dir } = kataCopy();
    const stub = join(dir, "exercises", "02-second", "index.ts");
    // Vitest strips the types: 1 + 1 is 2 at run time.
    writeFileSync(stub, "export function two(): number {\n  const label: string = 1;\n  return label + 1;\n}\n");
    const error = /exercises\/02-second\/index\.ts:2:9 Type 'number' is not assignable to type 'string'\./;
    const pt = startWatch(dir, ["--lang", "pt"]);
    const portuguese = await pt.until(/02-second: todos os testes passam, mas o ficheiro tem erros de tipos, por isso ainda não está feito/, 40_000);
    assert.match(portuguese.replace(/\s+/g, " "), error);
    assert.match(portuguese, /\] 1\/2/, "01 is done, 02 is not");
    await pt.quit();
    const en = startWatch(dir);
    const english = await en.until(/✗ 02-second: every test passes, but the file has type errors, so it is not done yet/, 40_000);
    assert.match(english.replace(/\s+/g, " "), error);
    assert.doesNotMatch(english, /every test is green/);
    en.press("n");
    await en.until(/n moves on once 02-second has no type errors either/);
    writeFileSync(stub, "export function two(): number {\n  const label: number = 1;\n  return label + 1;\n}\n");
    await en.until(/02-second passes: every test is green[\s\S]*n next exercise/, 40_000);
    await en.quit();
  });

  it("shows a syntax error without a pass count or Vitest's comparison note, one only the engine finds too, in English and Portuguese", async () => {
    const { dir } = kataCopy();
    const stub = join(dir, "exercises", "02-second", "index.ts");
    const en = startWatch(dir);
    await en.until(/02-second — Second[\s\S]*not implemented/);
    // Oxc transforms it; V8 refuses it when the module loads.
    writeFileSync(stub, "export function two(): number {\n  let let = 1;\n  return 2;\n}\n");
    const engine = await en.until(/a syntax error: exercises\/02-second\/index\.ts:2:7: Unexpected strict mode reserved word/);
    assert.match(engine, / 2 │ {3}let let = 1;\n +│ {7}\^\^\^/, "the learner's line, with a caret under the word");
    assert.doesNotMatch(engine, /tests pass/);
    await en.quit();
    writeFileSync(stub, "export function two(): number {\n  return (2;\n}\n");
    const pt = startWatch(dir, ["--lang", "pt"]);
    const parse = await pt.until(/um erro de sintaxe: exercises\/02-second\/index\.ts:2:\d+: .*o ficheiro não se consegue ler/);
    assert.match(parse, /`\)` expected/, "the bundler's own words, which say expected");
    assert.doesNotMatch(parse, /testes passam/);
    assert.doesNotMatch(parse, /a comparação «expected X to …» é do Vitest/, "no test compared anything");
    await pt.quit();
  });

  it("says an earlier, done exercise now has type errors when its file is saved, though its tests pass, in English and Portuguese", async () => {
    const { dir } = kataCopy();
    const first = join(dir, "exercises", "01-first", "index.ts");
    const solved = readFileSync(first, "utf8");
    // Vitest strips the types: 0 + 1 is 1 at run time, and the test passes.
    const typo = "export function one(): number {\n  const label: string = 0;\n  return label + 1;\n}\n";
    for (const { lang, said, gone } of [
      {
        lang: "en",
        said: /01-first passed before and now has 2 type errors \(the first: exercises\/01-first\/index\.ts:2:9 Type 'number' is not assignable to type 'string'\.\)\. Press j and 01 to go back to it\./,
        gone: /01-first passed before/,
      },
      {
        lang: "pt",
        said: /01-first passava e agora tem 2 erros de tipos \(o primeiro: exercises\/01-first\/index\.ts:2:9 Type 'number' is not assignable to type 'string'\.\)\. Carrega em j e 01 para voltar a ele\./,
        gone: /01-first passava/,
      },
    ]) {
      const watch = startWatch(dir, ["--lang", lang]);
      await watch.until(/02-second — \w+[\s\S]*✗ gives two/);
      writeFileSync(first, typo);
      const broken = await watch.until(said, 40_000);
      assert.match(broken, /02-second — \w+/, `${lang}: still on 02`);
      assert.match(broken, /\] 0\/2/, `${lang}: 01 is not done any more`);
      writeFileSync(first, solved);
      // Once its types are checked again, the warning goes.
      await watch.until(new RegExp(`^(?![\\s\\S]*${gone.source})[\\s\\S]*\\] 1/2[\\s\\S]*✗ gives two`), 40_000);
      await watch.quit();
    }
  });

  it("after an endless loop, says how many tests passed, which one was stopped and how many never ran, in English and Portuguese", async () => {
    const { dir } = kataCopy();
    const stub = join(dir, "exercises", "02-second", "index.ts");
    writeFileSync(stub, "export function two(): number {\n  while (Date.now() > 0);\n  return 2;\n}\n");
    for (const { lang, count } of [
      { lang: "en", count: "1 passed, 1 stopped, 1 not run (of 3 tests)." },
      { lang: "pt", count: "1 passou, 1 foi parado, 1 não correu (de 3 testes)." },
    ]) {
      const watch = startWatch(dir, ["--lang", lang]);
      const stuck = await watch.until(/(?:this test stopped answering|este teste deixou de responder)/, 30_000);
      assert.match(stuck, /✗ gives two\n/, `${lang}: the test that spun is the one stopped, not the one that passed before it`);
      assert.ok(stuck.includes(count), `${lang}: ${count} in:\n${stuck}`);
      assert.doesNotMatch(stuck, /0 (?:of|de) 3/, `${lang}: no count of tests that never ran as failing`);
      await watch.quit();
    }
    // npm test says it the same way: one run's summary, and one exercise's every test.
    const exercise = loadManifest(dir).exercises[1];
    assert.ok(exercise);
    const result = {
      id: "02-second",
      passed: 1,
      total: 3,
      ok: false,
      stopped: true,
      failure: { test: "gives two", message: "this test stopped answering" },
      tests: [
        { name: "is a function", state: "passed" },
        { name: "gives two", state: "failed" },
        { name: "gives two twice", state: "pending" },
      ],
    };
    const look = /** @type {const} */ ({ lang: "en", color: false, links: false });
    assert.match(renderSummary(look, [exercise], new Map([["02-second", result]])), /1 passed, 1 stopped, 1 not run \(of 3 tests\)\./);
    assert.match(renderExercise(look, { exercise, result, total: 2, keys: false, all: true, root: dir }), /1 passed, 1 stopped, 1 not run \(of 3 tests\)\./);
  });

  it("says it starts at the first exercise not done when the learner left off at another, once, in English and Portuguese", async () => {
    const { dir } = kataCopy();
    const first = await (async () => {
      const watch = startWatch(dir);
      await watch.until(/02-second — Second[\s\S]*✗ gives two/);
      watch.press("j01");
      await watch.until(/01-first — First[\s\S]*01-first passes/);
      await watch.quit(); // left off at 01
      return startWatch(dir);
    })();
    const said = await first.until(/02-second — Second[\s\S]*✗ gives two/);
    assert.match(
      said.replace(/\s+/g, " "),
      /Starting at 02-second, the first exercise not done yet \(you left off at 01-first: press j and 01 to go back to it\)\./,
    );
    await first.quit(); // left off at 02 now
    const again = startWatch(dir);
    const plain = await again.until(/02-second — Second[\s\S]*✗ gives two/);
    assert.doesNotMatch(plain, /Starting at/, "where it left off: nothing to say");
    await again.quit();
    const state = join(dir, ".kata", "state.json");
    writeFileSync(state, JSON.stringify({ ...JSON.parse(readFileSync(state, "utf8")), current: "01-first" }));
    const pt = startWatch(dir, ["--lang", "pt"]);
    const portuguese = await pt.until(/02-second — Segundo[\s\S]*✗ gives two/);
    assert.match(
      portuguese.replace(/\s+/g, " "),
      /A começar em 02-second, o primeiro exercício ainda por fazer \(tinhas ficado em 01-first: carrega em j e 01 para voltar a ele\)\./,
    );
    await pt.quit();
    writeFileSync(state, JSON.stringify({ ...JSON.parse(readFileSync(state, "utf8")), current: "01-first" }));
    const asked = startWatch(dir, ["02"]);
    assert.doesNotMatch(await asked.until(/02-second — Second[\s\S]*✗ gives two/), /Starting at/, "asked for on the command line: nothing to say");
    await asked.quit();
  });

  it("fits a syntax error's code frame to an 80-column terminal: long lines cut with an ellipsis, the marks under their column, in English and Portuguese", async () => {
    const { dir } = kataCopy();
    const stub = join(dir, "exercises", "02-second", "index.ts");
    // An unclosed brace at the end of a long line: Oxc points at it, "Opened here", past column 80.
    writeFileSync(stub, "export function two(options: { first: number; second: number } = { first: 1, second: 1 }): number {\n  return options.first + options.second;\n");
    for (const lang of ["en", "pt"]) {
      const watch = startWatch(dir, ["--lang", lang], {}, 80);
      const screen = await watch.until(/Expected `}` but found `EOF`[\s\S]*Opened here/);
      const lines = screen.split("\n");
      assert.deepEqual(lines.filter((line) => line.length > 80), [], `${lang}: no line wider than the terminal:\n${screen}`);
      const source = lines.find((line) => /^ +1 │ …/.test(line));
      const mark = lines.find((line) => /^ +│ +┬$/.test(line));
      assert.ok(source && mark, `${lang}: the source line, shifted, and the mark under it:\n${screen}`);
      assert.equal(source.lastIndexOf("{"), mark.indexOf("┬"), `${lang}: ┬ under the brace it points at`);
      assert.ok(lines.some((line) => /^ +│ +╰── Opened here$/.test(line)), `${lang}: the label whole`);
      await watch.quit();
    }
  });

  it("draws the screen again, fitted, when the terminal is resized", async () => {
    const { dir } = kataCopy();
    const watch = startWatch(dir, ["--lang", "pt"], {}, 80);
    await watch.until(/02-second — \w+[\s\S]*✗ gives two/);
    // Until it has said all it had to say after the first run (its last screen stays 1 s).
    for (let seen = -1; seen !== watch.written(); ) {
      seen = watch.written();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const drawn = watch.written();
    // The terminal's new size, set on it as a terminal window does: the kernel signals watch (SIGWINCH).
    const tty = watchTty(watch.pid);
    execFileSync("stty", ["-F", tty, "cols", "60"]);
    const screen = await watch.until(/02-second — \w+[\s\S]*✗ gives two/, 10_000, drawn);
    assert.deepEqual(screen.split("\n").filter((line) => line.length > 60), [], `redrawn at 60 columns:\n${screen}`);
    await watch.quit();
  });

  it("breaks the footer between keys, into even lines with no '·' at an end, and fits the saves line, down to 60 columns, in English and Portuguese", async () => {
    const { dir } = kataCopy();
    for (const lang of ["en", "pt"]) {
      for (const columns of [60, 72, 80]) {
        const watch = startWatch(dir, ["--lang", lang, "--manual"], {}, columns);
        const screen = await watch.until(/02-second — \w+[\s\S]*✗ gives two[\s\S]*(?:press r after saving|carrega em r depois de guardar)/);
        const lines = screen.split("\n");
        assert.deepEqual(lines.filter((line) => line.length > columns), [], `${lang} at ${columns}: no line wider than the terminal:\n${screen}`);
        const keys = lines.slice(lines.findIndex((line) => /^h (?:hint|dica) /.test(line)));
        const footer = keys.slice(0, keys.findIndex((line) => /^(?:saves|alterações):/.test(line)));
        assert.ok(footer.length > 0, `${lang} at ${columns}: the keys:\n${screen}`);
        for (const line of footer) {
          assert.doesNotMatch(line, /^·|·$/, `${lang} at ${columns}: no line begins or ends with a separator: ${JSON.stringify(line)}`);
          for (const key of line.split(" · ")) assert.match(key, /^[hlrjxq] \S/, `${lang} at ${columns}: whole keys only: ${JSON.stringify(line)}`);
        }
        const widths = footer.map((line) => line.length);
        assert.ok(Math.max(...widths) - Math.min(...widths) <= 24, `${lang} at ${columns}: even lines: ${JSON.stringify(footer)}`);
        await watch.quit();
      }
    }
  });

  it("polls for saves with --poll and says so", async () => {
    const { dir } = kataCopy();
    const watch = startWatch(dir, ["--poll"]);
    await watch.until(/02-second — Second[\s\S]*not implemented[\s\S]*saves: checked every 0\.5 s \(--poll\)/);
    writeFileSync(join(dir, "exercises", "02-second", "index.ts"), "export function two(): number {\n  return 2;\n}\n");
    await watch.until(/02-second passes/);
    await watch.quit();
  });
});

describe("resetToStub", () => {
  it("takes the kata's newest version of the stub, skipping the learner's own commits, and backs up their code", () => {
    const { dir, today, git } = kataCopy();
    const stub = join(dir, "exercises", "02-second", "index.ts");
    writeFileSync(stub, "// learner, committed\n");
    git("commit", "-q", "-am", "my work");
    writeFileSync(stub, "// learner, not committed\n");
    const { backup } = resetToStub("02-second", dir);
    assert.equal(readFileSync(stub, "utf8"), today);
    assert.equal(readFileSync(join(dir, backup), "utf8"), "// learner, not committed\n");
  });
});

describe("how watch sees saves", () => {
  it("polls on WSL with the kata on the Windows drive and on network file systems, not elsewhere", () => {
    const local = { env: {}, procVersion: "Linux version 6.8.0", fsType: 0xef53, realDir: "/home/me/kata" };
    assert.equal(pollReason("/x", local), undefined);
    const wsl = { ...local, procVersion: "Linux version 5.15.167.4-microsoft-standard-WSL2" };
    assert.equal(pollReason("/x", { ...wsl, realDir: "/mnt/c/Users/me/kata" }), "WSL, Windows drive");
    assert.equal(pollReason("/x", wsl), undefined, "WSL's own disk has file events");
    assert.equal(pollReason("/x", { ...local, env: { WSL_DISTRO_NAME: "Ubuntu" }, realDir: "/mnt/d/kata" }), "WSL, Windows drive");
    assert.equal(pollReason("/x", { ...local, fsType: 0x6969 }), "NFS file system");
    assert.equal(pollReason("/x", { ...local, fsType: 0x01021997 }), "9p file system");
  });

  it("finds a changed, an added and a removed file between two looks", () => {
    const dir = mkdtempSync(join(tmpdir(), "kata-poll-"));
    made.push(dir);
    cpSync(join(fixture, "exercises"), dir, { recursive: true });
    const before = snapshot(dir);
    writeFileSync(join(dir, "01-first", "index.ts"), "export function one(): number {\n  return 1; // a longer line\n}\n");
    writeFileSync(join(dir, "02-second", "extra.ts"), "export {};\n");
    rmSync(join(dir, "02-second", "index.ts"));
    assert.deepEqual(changedFiles(before, snapshot(dir)).sort(), [join("01-first", "index.ts"), join("02-second", "extra.ts"), join("02-second", "index.ts")].sort());
  });
});
