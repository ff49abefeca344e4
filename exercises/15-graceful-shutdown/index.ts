/**
 * 15 — graceful shutdown
 *
 * Stopping a server well: no new clients, every request already taken gets
 * its answer, idle clients are let go, and a deadline caps the wait. Read
 * README.md (or README.pt.md, em português) beside this file, then write
 * startWorkServer() below. Run only this exercise with `npm test -- 15`.
 */
import { notImplemented } from "../not-implemented.ts";

export interface WorkOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** Handles one request line (without its line ending); its result is the answer line. */
  handle: (request: string) => Promise<string> | string;
}

export interface ShutdownOptions {
  /** How long in-flight requests may take before their connections are destroyed, in milliseconds. */
  deadlineMs: number;
}

/** What shutdown() did with the connections open when it began. */
export interface ShutdownReport {
  /** Busy connections whose requests finished, were answered and then ended, before the deadline. */
  completed: number;
  /** Idle connections, ended at once. */
  closedIdle: number;
  /** Busy connections whose requests were still unanswered at the deadline, destroyed. (A connection already counted above whose client keeps its side open is destroyed at the deadline too, but not counted again.) */
  forced: number;
}

export interface WorkServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** Stop gracefully (see startWorkServer); calling it again returns the same promise. */
  shutdown(options: ShutdownOptions): Promise<ShutdownReport>;
}

/**
 * Start a line server on `host`, port 0. Each request is a line of UTF-8
 * text ending in "\n" or "\r\n" (a character may arrive split across two
 * chunks; each connection's partial line is its own); `handle(request)`
 * computes its answer, written back as a line. A connection's requests are
 * handled one at a time, in order (a handler that throws, synchronously
 * or by rejecting, answers "ERR <message>"). A client that resets must
 * not crash the server, and its queued requests are not handled.
 *
 * `shutdown({ deadlineMs })`:
 * 1. stops accepting at once: new connections are refused (without waiting
 *    for idle clients to close: one may keep its side open);
 * 2. ends idle connections (nothing being handled) at once;
 * 3. lets busy connections finish the requests they already sent, answers
 *    them, then ends those connections; requests arriving after shutdown
 *    began are not handled;
 * 4. destroys every connection still open `deadlineMs` after it began;
 * 5. resolves once everything is closed, with what happened to the
 *    connections that were open when it began, each counted once (no timer left behind: the
 *    deadline timer is cleared, not only unref()'d).
 * Calling it again returns the same promise, not a new one.
 */
export async function startWorkServer(options: WorkOptions): Promise<WorkServer> {
  throw notImplemented(import.meta.url);
}
