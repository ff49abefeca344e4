/**
 * 02 — resolve a host name (getaddrinfo)
 *
 * Before a client can connect to "localhost" or "example.org", the name
 * must become socket addresses. Read README.md (or README.pt.md, em
 * português) beside this file, then write resolve() below. Run only this
 * exercise with `npm test -- 02`.
 */
import { notImplemented } from "../not-implemented.ts";

export type Family = 4 | 6;

export interface SocketAddress {
  /** An IP address in text form: "127.0.0.1", "::1", … */
  address: string;
  /** 4 for IPv4, 6 for IPv6 (numbers, not "IPv4"). */
  family: Family;
}

export interface ResolveOptions {
  /** Only addresses of this family. Omitted: both. */
  family?: Family;
}

/**
 * Every address the system resolver gives for `host` (the hosts file, then
 * DNS, as the machine is configured), in the order the system gives them.
 *
 * - An IP literal ("127.0.0.1", "::1") comes back as it is: one address,
 *   of its own family, whatever `options.family` asks (dns.lookup answers
 *   a literal itself and ignores `family`).
 * - For a name, `options.family` keeps only that family; when that leaves nothing, the
 *   resolver's error is the answer (reject with it).
 * - A name that does not exist rejects with the resolver's error, whose
 *   `code` is "ENOTFOUND" ("EAI_AGAIN" where no DNS server answers: pass
 *   on whatever the resolver says). Never resolve with an empty list.
 */
export async function resolve(host: string, options: ResolveOptions = {}): Promise<SocketAddress[]> {
  throw notImplemented(import.meta.url);
}
