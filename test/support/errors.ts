import { say } from "./say.ts";

/** Plain-words hints for the error codes a socket program meets most. */
export const ERROR_HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: say`nothing listens at that address (that port, or that socket path)`,
  ECONNRESET: say`the peer aborted the connection (a reset, not a clean close)`,
  EADDRINUSE: say`something still holds that address (a port in use, or a file already at that socket path)`,
  EADDRNOTAVAIL: say`that address does not belong to this machine (bind, listen), or no local port was left for a connect()`,
  EACCES: say`permission denied (a port below 1024, by default, needs privilege; a Unix socket needs write permission on its file or directory)`,
  EPIPE: say`writing after the peer closed the connection`,
  ENOTFOUND: say`the resolver found no address for that host name`,
  EAI_AGAIN: say`the resolver could not answer right now`,
  ETIMEDOUT: say`the peer never answered`,
  ERR_SOCKET_CLOSED: say`the socket was already closed`,
  ERR_STREAM_WRITE_AFTER_END: say`writing after end() was called on this socket`,
  ERR_SERVER_NOT_RUNNING: say`close() on a server that is not listening`,
};

function codeOf(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err && typeof err.code === "string") {
    return err.code;
  }
  return undefined;
}

/** One line: the error's message, plus what its code usually means. */
export function explain(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = codeOf(err);
  const hint = code === undefined ? undefined : ERROR_HINTS[code];
  return hint === undefined ? message : `${message} (${code}: ${hint})`;
}

/** The `code` of a Node system error, or undefined. */
export function errorCode(err: unknown): string | undefined {
  return codeOf(err);
}
