/**
 * Mistake: treats anything at the path that refuses a connection as stale, so a regular file is deleted.
 * Caught by: never deletes a file at the path that is not a socket
 */
import { rmSync } from "node:fs";
import net from "node:net";
import { listenUnix as right } from "../../../solutions/10-unix-socket/index.ts";
import type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError } from "../../../solutions/10-unix-socket/index.ts";
export type { UnixEchoServer } from "../../../solutions/10-unix-socket/index.ts";

export async function listenUnix(path: string): Promise<UnixEchoServer> {
  const live = await new Promise<boolean>((resolve) => {
    const probe = net.connect(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  if (!live) rmSync(path, { force: true });
  return right(path);
}
