/**
 * 01 — port ranges
 *
 * A TCP or UDP port is a 16-bit number, 0 to 65535. IANA splits that space
 * in three ranges; read README.md (or README.pt.md, em português) beside
 * this file, then write the three functions below. Run only this exercise
 * with `npm test -- 01`.
 */
import { notImplemented } from "../not-implemented.ts";

/** The three IANA port ranges. */
export type PortRange = "well-known" | "registered" | "dynamic";

/**
 * Classify a port number:
 * - 0 to 1023: "well-known" (system ports);
 * - 1024 to 49151: "registered" (user ports);
 * - 49152 to 65535: "dynamic" (private or ephemeral ports).
 *
 * @throws RangeError when `port` is not a whole number from 0 to 65535
 *   (-1, 65536, 80.5, NaN, Infinity…). The message names the bad value.
 */
export function classifyPort(port: number): PortRange {
  throw notImplemented(import.meta.url);
}

/**
 * Whether binding `port` needs privilege (root, or CAP_NET_BIND_SERVICE on
 * Linux) under the classic rule: true for 1 to 1023. The running system may
 * differ (Linux's net.ipv4.ip_unprivileged_port_start; macOS since 10.14).
 * Port 0 needs none: it asks the operating system to choose a free port.
 *
 * @throws RangeError for the same bad values as classifyPort.
 */
export function needsPrivilege(port: number): boolean {
  throw notImplemented(import.meta.url);
}

/** What observeEphemeralPort() saw. */
export interface EphemeralPort {
  /** The port the operating system chose. */
  port: number;
  /** classifyPort(port). */
  range: PortRange;
}

/**
 * Ask the operating system for a port: start a TCP server on 127.0.0.1,
 * port 0, read the port it was given (`server.address()`), close the server
 * and resolve only once it is closed, with that port and its range.
 */
export async function observeEphemeralPort(): Promise<EphemeralPort> {
  throw notImplemented(import.meta.url);
}
