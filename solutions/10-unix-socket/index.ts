/**
 * 10 — Unix domain sockets: reference solution.
 */
import { chmod, lstat, unlink } from "node:fs/promises";
import net from "node:net";

/**
 * The longest socket path, in bytes, the platform accepts: sun_path holds
 * 108 bytes on Linux and 104 on macOS and the BSDs, one of them the final
 * NUL. On Windows the "path" is a named pipe (\\.\pipe\name), up to 256.
 */
export const MAX_SOCKET_PATH_BYTES: number = process.platform === "linux" ? 107 : process.platform === "win32" ? 256 : 103;

/** Refusal of a path that would not fit in sun_path. */
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

/** Windows: a named pipe stands in, with no file to stat, remove or chmod. */
const NAMED_PIPE = process.platform === "win32";

export interface UnixEchoServer {
  /** The socket file's path. */
  path: string;
  /** Stop accepting; resolve once closed. The socket file is gone then. */
  close(): Promise<void>;
}

function listenOn(server: net.Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(path, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/** Connect to `path`: "live" when someone accepts, else the error code. */
function probe(path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(path);
    socket.once("connect", () => {
      socket.destroy();
      resolve("live");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(err.code ?? "error");
    });
  });
}

/** Serve an echo on a Unix socket at `path` (see the stub for the contract). */
export async function listenUnix(path: string): Promise<UnixEchoServer> {
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_SOCKET_PATH_BYTES) throw new SocketPathTooLongError(path, bytes, MAX_SOCKET_PATH_BYTES);

  const server = net.createServer((socket) => {
    socket.on("error", () => socket.destroy());
    socket.pipe(socket);
  });
  try {
    await listenOn(server, path);
  } catch (err) {
    if (NAMED_PIPE || (err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    // Something is at the path. Only a socket nobody answers on is ours to remove.
    const stat = await lstat(path);
    if (!stat.isSocket() || (await probe(path)) !== "ECONNREFUSED") throw err;
    await unlink(path);
    await listenOn(server, path);
  }
  // Owner only. (A connection could slip in between bind and chmod; a
  // private directory, mode 0700, around the socket closes that gap.)
  if (!NAMED_PIPE) await chmod(path, 0o600);

  let closing: Promise<void> | undefined;
  return {
    path,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        // Node unlinks the socket file it created when the server closes.
        server.close((err) => (err ? reject(err) : resolve()));
      })),
  };
}
