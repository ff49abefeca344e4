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

/**
 * True where 127.0.0.2 is a loopback address a socket can bind: Linux and
 * Windows give the whole of 127.0.0.0/8 to loopback; macOS configures only
 * 127.0.0.1 on lo0 (another needs `ifconfig lo0 alias 127.0.0.2`).
 */
export const SECOND_LOOPBACK = process.platform !== "darwin";

/**
 * Skip the calling test where 127.0.0.2 cannot be bound (macOS), saying
 * why: call it first thing in a test that needs a client at a second
 * loopback address.
 */
export function needsSecondLoopback(context: TestContext): void {
  context.skip(!SECOND_LOOPBACK, say`macOS: only 127.0.0.1 is configured on loopback, so no client can be at 127.0.0.2`);
}

/**
 * True where connect() to a Unix socket whose listen backlog is full fails
 * at once with EAGAIN, telling a busy live server from a stale file (Linux).
 * macOS refuses it with ECONNREFUSED, the same answer as a stale socket.
 */
export const FULL_BACKLOG_EAGAIN = process.platform !== "darwin";

/**
 * Skip the calling test where a full backlog looks like a stale socket
 * (macOS), saying why: call it after needsSocketFiles in a test that fills
 * a live server's backlog.
 */
export function needsFullBacklogEagain(context: TestContext): void {
  context.skip(!FULL_BACKLOG_EAGAIN, say`macOS: connect() to a Unix socket whose backlog is full is refused (ECONNREFUSED), the same answer as a stale one`);
}
