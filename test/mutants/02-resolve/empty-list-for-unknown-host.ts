/**
 * Mistake: swallows ENOTFOUND and resolves with an empty list.
 * Caught by: rejects an unknown host (*.invalid never exists) with the resolver's own error (ENOTFOUND), not an empty list
 */
import { resolve as right } from "../../../solutions/02-resolve/index.ts";
import type { ResolveOptions, SocketAddress } from "../../../solutions/02-resolve/index.ts";

export type { Family, ResolveOptions, SocketAddress } from "../../../solutions/02-resolve/index.ts";

export async function resolve(host: string, options: ResolveOptions = {}): Promise<SocketAddress[]> {
  try {
    return await right(host, options);
  } catch {
    return [];
  }
}
