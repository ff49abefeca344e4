// The learner tools' view of the kata: run some exercises' tests through one
// long-lived Vitest instance (Node API) and say, per exercise, whether it
// passes and, if not, its first failure in plain words. `npm test`,
// `npm run watch`, `npm run list` and `npm run hint` all read results from
// here, so they always agree.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { ROOT } from "./manifest.mjs";
import { notApplicable } from "./platform.mjs";
import { RUN_MARK, markRun, sweep } from "./sweep.mjs";
import { TEXT } from "./screen.mjs";
import { PROGRESS_SETUP, STUCK_GRACE_MS, followSilence, idOf, killWorkers, readProgress, stuckResult } from "./stuck.mjs";

/**
 * @typedef {{ test: string | undefined, message: string, syntax?: boolean, stuck?: boolean }} Failure
 *   `test` is the test's name, or undefined for a failure outside any test
 *   (the file would not load, a leak found after the tests, …); `syntax`: the
 *   file does not parse (then its type errors only say the same again);
 *   `stuck`: it stopped answering (an endless loop) and its run was stopped.
 * @typedef {{ name: string, state: string }} TestState
 * @typedef {{ id: string, passed: number, total: number, ok: boolean, failure: Failure | undefined, tests: TestState[], stopped?: boolean }} ExerciseResult
 *   `total` counts the tests that apply on this platform: one that skips itself where it cannot
 *   apply (tools/lib/platform.mjs) is neither passed nor failed, and its state is "not applicable".
 *   `stopped`: its run was stopped (an endless loop): `failure.test` is the test that was running,
 *   and the tests that neither passed nor failed never ran.
 */

/** npm run watch waits this long after a file event before it reruns: an editor's save is often several writes. */
export const SAVE_DEBOUNCE_MS = 50;

/** @param {unknown} err */
function messageOf(err) {
  if (err && typeof err === "object" && "message" in err) return String(err.message);
  return String(err);
}

/**
 * An error that escaped every test, as a learner should read it: its code
 * (ERR_SOCKET_DGRAM_NOT_RUNNING says more than "Not running") and the test
 * that was running when it came, which Vitest notes on the error.
 * @param {unknown} err
 * @param {"en" | "pt"} [lang]
 */
export function describeUnhandled(err, lang = "en") {
  const message = messageOf(err);
  const field = (/** @type {string} */ key) =>
    err && typeof err === "object" && key in err ? String(/** @type {Record<string, unknown>} */ (err)[key]) : undefined;
  const code = field("code");
  const [path, name] = [field("VITEST_TEST_PATH"), field("VITEST_TEST_NAME")];
  const where = path && name ? ` (${TEXT[lang].during(path.replace(/^.*?(test\/)/, "$1"), name)})` : "";
  return `${code && !message.includes(code) ? `${code}: ` : ""}${message}${where}`;
}

/**
 * The same line once, with how many times it came: a throw in a 'data'
 * handler repeats for every chunk.
 * @param {string[]} lines
 */
export function counted(lines) {
  /** @type {Map<string, number>} */
  const seen = new Map();
  for (const line of lines) seen.set(line, (seen.get(line) ?? 0) + 1);
  return [...seen].map(([line, n]) => (n > 1 ? `${line} (×${n})` : line));
}

/**
 * Vitest's diff prints strings raw: a "\r" in a line would move the cursor
 * and vanish, so "dos\r" and "dos" look alike. Show it, as the message does.
 * @param {string} text
 */
const visible = (text) => text.replaceAll("\r", "\\r");

/**
 * An error as a learner should read it: the message our test support wrote
 * (protocol log, hints), Vitest's diff when there is one, and plain words
 * for Vitest's own timeout. No stack.
 * @param {unknown} err
 * @param {"en" | "pt"} [lang]
 */
