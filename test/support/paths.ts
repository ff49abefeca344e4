/**
 * Unix socket paths for tests: a fresh directory under the OS temp dir per
 * call, removed (with whatever is in it) when the test ends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

/**
 * A path for a Unix socket that does not exist yet, e.g.
 * /tmp/kata-Xa12bC/echo.sock. Its directory goes away after the test.
 */
export function tempSocketPath(name = "kata.sock"): string {
  const dir = mkdtempSync(join(tmpdir(), "kata-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}
