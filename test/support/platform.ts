/**
 * Where the platform differs. On Windows, Node's net module has no Unix
 * domain sockets on paths: a named pipe (\\.\pipe\name) stands in. A pipe
 * has no file in the file system, so no mode, no stale leftover, no path
 * length limit of sun_path.
 */
import type { TestContext } from "vitest";
import { say } from "./say.ts";

/** True where named pipes stand in for Unix sockets (Windows). */
export const NAMED_PIPES = process.platform === "win32";

/**
 * Skip the calling test where named pipes stand in, saying why. The one
 * skip the kata allows (verify refuses any other): call it first thing in a
 * test about socket files.
 */
export function needsSocketFiles(context: TestContext): void {
  context.skip(NAMED_PIPES, say`Windows: a named pipe stands in for the Unix socket, and it has no file, mode or leftover to test`);
}
