/**
 * 12 — concurrency
 *
 * One server, many clients at once, each on its own socket, none allowed to
 * hold up the others. Read README.md (or README.pt.md, em português) beside
 * this file, then write startChatServer() below. Run only this exercise
 * with `npm test -- 12`.
 */
import { notImplemented } from "../not-implemented.ts";

export interface ChatServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** How many clients are connected right now (0 once close() has resolved). */
  connected(): number;
  /** Stop accepting, cut off (destroy) every client's connection; resolve once the server is closed. */
  close(): Promise<void>;
}

export interface ChatOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /**
   * A client whose unsent backlog (socket.writableLength after a write())
   * grows past this many bytes is cut off: it stopped reading. At the limit
   * it stays; a client that keeps up has none, so even 0 keeps it. Default 256 KiB.
   */
  maxBacklogBytes?: number;
}

/**
 * Start a broadcast chat server on `host`, port 0. Clients are named
 * guest1, guest2, … in the order they connect (numbered per server).
 *
 * - A new client gets "* you are guestN\n"; every other client gets
 *   "* guestN joined\n".
 * - Each whole line (ending in "\n" or "\r\n") that guestN sends reaches
 *   every other client once, as "guestN: <line>\n", and never guestN itself.
 * - When guestN's connection ends, however it ends (end, reset, cut off),
 *   every other client gets "* guestN left\n", once.
 * - Writing never waits for one client: a client whose unsent backlog
 *   passes `maxBacklogBytes` is cut off (destroyed), and the rest go on.
 * - A client that resets must not crash the server.
 */
export async function startChatServer(options: ChatOptions = {}): Promise<ChatServer> {
  throw notImplemented(import.meta.url);
}
