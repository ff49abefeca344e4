/**
 * Mistake: no length check, so Node 22 binds a silently truncated path (Node 24+ fails with a bare EINVAL).
 * Caught by: refuses a path over 107 bytes before binding: 108 bytes (it fills sun_path, no room for the NUL) and 120 (Node 22 would truncate it)
 */
import net from "node:net";
import type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError } from "../../../solutions/10-unix-socket/index.ts";
export type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export async function listenUnix(path: string): Promise<UnixEchoServer> {
  const server = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => resolve());
  });
  return { path, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