export function plainError(err, lang = "en") {
  // Vitest's "// Object.is equality" is about how it compared, not about the socket.
  const message = messageOf(err).trim().replaceAll(" // Object.is equality", "");
  const timedOut = /^Test timed out in (\d+)ms/.exec(message) ?? /^Hook timed out in (\d+)ms/.exec(message);
  if (timedOut) {
    return TEXT[lang].timedOut(timedOut[1] ?? "?");
  }
  const syntax = syntaxOf(err, lang);
  if (syntax) return syntax;
  const diff =
    err && typeof err === "object" && "diff" in err && typeof err.diff === "string" ? visible(stripVTControlCharacters(err.diff)).trim() : "";
  // "expected false to be true" says it all: a diff of two short values adds only noise.
  const short = (/** @type {unknown} */ v) => typeof v === "string" && !v.includes("\n") && v.length <= 40;
  const trivial = err && typeof err === "object" && "actual" in err && "expected" in err && short(err.actual) && short(err.expected);
  return diff && !trivial && !message.includes(diff) ? `${message}\n\n${diff}` : message;
}

/**
 * A file that does not parse, in plain words, whoever found it: the bundler or the engine.
 * @param {unknown} err
 * @param {"en" | "pt"} lang
 * @returns {string | undefined} undefined when the error is not a syntax error
 */
function syntaxOf(err, lang) {
  return syntaxError(messageOf(err).trim(), lang) ?? engineSyntaxError(err, lang);
}

/**
 * A file that does not parse, as the learner should read it: where
 * (file:line:column), what, and the code around it, without the colours and
 * the "Transform failed" of the bundler (Oxc) that found it.
 * @param {string} message
 * @param {"en" | "pt"} lang
 * @returns {string | undefined} undefined when the message is not a syntax error
 */
export function syntaxError(message, lang) {
  if (!/^Transform failed with \d+ errors?:/.test(message)) return undefined;
  const body = stripVTControlCharacters(message).replace(/^Transform failed with \d+ errors?:\s*/, "");
  const lines = body.split("\n");
  const what = (lines[0] ?? "").replace(/^\[\w+\]\s*/, "").trim();
  // Relative to where the tool was started: from exercises/ on, as everywhere else.
  const where = (/\[\s*(\S+:\d+:\d+)\s*\]/.exec(body)?.[1] ?? "?").replaceAll("\\", "/").replace(/^.*?\/(exercises\/)/, "$1");
  // The code frame: the lines under the location, without the box's top and bottom.
  const frame = lines.slice(1).filter((l) => !/^\s*[╭╰─]/.test(l) && !/^\s*─+╯\s*$/.test(l) && l.trim() !== "│");
  return [TEXT[lang].syntax(where, what), "", ...frame].join("\n").trimEnd();
}

/**
 * A file that the bundler transformed but the JavaScript engine refused
 * (`let let = 1`, a bad regular expression, …): V8 names the file and the
 * line of the code it was given, which is the learner's file with its types
 * stripped, so the lines may have moved. Find that line in the learner's own
 * file and say where, as for any syntax error, with the code and a caret.
 * @param {unknown} err
 * @param {"en" | "pt"} lang
 * @returns {string | undefined} undefined when the error is not one
 */
