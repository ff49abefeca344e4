/**
 * 06 — send / recv
 *
 * send() hands bytes to the kernel; recv() returns whatever has arrived so
 * far, which is rarely "one message". Read README.md (or README.pt.md, em
 * português) beside this file, then write the three functions below. Run
 * only this exercise with `npm test -- 06`.
 */
import { notImplemented } from "../not-implemented.ts";

export interface EchoServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** Stop accepting; resolve once the server is closed (every connection ended). */
  close(): Promise<void>;
}

export interface EchoOptions {
  /** Default "127.0.0.1". */
  host?: string;
}

/**
 * Start an echo server on `host`, port 0: every byte a client sends comes
 * back to that client, unchanged and in order (binary included), however the
 * bytes are split. When a client ends its side, the server ends its own. A
 * client that resets must not crash it.
 */
export async function startEchoServer(options: EchoOptions = {}): Promise<EchoServer> {
  throw notImplemented(import.meta.url);
}

/**
 * Connect to an echo server at `host`:`port`, send `payload`, and resolve
 * with the reply once as many bytes have come back as were sent (the reply
 * may arrive in any number of chunks). An empty payload resolves at once
 * with an empty Buffer. Close the connection before resolving. Reject if the
 * connection fails or the server ends it before the whole reply is back.
 */
export function sendAndCollect(port: number, payload: Uint8Array, options: EchoOptions = {}): Promise<Buffer> {
  throw notImplemented(import.meta.url);
}

/**
 * Like sendAndCollect, for text: send `text` as UTF-8 and resolve with the
 * reply decoded as UTF-8. A character whose bytes arrive in two chunks must
 * come back whole.
 */
export async function sendText(port: number, text: string, options: EchoOptions = {}): Promise<string> {
  throw notImplemented(import.meta.url);
}
