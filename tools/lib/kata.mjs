// The learner tools' view of the kata: run some exercises' tests through one
// long-lived Vitest instance (Node API) and say, per exercise, whether it
// passes and, if not, its first failure in plain words. `npm test`,
// `npm run watch`, `npm run list` and `npm run hint` all read results from
// here, so they always agree.
import { execFileSync } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { createVitest } from "vitest/node";
import { ROOT } from "./manifest.mjs";
import { notApplicable } from "./platform.mjs";
import { RUN_MARK, markRun, sweep } from "./sweep.mjs";
import { TEXT } from "./screen.mjs";

/**
 * @typedef {{ test: string | undefined, message: string }} Failure
 *   `test` is the test's name, or undefined for a failure outside any test
 *   (the file would not load, a leak found after the tests, …).
 * @typedef {{ name: string, state: string }} TestState
 * @typedef {{ id: string, passed: number, total: number, ok: boolean, failure: Failure | undefined, tests: TestState[] }} ExerciseResult
 *   `total` counts the tests that apply on this platform: one that skips itself where it cannot
 *   apply (tools/lib/platform.mjs) is neither passed nor failed, and its state is "not applicable".
 */

/** npm run watch waits this long after a file event before it reruns: an editor's save is often several writes. */
export const SAVE_DEBOUNCE_MS = 50;

/** A reporter that prints nothing: the tools draw their own screens. */
const silent = { onInit() {} };

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
  const diff =
    err && typeof err === "object" && "diff" in err && typeof err.diff === "string" ? visible(stripVTControlCharacters(err.diff)).trim() : "";
  // "expected false to be true" says it all: a diff of two short values adds only noise.
  const short = (/** @type {unknown} */ v) => typeof v === "string" && !v.includes("\n") && v.length <= 40;
  const trivial = err && typeof err === "object" && "actual" in err && "expected" in err && short(err.actual) && short(err.expected);
  return diff && !trivial && !message.includes(diff) ? `${message}\n\n${diff}` : message;
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
    failure = { test: failedTest.name, message: plainError(errors[0] ?? "failed", lang) };
  } else if (moduleErrors.length > 0) {
    failure = { test: undefined, message: plainError(moduleErrors[0], lang) };
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
 * Kill every process descended from this one (Vitest's workers): the way
 * out of an endless loop in a learner's code, which no deadline inside a
 * test can interrupt. POSIX only (ps); elsewhere it does nothing.
 */
export function killWorkers() {
  if (process.platform === "win32") return;
  let table;
  try {
    table = execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" });
  } catch {
    return;
  }
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const line of table.trim().split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid === undefined || ppid === undefined) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const queue = [...(children.get(process.pid) ?? [])];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    queue.push(...(children.get(pid) ?? []));
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
}

/**
 * Start a runner. Keep it open while watching: a rerun then takes a fraction
 * of a second, not Vitest's start-up.
 * `lang` is the learner's language, for the runner's words and the tests'
 * (their workers inherit KATA_LANG).
 * @param {{ root?: string, target?: "exercises" | "solutions", runLimitMs?: number, lang?: "en" | "pt" }} [options]
 */
export async function openRunner({ root = ROOT, target = "exercises", runLimitMs = 60_000, lang = "en" } = {}) {
  process.env.KATA_LANG = lang;
  // Every process the learner's code starts carries this mark: after each run, whatever it left running is killed.
  const runId = process.env[RUN_MARK] ?? markRun();
  const vitest = await createVitest({ root, mode: target, watch: false, reporters: [silent] });
  return {
    /**
     * Run these exercises' tests once; results in the order given. A run
     * that outlasts `runLimitMs` (an endless loop in the learner's code,
     * which no test deadline can interrupt) is reported as such.
     * @param {string[]} ids
     * @returns {Promise<{ results: ExerciseResult[], unhandled: string[], stuck: boolean }>}
     *   `stuck`: the run hit the limit; close this runner and open another.
     */
    async run(ids) {
      // Vitest sets process.exitCode when tests fail; the tools decide their own.
      const exitCode = process.exitCode;
      const specs = await vitest.globTestSpecifications(ids.map((id) => `test/${id}.test.ts`));
      /** @type {NodeJS.Timeout | undefined} */
      let timer;
      /** @type {Promise<undefined>} */
      const limit = new Promise((resolve) => {
        timer = setTimeout(() => resolve(undefined), runLimitMs);
      });
      try {
        const result = await Promise.race([vitest.runTestSpecifications(specs), limit]);
        if (!result) {
          const message = TEXT[lang].stuck(runLimitMs / 1000);
          const results = ids.map((id) => ({ id, passed: 0, total: 0, ok: false, failure: { test: undefined, message }, tests: [] }));
          return { results, unhandled: [], stuck: true };
        }
        const byId = new Map(result.testModules.map((m) => [m.relativeModuleId.replace(/^test\//, "").replace(/\.test\.ts$/, ""), m]));
        const results = ids.map((id) => resultOf(id, byId.get(id), result.unhandledErrors, lang));
        return { results, unhandled: counted(result.unhandledErrors.map((err) => describeUnhandled(err, lang))), stuck: false };
      } finally {
        clearTimeout(timer);
        process.exitCode = exitCode;
        sweep(runId, { spareChildren: true }); // Vitest's workers stay; what they started goes
      }
    },
    /** Forget a changed file, so the next run loads it afresh. @param {string} path absolute */
    invalidate(path) {
      vitest.invalidateFile(path);
    },
    async close() {
      // First what the learner's code left (it may hold a worker's pipe, which close() would wait on), then the rest.
      sweep(runId, { spareChildren: true });
      await vitest.close();
      sweep(runId);
    },
  };
}