export function engineSyntaxError(err, lang) {
  if (!err || typeof err !== "object" || !("name" in err) || err.name !== "SyntaxError" || !("stack" in err)) return undefined;
  const seen = /^(.+?):(\d+)\n(.*)\n([ \t]*\^+)[ \t]*\n/.exec(String(err.stack));
  if (!seen) return undefined;
  const [, file = "", lineText = "", code = "", carets = ""] = seen;
  const text = code.trim();
  const lead = code.length - code.trimStart().length;
  const offset = Math.max(0, carets.indexOf("^") - lead);
  /** @type {string[]} */
  let lines = [];
  try {
    lines = readFileSync(file, "utf8").split(/\r?\n/);
  } catch {
    // gone since: say what the engine said
  }
  // The learner's line holding that code, nearest the line the engine saw.
  const engineLine = Number(lineText);
  const found = lines
    .map((line, i) => ({ i, at: text ? line.indexOf(text) : -1 }))
    .filter((c) => c.at >= 0)
    .sort((a, b) => Math.abs(a.i + 1 - engineLine) - Math.abs(b.i + 1 - engineLine))[0];
  const line = found ? found.i + 1 : engineLine;
  const column = found ? found.at + offset + 1 : undefined;
  const shown = found ? (lines[found.i] ?? code) : code.trim();
  const path = file.replaceAll("\\", "/").replace(/^.*?\/(exercises\/)/, "$1");
  const where = column === undefined ? `${path}:${line}` : `${path}:${line}:${column}`;
  const gutter = " ".repeat(String(line).length + 1);
  const caretLine = column === undefined ? [] : [`${gutter} │ ${" ".repeat(column - 1)}${carets.trim()}`];
  return [TEXT[lang].syntax(where, messageOf(err)), "", ` ${line} │ ${shown}`, ...caretLine].join("\n");
}

/**
 * Judge one exercise from the modules a run produced.
 * @param {string} id
 * @param {import("vitest/node").TestModule | undefined} module
 * @param {unknown[]} [unhandled] errors of the run outside any file (a worker that died)
 * @param {"en" | "pt"} [lang]
 * @param {string} [platform] whose platform skips count as not applicable
 * @returns {ExerciseResult}
 */
export function resultOf(id, module, unhandled = [], lang = "en", platform = process.platform) {
  const says = TEXT[lang];
  if (!module) return { id, passed: 0, total: 0, ok: false, failure: { test: undefined, message: says.didNotRun(id) }, tests: [] };
  const all = [...module.children.allTests()];
  const tests = all.filter((t) => !notApplicable(t.result(), platform));
  let passed = tests.filter((t) => t.result().state === "passed").length;
  const failedTest = tests.find((t) => t.result().state === "failed");
  const moduleErrors = module.errors();
  /** @type {Failure | undefined} */
  let failure;
  if (failedTest) {
    const errors = failedTest.result().errors ?? [];
    const message = plainError(errors[0] ?? "failed", lang);
    // The exchange over time (test/support/timeline.ts), when the message does not end with it already:
    // an expect() that failed after the clients talked.
    const timeline = /** @type {{ timeline?: string[] }} */ (failedTest.meta()).timeline;
    const block = timeline && timeline.length > 1 ? timeline.join("\n") : "";
    failure = { test: failedTest.name, message: block && !message.includes(block) ? `${message}\n\n${block}` : message };
  } else if (moduleErrors.length > 0) {
    const syntax = syntaxOf(moduleErrors[0], lang);
    failure = syntax ? { test: undefined, message: syntax, syntax: true } : { test: undefined, message: plainError(moduleErrors[0], lang) };
  } else if (all.length === 0) {
    failure = { test: undefined, message: says.noTests(id) };
  } else if (passed < tests.length) {
    const skipped = tests.find((t) => t.result().state !== "passed");
    const message = unhandled.length > 0 ? says.cutShort(describeUnhandled(unhandled[0], lang)) : says.notToTheEnd(skipped?.result().state ?? "unknown");
    failure = { test: skipped?.name, message };
  }
  /** @type {(typeof tests)[number] | undefined} */
  let blamed;
  // An error that escaped while this file ran (a throw in a timer, an unhandled rejection) fails
  // the exercise even when every test passed: the code is wrong, whatever the assertions saw.
  if (failure === undefined) {
    const escaped = unhandled.find((err) => {
      const path = err && typeof err === "object" && "VITEST_TEST_PATH" in err ? String(err.VITEST_TEST_PATH) : "";
      return path.replaceAll("\\", "/").endsWith(`test/${id}.test.ts`);
    });
    if (escaped !== undefined) {
      const name = escaped && typeof escaped === "object" && "VITEST_TEST_NAME" in escaped ? String(escaped.VITEST_TEST_NAME) : undefined;
      // The test that was running when it escaped fails; with none, the whole exercise does.
      blamed = tests.find((t) => name !== undefined && (t.name === name || t.fullName === name || t.fullName.endsWith(` > ${name}`)));
      if (blamed && blamed.result().state === "passed") passed -= 1;
      failure = { test: blamed?.name, message: says.escaped(describeUnhandled(escaped, lang)) };
    }
  }
  const states = all.map((t) => ({ name: t.name, state: t === blamed ? "failed" : tests.includes(t) ? t.result().state : "not applicable" }));
  return { id, passed, total: tests.length, ok: failure === undefined, failure, tests: states };
}

