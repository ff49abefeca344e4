// The tests that do not apply on a platform: they skip themselves through
// test/support/platform.ts (needsSocketFiles on Windows, needsSecondLoopback
// and needsFullBacklogEagain on macOS) and are neither passed nor failed. The learner tools and the
// grade count over the tests that apply. Only those skips count, and only on
// their own platform: any other skip (a run cut short, a note the learner's
// code made up, the Windows note on Linux) is a test that did not pass.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./manifest.mjs";

/** Each platform skip's note, as test/support/platform.ts says it (tools/test checks they agree). */
export const PLATFORM_SKIPS = /** @type {const} */ ([
  { platform: "win32", note: "Windows: a named pipe stands in for the Unix socket, and it has no file, mode or leftover to test" },
  { platform: "darwin", note: "macOS: only 127.0.0.1 is configured on loopback, so no client can be at 127.0.0.2" },
  { platform: "darwin", note: "macOS: connect() to a Unix socket whose backlog is full is refused (ECONNREFUSED), the same answer as a stale one" },
]);

/** @type {Record<string, string> | undefined} */
let portuguese;

/** The skip notes that mean "does not apply here", in English and Portuguese. @param {string} platform */
export function skipNotes(platform) {
  if (portuguese === undefined) {
    try {
      /** @type {unknown} */
      const parsed = JSON.parse(readFileSync(join(ROOT, "test", "messages.pt.json"), "utf8"));
      portuguese = /** @type {Record<string, string>} */ (parsed);
    } catch {
      portuguese = {};
    }
  }
  const pt = portuguese;
  return PLATFORM_SKIPS.filter((s) => s.platform === platform).flatMap((s) => [s.note, ...(pt[s.note] ? [pt[s.note]] : [])]);
}

/**
 * Whether a test's result means it does not apply on this platform.
 * @param {{ state: string, note?: string | undefined }} result a Vitest TestCase's result()
 * @param {string} [platform]
 */
export function notApplicable(result, platform = process.platform) {
  return result.state === "skipped" && result.note !== undefined && skipNotes(platform).includes(result.note);
}
