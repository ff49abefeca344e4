/**
 * Mistake: asks DNS directly (dns.resolve4 / resolve6), which skips the hosts file, so localhost fails.
 * Caught by: resolves localhost from the hosts file (dns.resolve*() asks DNS only, and fails)
 */
import dns from "node:dns/promises";
import type { ResolveOptions, SocketAddress } from "../../../solutions/02-resolve/index.ts";

export type { Family, ResolveOptions, SocketAddress } from "../../../solutions/02-resolve/index.ts";

export async function resolve(host: string, options: ResolveOptions = {}): Promise<SocketAddress[]> {
  const v4 = options.family === 6 ? [] : await dns.resolve4(host).catch(() => [] as string[]);
  const v6 = options.family === 4 ? [] : await dns.resolve6(host).catch(() => [] as string[]);
  const all = [...v4.map((address) => ({ address, family: 4 as const })), ...v6.map((address) => ({ address, family: 6 as const }))];
  if (all.length === 0) throw Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return all;
}