/**

/**
 * Start a runner. Keep it open while watching: a rerun then takes a fraction
 * of a second, not Vitest's start-up.
 * `lang` is the learner's language, for the runner's words and the tests'
 * (their workers inherit KATA_LANG).
 * A test file that stays silent `graceMs` past a deadline is stuck: while
 * it is imported (an endless loop at the top level of the exercise), past
 * the longer of Vitest's test and hook deadlines, which an import has none
 * of its own; once its tests run, past the deadline of the test or hook
 * running. `runLimitMs`: how long a whole run may go without a word from
 * any file (a worker that never started one).
 * @param {{ root?: string, target?: "exercises" | "solutions", runLimitMs?: number, graceMs?: number, lang?: "en" | "pt" }} [options]
 */
export async function openRunner({ root = ROOT, target = "exercises", runLimitMs = 60_000, graceMs = STUCK_GRACE_MS, lang = "en" } = {}) {
  process.env.KATA_LANG = lang;
  // Every process the learner's code starts carries this mark: after each run, whatever it left running is killed.
  const runId = process.env[RUN_MARK] ?? markRun();
  // Where the workers write down each test's start and end (tools/lib/test-progress.mjs), emptied before each run.
  const progressDir = mkdtempSync(join(tmpdir(), "kata-progress-"));
  const silence = followSilence(() => vitest.config, graceMs);
  let generation = 0;
  /** Runs in flight (run() calls not yet returned). */
  let running = 0;
  // Each Vitest gets its own reporter: one abandoned after a stuck run may still speak as it winds down.
  // Imported here, not at the top: npm run watch draws its first screen while Vitest loads.
  const { createVitest } = await import("vitest/node");
  const create = () => {
    const mine = ++generation;
    /** @type {import("vitest/node").Reporter} */
    const reporter = { onInit() {}, ...silence.hooks(() => mine === generation) };
    // Merged with the kata's own config: one more setup file, one more variable.
    const progress = { test: { setupFiles: [PROGRESS_SETUP], env: { KATA_PROGRESS: progressDir } } };
    return createVitest({ root, mode: target, watch: false, reporters: [reporter] }, progress);
  };
  let vitest = await create();

  /**
   * One Vitest run of these files, stopped when one stays silent past its
   * deadline: the files that never answered are `stuck` (with how many seconds they stayed silent).
   * @param {string[]} ids
   * @returns {Promise<{ stuck: Map<string, number>, modules: Map<string, import("./stuck.mjs").Watched>, unhandledErrors: readonly unknown[] }>}
   */
  async function runOnce(ids) {
    silence.reset();
    for (const name of readdirSync(progressDir)) rmSync(join(progressDir, name), { force: true });
    const specs = await vitest.globTestSpecifications(ids.map((id) => `test/${id}.test.ts`));
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    /** @type {Promise<{ stuck: Map<string, number> }>} */
    const watchdog = new Promise((resolve) => {
      timer = setInterval(() => {
        const now = performance.now();
        const stuck = silence.stuck(now);
        if (stuck.size === 0 && now - silence.lastEvent > runLimitMs) {
          for (const id of ids) if (!silence.watched.get(id)?.ended) stuck.set(id, Math.round(runLimitMs / 1000));
        }
        if (stuck.size > 0) resolve({ stuck });
      }, 250);
    });
    try {
      const outcome = await Promise.race([vitest.runTestSpecifications(specs), watchdog]);
      if ("stuck" in outcome) return { stuck: outcome.stuck, modules: silence.watched, unhandledErrors: vitest.state.getUnhandledErrors() };
      /** @type {Map<string, import("./stuck.mjs").Watched>} */
      const modules = new Map();
      for (const module of outcome.testModules) {
        modules.set(idOf(module), { module, last: 0, collected: true, ended: true, test: undefined, hook: false });
      }
      return { stuck: new Map(), modules, unhandledErrors: outcome.unhandledErrors };
    } finally {
      clearInterval(timer);
    }
  }

  /** After a stuck run: kill the spinning workers, drop that Vitest, start another. */
  async function restart() {
    const old = vitest;
    killWorkers();
    await Promise.race([old.close(), new Promise((resolve) => setTimeout(resolve, 2_000))]);
    sweep(runId);
    vitest = await create();
  }

  return {
    /**
     * Run these exercises' tests once; results in the order given. A test
     * file that stops answering (an endless loop in the learner's code,
     * which no test deadline can interrupt) fails as such, its workers are
     * killed, and the files not yet run run on a fresh Vitest.
     * @param {string[]} ids
     * @returns {Promise<{ results: ExerciseResult[], unhandled: string[], stuck: boolean }>}
     *   `stuck`: some file had to be stopped.
     */
    async run(ids) {
      running += 1;
      // Vitest sets process.exitCode when tests fail; the tools decide their own.
      const exitCode = process.exitCode;
      /** @type {Map<string, ExerciseResult>} */
      const done = new Map();
      /** @type {unknown[]} */
      const unhandled = [];
      let stuck = false;
      try {
        let todo = ids;
        while (todo.length > 0) {
          const outcome = await runOnce(todo);
          unhandled.push(...outcome.unhandledErrors);
          for (const id of todo) {
            const entry = outcome.modules.get(id);
            const seconds = outcome.stuck.get(id);
            if (seconds !== undefined && entry) done.set(id, stuckResult(id, entry, seconds, lang, readProgress(progressDir)));
            else if (seconds !== undefined) done.set(id, { id, passed: 0, total: 0, ok: false, failure: { test: undefined, message: TEXT[lang].stuck(seconds) }, tests: [] });
            else if (outcome.stuck.size === 0 || entry?.ended) done.set(id, resultOf(id, entry?.module, [...outcome.unhandledErrors], lang));
          }
          if (outcome.stuck.size === 0) break;
          stuck = true;
          await restart();
          todo = todo.filter((id) => !done.has(id));
        }
      } finally {
        running -= 1;
        process.exitCode = exitCode;
        sweep(runId, { spareChildren: true }); // Vitest's workers stay; what they started goes
      }
      const results = ids.map((id) => done.get(id) ?? resultOf(id, undefined, [], lang));
      return { results, unhandled: counted(unhandled.map((err) => describeUnhandled(err, lang))), stuck };
    },
    /** Forget a changed file, so the next run loads it afresh. @param {string} path absolute */
    invalidate(path) {
      vitest.invalidateFile(path);
    },
    async close() {
      // A run still going is abandoned: its workers go at once (one spinning in an endless loop would
      // hold close()), and Vitest gets half a second to wind down (after a stuck run, restart() gives it two).
      const abandoned = running > 0;
      if (abandoned) killWorkers();
      // First what the learner's code left (it may hold a worker's pipe, which close() would wait on), then the rest.
      sweep(runId, { spareChildren: true });
      const closing = vitest.close();
      await (abandoned ? Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 500).unref())]) : closing);
      sweep(runId);
      rmSync(progressDir, { recursive: true, force: true });
    },
  };
}
