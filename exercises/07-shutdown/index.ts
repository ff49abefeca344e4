/**
 * 07 — shutdown
 *
 * shutdown() closes one direction of a connection: "I have said
 * everything", while the other direction stays open for the answer. Read
 * README.md (or README.pt.md, em português) beside this file, then write
 * the two functions below. Run only this exercise with `npm test -- 07`.
 */
import { notImplemented } from "../not-implemented.ts";

export interface AnswerServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** Stop accepting; resolve once the server is closed (every connection ended). */
  close(): Promise<void>;
}

export interface AnswerOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /**
   * Computes the answer to one whole request (every byte the client sent
   * before its FIN). It may take its time: it can return a Promise.
   */
  answer: (request: Buffer) => Uint8Array | string | Promise<Uint8Array | string>;
}

export interface RequestOptions {
  /** Default "127.0.0.1". */
  host?: string;
}

/**
 * Start a server on `host`, port 0. For each client it collects every byte
 * until the client ends its side (FIN), then writes `await answer(request)`
 * and ends the connection (if `answer` throws, it drops that connection). It never answers before the FIN, it keeps each
 * client's request separate, and a client that resets must not crash it.
 */
export async function startAnswerServer(options: AnswerOptions): Promise<AnswerServer> {
  throw notImplemented(import.meta.url);
}

/**
 * Connect to `host`:`port`, send `body`, then half-close (end your sending
 * side, keep reading) and resolve with every byte of the answer once the
 * server ends the connection. Close the socket before resolving. Reject if
 * the connection fails or is reset.
 */
export function request(port: number, body: Uint8Array | string, options: RequestOptions = {}): Promise<Buffer> {
  throw notImplemented(import.meta.url);
}
