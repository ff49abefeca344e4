/**
 * Mistake: close() resolves whatever happened, so closing a closed server "succeeds".
 * Caught by: rejects close() on a server that is already closed, instead of hanging or pretending
 */
import { listen as right } from "../../../solutions/03-listen/index.ts";
import type { Listening, ListenOptions } from "../../../solutions/03-listen/index.ts";

export type { Listening, ListenOptions } from "../../../solutions/03-listen/index.ts";

export async function listen(options: ListenOptions = {}): Promise<Listening> {
  const listening = await right(options);
  return { ...listening, close: () => new Promise<void>((resolve) => listening.server.close(() => resolve())) };
}
