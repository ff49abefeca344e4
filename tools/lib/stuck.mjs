// An endless loop in a learner's code, which no deadline inside a test can
// interrupt: hear what Vitest says about each test file of a run, call a
// file stuck when it stays silent past the deadline of what it runs, and
// kill the spinning workers. The runner of npm test and npm run watch
// (tools/lib/kata.mjs) and npm run ui (tools/ui.mjs) both watch this way.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pathsOf } from "./manifest.mjs";
import { TEXT } from "./screen.mjs";

/** @typedef {import("./kata.mjs").ExerciseResult} ExerciseResult */

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
 * How long past its own deadline a test may stay silent before the runner
 * calls it stuck: a test that is merely slow is ended by its timeout inside
 * the worker and reported; one whose worker never answers again is spinning
 * in code that never gives control back (an endless loop), which no timer
 * in that worker can interrupt.
 */
export const STUCK_GRACE_MS = 3_000;

/**
 * @typedef {import("vitest/node").TestModule} TestModule
 * @typedef {import("vitest/node").TestCase} TestCase
 * @typedef {{ module: TestModule, last: number, collected: boolean, ended: boolean, test: TestCase | undefined, hook: boolean }} Watched
 *   `collected`: its tests are known (its imports are done), and they run next;
 *   `test`, `hook`: what Vitest last said is running in that file (a test, a hook), where it said.
 */

