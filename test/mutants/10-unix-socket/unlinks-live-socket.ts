/**
 * Mistake: removes whatever is at the path before binding, a live server's socket included.
 * Caught by: refuses a live server's path with EADDRINUSE and leaves its socket alone
 */
import { rmSync } from "node:fs";
import { listenUnix as right } from "../../../solutions/10-unix-socket/index.ts";
import type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError } from "../../../solutions/10-unix-socket/index.ts";
export type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export function listenUnix(path: string): Promise<UnixEchoServer> {
  rmSync(path, { force: true });
  return right(path);
}
