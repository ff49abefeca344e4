/**
 * 10 — Unix domain sockets
 *
 * A Unix socket's address is a path in the file system. Read README.md (or
 * README.pt.md, em português) beside this file, then write listenUnix
 * below. Run only this exercise with `npm test -- 10`.
 */
import { notImplemented } from "../not-implemented.ts";

/**
 * The longest socket path, in bytes, the platform accepts: sun_path holds
 * 108 bytes on Linux and 104 on macOS and the BSDs, one of them the final
 * NUL. On Windows the "path" is a named pipe (\\.\pipe\name), up to 256.
 */
export const MAX_SOCKET_PATH_BYTES: number = process.platform === "linux" ? 107 : process.platform === "win32" ? 256 : 103;

/** Refusal of a path that would not fit in sun_path. (Given: use it as it is.) */
export class SocketPathTooLongError extends Error {
  override name = "SocketPathTooLongError";
  readonly path: string;
  readonly bytes: number;
  readonly max: number;

  constructor(path: string, bytes: number, max: number) {
    super(`socket path is ${bytes} bytes, over the limit of ${max} on this platform: ${path}`);
    this.path = path;
    this.bytes = bytes;
    this.max = max;
  }
}

export interface UnixEchoServer {
  /** The socket file's path. */
  path: string;
  /** Stop accepting; resolve once closed. The socket file is gone then. */
  close(): Promise<void>;
}

/**
 * Serve an echo (every byte back to its sender, as in exercise 06; a client
 * that closes abruptly must not crash it) on a Unix socket at `path`:
 *
 * - a path longer than MAX_SOCKET_PATH_BYTES *bytes* (Buffer.byteLength)
 *   is refused with SocketPathTooLongError before anything is bound;
 * - a stale socket file at the path (nobody answers: connecting gives
 *   ECONNREFUSED) is removed and replaced;
 * - a live server's path is refused with the EADDRINUSE error, and its file
 *   is left alone; so is anything at the path that is not a socket;
 * - the socket file's mode is 0600 (owner only) before this resolves;
 * - close() resolves once the server is closed and the file is gone.
 *
 * On Windows, `path` is a named pipe (\\.\pipe\name): there is no file,
 * so only the length check and the echo apply (no stale file, no mode).
 */
export async function listenUnix(path: string): Promise<UnixEchoServer> {
  throw notImplemented(import.meta.url);
}
