/**
 * Mistake: reports the family as "IPv4" / "IPv6" text, as server.address() does, instead of 4 / 6.
 * Caught by: gives the family as the number 4 or 6, not "IPv4" (as server.address() does)
 */
import { resolve as right } from "../../../solutions/02-resolve/index.ts";
import type { ResolveOptions, SocketAddress } from "../../../solutions/02-resolve/index.ts";

export type { Family, ResolveOptions, SocketAddress } from "../../../solutions/02-resolve/index.ts";

export async function resolve(host: string, options: ResolveOptions = {}): Promise<SocketAddress[]> {
  const found = await right(host, options);
  return found.map(({ address, family }) => ({ address, family: `IPv${family}` as unknown as 4 | 6 }));
}
