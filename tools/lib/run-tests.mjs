// Run the kata's tests through Vitest's Node API and return plain results:
// one entry per test file, one per test, with state, duration and the first
// error's message. Used by verify, bench and soak; the learner tools run
// their tests through tools/lib/kata.mjs.
import { startVitest } from "vitest/node";
import { ROOT } from "./manifest.mjs";

/**
 * @typedef {{ name: string, fullName: string, state: string, duration: number, message: string | undefined, waits: string[] }} TestOutcome
 *   `waits`: what the test started waiting for, in order (test/support/deadline.ts keeps them in the test's meta).
 * @typedef {{ file: string, project: string, state: string, tests: TestOutcome[], errors: string[] }} FileOutcome
 * @typedef {{ files: FileOutcome[], unhandled: string[], wallMs: number }} RunOutcome
 */

/** A reporter that prints nothing: the caller reports. */
const silent = { onInit() {} };

/** @param {unknown} err */
function messageOf(err) {
  if (err && typeof err === "object" && "message" in err) return String(err.message);
  return String(err);
}

/**
 * Run the tests once.
 * @param {object} options
 * @param {"exercises" | "solutions"} options.target
 * @param {string[]} [options.filters] file filters, as on the command line ("03")
 * @param {Record<string, unknown>} [options.overrides] more Vitest options
 * @returns {Promise<RunOutcome>}
 */
export async function runTests({ target, filters = [], overrides = {} }) {
  const started = performance.now();
  const vitest = await startVitest(filters, {
    root: ROOT,
    mode: target,
    run: true,
    watch: false,
    reporters: [silent],
    ...overrides,
  });
  try {
    /** @type {FileOutcome[]} */
    const files = vitest.state.getTestModules().map((module) => ({
      file: module.relativeModuleId,
      project: module.project.name,
      state: module.state(),
      errors: module.errors().map(messageOf),
      tests: [...module.children.allTests()].map((test) => {
        const result = test.result();
        return {
          name: test.name,
          fullName: test.fullName,
          state: result.state,
          duration: test.diagnostic()?.duration ?? 0,
          message: result.errors?.[0]?.message,
          waits: /** @type {{ waits?: string[] }} */ (test.meta()).waits ?? [],
        };
      }),
    }));
    const unhandled = vitest.state.getUnhandledErrors().map(messageOf);
    return { files, unhandled, wallMs: performance.now() - started };
  } finally {
    await vitest.close();
  }
}
