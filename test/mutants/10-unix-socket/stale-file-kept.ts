/**
 * Mistake: a stale socket file left by a crashed server makes every start fail with EADDRINUSE.
 * Caught by: replaces a stale socket file that nobody listens on
 */
import { chmod } from "node:fs/promises";
import net from "node:net";
import { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError } from "../../../solutions/10-unix-socket/index.ts";
import type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError } from "../../../solutions/10-unix-socket/index.ts";
export type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export async function listenUnix(path: string): Promise<UnixEchoServer> {
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_SOCKET_PATH_BYTES) throw new SocketPathTooLongError(path, bytes, MAX_SOCKET_PATH_BYTES);
  const server = net.createServer((socket) => {
    socket.on("error", () => socket.destroy());
    socket.pipe(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => resolve());
  });
  await chmod(path, 0o600);
  return { path, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
