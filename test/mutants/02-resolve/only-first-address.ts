/**
 * Mistake: dns.lookup without all: true, which gives only the first address.
 * Caught by: asks the system resolver for every address (all: true), not only the first
 */
import dns from "node:dns/promises";
import type { ResolveOptions, SocketAddress } from "../../../solutions/02-resolve/index.ts";

export type { Family, ResolveOptions, SocketAddress } from "../../../solutions/02-resolve/index.ts";

export async function resolve(host: string, options: ResolveOptions = {}): Promise<SocketAddress[]> {
  const { address, family } = await dns.lookup(host, { family: options.family ?? 0 });
  return [{ address, family: family === 6 ? 6 : 4 }];
}
