/**
 * 16 — capstone
 *
 * Everything so far in one server: a small key-value store over TCP. Read
 * README.md (or README.pt.md, em português) beside this file, then write
 * startKvServer() below. Run only this exercise with `npm test -- 16`.
 */
import { notImplemented } from "../not-implemented.ts";

export interface KvOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** The longest request line, in bytes, without its line ending. Default 1024. */
  maxLineBytes?: number;
  /** How long a connection may stay silent, in milliseconds. Default 30 000. */
  idleMs?: number;
}

export interface KvShutdownReport {
  /** Connections ended gracefully, every request they had sent answered. */
  closed: number;
  /** Connections destroyed at the deadline. */
  forced: number;
}

export interface KvServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** How many clients are connected right now (one that left, by FIN or by reset, no longer counts). */
  connected(): number;
  /** Stop gracefully; calling it again returns the same promise. */
  shutdown(options: { deadlineMs: number }): Promise<KvShutdownReport>;
}

/**
 * Start a key-value server on `host` (default "127.0.0.1", never every
 * interface), port 0, and report both; reject with the listen error (e.g.
 * EADDRNOTAVAIL) when it cannot listen there. One store per server, shared
 * by all its clients. Each request is a line ending in "\n" or "\r\n";
 * each answer is one line ending in "\n"; requests are answered in order,
 * however they are split or glued together.
 *
 * | request             | answer                                      |
 * | ------------------- | ------------------------------------------- |
 * | `SET <key> <value>` | `OK` (the value: the rest, spaces and all) |
 * | `GET <key>`         | `VALUE <value>`, or `NOT_FOUND`             |
 * | `DEL <key>`         | `DELETED`, or `NOT_FOUND`                   |
 * | `QUIT`              | `BYE`, then the connection ends             |
 *
 * Nothing a client sends after its QUIT is taken. A key is one word (no
 * spaces, never empty: a bare `SET`, `SET  v` or `GET a b` is used wrongly). An
 * unknown command answers `ERR unknown command "<word>"`, a known one used
 * wrongly `ERR usage: …`; both keep the connection. A line of exactly
 * `maxLineBytes` bytes (not characters) is accepted, however its "\r\n" is split; a longer one
 * answers `ERR line too long` and ends the connection, whether its newline
 * came with it or not: without one, as soon as more than `maxLineBytes` + 1
 * bytes wait. A connection silent for `idleMs` (no byte received) gets `ERR idle timeout` and
 * is ended; if its client still has not closed its side after another
 * `idleMs` of silence, destroy it. A client that resets must not crash the
 * server.
 *
 * `shutdown({ deadlineMs })`: stop accepting at once; take no new
 * requests (not even from a client that keeps its side open and still
 * sends: it stays, unanswered, until the deadline, for the idle clocks
 * stop); end every connection once the answers it is owed are written;
 * destroy whatever is still open after `deadlineMs`; resolve once all is
 * closed with how many connections ended gracefully (`closed`) and how
 * many were destroyed (`forced`). No timer is left behind.
 */
export async function startKvServer(options: KvOptions = {}): Promise<KvServer> {
  throw notImplemented(import.meta.url);
}
