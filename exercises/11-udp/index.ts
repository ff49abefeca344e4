/**
 * 11 — UDP datagrams
 *
 * UDP sends datagrams: each one whole or not at all, maybe out of order,
 * maybe never. There is no connection and no accept, so a client must bring
 * its own timeout and retries. Read README.md (or README.pt.md, em
 * português) beside this file, then write the two functions below. Run only
 * this exercise with `npm test -- 11`.
 */
import { notImplemented } from "../not-implemented.ts";

/** Largest UDP payload over IPv4: 65535 − 8 (UDP header) − 20 (IPv4 header). */
export const MAX_DATAGRAM_BYTES = 65507;

export interface UdpEchoServer {
  /** The address it is bound to. */
  host: string;
  /** The port the OS chose. */
  port: number;
  /** Close the socket; resolves once it is closed and the port is free. */
  close(): Promise<void>;
}

/**
 * Start a UDP echo server on `host` (default "127.0.0.1"; an IPv6 address
 * such as "::1" needs a "udp6" socket), port 0. Each datagram it receives
 * goes back, whole and unchanged, byte for byte (binary, not text), to the
 * address and port it came from. If it cannot bind there (a host that does
 * not resolve, say), reject with that error and leave no socket open.
 */
export async function startUdpEcho(options: { host?: string } = {}): Promise<UdpEchoServer> {
  throw notImplemented(import.meta.url);
}

export interface UdpRequestOptions {
  /** Where the server is: "127.0.0.1" (default), "::1", … */
  host?: string;
  /** How long to wait for each answer, in milliseconds. Default 500. */
  timeoutMs?: number;
  /** How many more times to send when no answer comes. Default 3. */
  retries?: number;
}

/**
 * Send `payload` as one datagram to host:port and resolve with the first
 * datagram that comes back from that address and port.
 *
 * - No answer within `timeoutMs`: send again, up to `retries` more times,
 *   waiting `timeoutMs` each time (not a growing wait; `retries: 0` is one send).
 *   An ECONNREFUSED 'error' on the connected socket (nothing listened on
 *   that port) counts as a lost datagram: go on with the retries.
 * - Still nothing: reject with an Error whose `code` is "ETIMEDOUT" and
 *   whose message says how many attempts were made.
 * - A payload over MAX_DATAGRAM_BYTES: throw a RangeError before sending.
 * - connect() fails (a host that does not resolve, say): reject with that error.
 * - Take each attempt's 'message' and 'error' listeners off when it ends.
 * - Close the client socket in every case, answer or not.
 */
export async function udpRequest(port: number, payload: Uint8Array, options: UdpRequestOptions = {}): Promise<Buffer> {
  throw notImplemented(import.meta.url);
}