/** The exercise a test file tests. @param {TestModule} module */
export const idOf = (module) => module.relativeModuleId.replace(/^test\//, "").replace(/\.test\.ts$/, "");

/** The setup file that writes down each test's start and end in the workers (tools/lib/test-progress.mjs): add it to a run's config with KATA_PROGRESS, a folder, in its env. */
export const PROGRESS_SETUP = fileURLToPath(new URL("test-progress.mjs", import.meta.url));

/**
 * What the workers wrote down (tools/lib/test-progress.mjs): the tests that
 * started, in order, and the state each finished with ("pass", "fail").
 * @param {string} dir the progress folder, one log per worker
 */
export function readProgress(dir) {
  /** @type {string[]} */
  const started = [];
  /** @type {Map<string, string>} */
  const ended = new Map();
  let names = /** @type {string[]} */ ([]);
  try {
    names = readdirSync(dir);
  } catch {
    // none written
  }
  for (const name of names) {
    /** @type {string} */
    let text;
    try {
      text = readFileSync(join(dir, name), "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      const [event, id, state] = line.split(" ");
      if (event === "start" && id) started.push(id);
      else if (event === "end" && id) ended.set(id, state ?? "unknown");
    }
  }
  return { started, ended };
}

/**
 * The result of an exercise whose run was stopped because it never answered
 * again. What Vitest heard lags (a worker reports in batches, and one that
 * spins never sends its last), so the workers' own log of each test's start
 * and end says which tests passed and which one was running.
 * @param {string} id
 * @param {Watched} watched
 * @param {number} seconds how long it stayed silent
 * @param {"en" | "pt"} lang
 * @param {ReturnType<typeof readProgress>} [progress]
 * @returns {ExerciseResult}
 */
export function stuckResult(id, watched, seconds, lang, progress = { started: [], ended: new Map() }) {
  const tests = [...watched.module.children.allTests()];
  const logged = { pass: "passed", fail: "failed" };
  const stateOf = (/** @type {TestCase} */ t) => {
    const heard = t.result().state;
    const ended = progress.ended.get(t.id);
    return heard === "pending" && (ended === "pass" || ended === "fail") ? logged[ended] : heard;
  };
  const finished = (/** @type {TestCase} */ t) => ["passed", "failed"].includes(stateOf(t));
  // The test last started and never ended, as the worker wrote; or as Vitest last heard; or the first unfinished one.
  const lastStarted = [...progress.started].reverse().find((started) => !progress.ended.has(started));
  const running = tests.find((t) => t.id === lastStarted);
  const blamed = running ?? (watched.test && !finished(watched.test) ? watched.test : tests.find((t) => !finished(t) && stateOf(t) !== "skipped"));
  const states = tests.map((t) => ({ name: t.name, state: t === blamed ? "failed" : stateOf(t) }));
  // Stuck before its tests were known: in the code that runs as the exercise is imported.
  const collected = watched.collected || running !== undefined;
  const message = collected ? TEXT[lang].stuckTest(seconds) : TEXT[lang].stuckImport(seconds, pathsOf(id).stub);
  return {
    id,
    passed: states.filter((t) => t.state === "passed").length,
    total: tests.length,
    ok: false,
    failure: { test: collected ? blamed?.name : undefined, message, stuck: true },
    tests: states,
    stopped: true,
  };
}

/**
 * Follow the test files of one run at a time through what Vitest's reporter
 * says of them, to tell which has stayed silent past its deadline: while it
 * is imported (an endless loop at the top level of the exercise), past the
 * longer of Vitest's test and hook deadlines, which an import has none of
 * its own; once its tests run, past the deadline of the test or hook
 * running; in each case plus `graceMs`.
 * @param {() => { testTimeout: number, hookTimeout: number }} deadlines Vitest's (its config)
 * @param {number} [graceMs]
 */
export function followSilence(deadlines, graceMs = STUCK_GRACE_MS) {
  /** The run in flight: each test file, when Vitest last said anything about it. @type {Map<string, Watched>} */
  let watched = new Map();
  let lastEvent = performance.now();
  /** @param {TestModule} module @param {Partial<Watched>} [change] */
  const touch = (module, change = {}) => {
    lastEvent = performance.now();
    const id = idOf(module);
    const entry = watched.get(id) ?? { module, last: lastEvent, collected: false, ended: false, test: undefined, hook: false };
    watched.set(id, { ...entry, ...change, module, last: lastEvent });
  };
  /**
   * How long this file may stay silent: the deadline of the test or hook
   * running, plus the grace. Not knowing which (its worker batches what it
   * says for 100 ms, and a worker that spins never sends the batch), the
   * default deadlines: a test with a longer one of its own would have said
   * it started.
   * @param {Watched} entry
   */
  const silenceLimit = (entry) => {
    const { testTimeout, hookTimeout } = deadlines();
    if (entry.hook) return hookTimeout + graceMs;
    if (entry.test) return (entry.test.options.timeout ?? testTimeout) + graceMs;
    // Between two of them, or still importing (Vitest gives an import no deadline of its own): the longer.
    return Math.max(hookTimeout, testTimeout) + graceMs;
  };
  return {
    /** Each test file of the run, as last heard. */
    get watched() {
      return watched;
    },
    /** When Vitest last said anything about any file of the run (performance.now()). */
    get lastEvent() {
      return lastEvent;
    },
    /** A run begins: forget the last one. */
    reset() {
      watched = new Map();
      lastEvent = performance.now();
    },
    /**
     * The reporter hooks that hear each file.
     * @param {() => boolean} [live] whether what this Vitest says still counts (not one abandoned after a stuck run)
     * @returns {import("vitest/node").Reporter}
     */
    hooks(live = () => true) {
      /** @param {TestModule} module @param {Partial<Watched>} [change] */
      const heard = (module, change) => {
        if (live()) touch(module, change);
      };
      return {
        onTestModuleQueued: (m) => heard(m),
        onTestModuleCollected: (m) => heard(m, { collected: true }),
        onTestModuleStart: (m) => heard(m, { collected: true }),
        onTestModuleEnd: (m) => heard(m, { ended: true, test: undefined }),
        onTestCaseReady: (t) => heard(t.module, { collected: true, test: t }),
        onTestCaseResult: (t) => heard(t.module, { test: undefined }),
        onHookStart: (h) => heard(h.entity.type === "module" ? h.entity : h.entity.module, { hook: true }),
        onHookEnd: (h) => heard(h.entity.type === "module" ? h.entity : h.entity.module, { hook: false }),
      };
    },
    /**
     * The files silent past their deadline now, each with how many seconds it has been silent.
     * @param {number} [now]
     */
    stuck(now = performance.now()) {
      /** @type {Map<string, number>} */
      const stuck = new Map();
      for (const [id, entry] of watched) {
        if (!entry.ended && now - entry.last > silenceLimit(entry)) stuck.set(id, Math.round((now - entry.last) / 1000));
      }
      return stuck;
    },
  };
}
