/**
 * Unix socket paths for tests: a fresh directory under the OS temp dir per
 * call, removed (with whatever is in it) when the test ends.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { NAMED_PIPES } from "./platform.ts";

/**
 * A path for a Unix socket that does not exist yet, e.g.
 * /tmp/kata-Xa12bC/echo.sock. Its directory goes away after the test. On
 * Windows, a fresh named pipe name instead.
 */
export function tempSocketPath(name = "kata.sock"): string {
  // Windows: a named pipe, which lives outside the file system (see platform.ts).
  if (NAMED_PIPES) return `\\\\.\\pipe\\kata-${process.pid}-${randomBytes(6).toString("hex")}-${name}`;
  const dir = mkdtempSync(join(tmpdir(), "kata-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}
