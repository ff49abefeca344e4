/**
 * 05 — accept
 *
 * accept() hands the server a new socket for each client, and with it the
 * client's address and port. Read README.md (or README.pt.md, em português)
 * beside this file, then write startWhoAmI() below. Run only this exercise
 * with `npm test -- 05`.
 */
import { notImplemented } from "../not-implemented.ts";

export interface WhoAmIServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** How many connections this server has accepted so far. */
  accepted(): number;
  /** Stop accepting; resolve once the server is closed (every connection ended). */
  close(): Promise<void>;
}

export interface WhoAmIOptions {
  /** Default "127.0.0.1". */
  host?: string;
}

/**
 * Start a "who am I" server on `host`, port 0. To each client it writes one
 * line, "<address> <port>\n": the address and port it sees the client
 * connect FROM (the client's end of the connection, not its own), then it
 * ends that connection. A client that resets must not crash it.
 */
export async function startWhoAmI(options: WhoAmIOptions = {}): Promise<WhoAmIServer> {
  throw notImplemented(import.meta.url);
}
