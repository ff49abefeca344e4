/**
 * 02 — resolve a host name: reference solution.
 */
import dns from "node:dns/promises";

export type Family = 4 | 6;

export interface SocketAddress {
  /** An IP address in text form: "127.0.0.1", "::1", … */
  address: string;
  /** 4 for IPv4, 6 for IPv6. */
  family: Family;
}

export interface ResolveOptions {
  /** Only addresses of this family. Omitted: both. */
  family?: Family;
}

/**
 * Every address the system resolver (getaddrinfo) gives for `host`, in its
 * order. dns.lookup is getaddrinfo: hosts file first, then DNS, as the
 * system is configured. `all: true` asks for every address, not the first;
 * `order: "verbatim"` keeps the system's order.
 */
export async function resolve(host: string, options: ResolveOptions = {}): Promise<SocketAddress[]> {
  const found = await dns.lookup(host, { all: true, family: options.family ?? 0, order: "verbatim" });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}
