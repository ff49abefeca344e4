/**
 * 09 — request / response
 *
 * A server's loop: read a request, answer it (or not), read the next. Read
 * README.md (or README.pt.md, em português) beside this file, then write
 * startLineServer() below. Run only this exercise with `npm test -- 09`.
 */
import { notImplemented } from "../not-implemented.ts";

export interface LineServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** Stop accepting; resolve once the server is closed (every connection ended). */
  close(): Promise<void>;
}

export interface LineServerOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** The longest request line accepted, in bytes, without its line ending. Default 1024. */
  maxLineBytes?: number;
}

/**
 * Start a line-protocol server on `host`, port 0. Each request is one line
 * ending in "\n" or "\r\n" (UTF-8); each answer is one line ending in "\n".
 * Requests are answered in the order they came, however they are split or
 * glued together. Per connection:
 *
 * | request       | answer                                         |
 * | ------------- | ---------------------------------------------- |
 * | `PING`        | `PONG`                                         |
 * | `ECHO <text>` | `<text>`                                       |
 * | `NOTE <text>` | none: the note is kept for this connection     |
 * | `NOTES`       | how many notes this connection has kept, e.g. `2` |
 * | `QUIT`        | `BYE`, then the server ends the connection     |
 * | anything else | `ERR unknown command "<first word>"`; the connection stays open |
 *
 * The command is the first word, up to the first space, matched exactly as
 * written (`ping` and `PINGX` are unknown); its text is everything after
 * that space, spaces at the end included (`NOTE` alone keeps an empty
 * note). Only a "\r" right before the "\n" belongs to the line ending.
 *
 * A request line longer than `maxLineBytes` (counted in UTF-8 bytes, not
 * characters) gets `ERR line too long` and the connection is ended, as
 * soon as more than `maxLineBytes` + 1 bytes wait without a newline,
 * however few each chunk brings. The limit is per line: pipelined lines
 * that together pass it are answered. After QUIT or that error, nothing more is
 * answered. A client that resets must not crash the server.
 */
export async function startLineServer(options: LineServerOptions = {}): Promise<LineServer> {
  throw notImplemented(import.meta.url);
}
