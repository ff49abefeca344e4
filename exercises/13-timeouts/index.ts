/**
 * 13 — timeouts
 *
 * A peer can go quiet forever, or trickle bytes just fast enough to hold a
 * connection open. Read README.md (or README.pt.md, em português) beside
 * this file, then write startIdleEchoServer() below. Run only this exercise
 * with `npm test -- 13`.
 */
import { notImplemented } from "../not-implemented.ts";

export interface IdleServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** Stop accepting; resolve once the server is closed (every connection ended). */
  close(): Promise<void>;
}

export interface IdleOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** How long a connection may stay silent, in milliseconds. */
  idleMs: number;
}

/**
 * Start an echo server (every byte back to its sender) on `host`, port 0,
 * that closes idle connections: a connection that receives nothing for
 * `idleMs` milliseconds gets "ERR idle timeout\n" and is ended; if its
 * client still has not closed its side after another `idleMs` of silence,
 * the connection is destroyed (then, not sooner). Every byte received restarts that
 * connection's clock; each connection has its own. No timer may outlive
 * its connection, in either phase. A client that resets must not crash the server.
 */
export async function startIdleEchoServer(options: IdleOptions): Promise<IdleServer> {
  throw notImplemented(import.meta.url);
}
