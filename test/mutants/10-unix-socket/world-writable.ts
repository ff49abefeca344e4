/**
 * Mistake: leaves the socket file with the umask's mode (0755 here), not 0600.
 * Caught by: makes the socket owner-only (0600), not world-writable
 */
import { chmodSync } from "node:fs";
import { listenUnix as right } from "../../../solutions/10-unix-socket/index.ts";
import type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError } from "../../../solutions/10-unix-socket/index.ts";
export type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export async function listenUnix(path: string): Promise<UnixEchoServer> {
  const server = await right(path);
  chmodSync(path, 0o777);
  return server;
}
