/**
 * Mistake: close() resolves without closing the server, so the socket file stays.
 * Caught by: removes the socket file on close() (leaving it is the mistake)
 */
import { listenUnix as right } from "../../../solutions/10-unix-socket/index.ts";
import type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError } from "../../../solutions/10-unix-socket/index.ts";
export type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export async function listenUnix(path: string): Promise<UnixEchoServer> {
  const server = await right(path);
  return { path: server.path, close: () => Promise.resolve() };
}
