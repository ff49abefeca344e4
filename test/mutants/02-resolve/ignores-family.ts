/**
 * Mistake: the family option is never passed on, so every family comes back.
 * Caught by: applies the family filter: family 6 gives only what the system has for IPv6 (maybe nothing: an error)
 */
import dns from "node:dns/promises";
import type { ResolveOptions, SocketAddress } from "../../../solutions/02-resolve/index.ts";

export type { Family, ResolveOptions, SocketAddress } from "../../../solutions/02-resolve/index.ts";

export async function resolve(host: string, _options: ResolveOptions = {}): Promise<SocketAddress[]> {
  const found = await dns.lookup(host, { all: true, order: "verbatim" });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}
