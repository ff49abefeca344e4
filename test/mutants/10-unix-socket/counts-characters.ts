/**
 * Mistake: measures the path in characters (path.length), not bytes.
 * Caught by: counts the limit in bytes, not characters (é is 2 bytes in UTF-8)
 */
import net from "node:net";
import { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError } from "../../../solutions/10-unix-socket/index.ts";
import type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError } from "../../../solutions/10-unix-socket/index.ts";
export type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export async function listenUnix(path: string): Promise<UnixEchoServer> {
  if (path.length > MAX_SOCKET_PATH_BYTES) throw new SocketPathTooLongError(path, path.length, MAX_SOCKET_PATH_BYTES);
  const server = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => resolve());
  });
  return { path, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
