/**
 * Mistake: close() calls server.close() and resolves at once, while connections are still open.
 * Caught by: stops accepting at once, but resolves close() only after open connections end
 */
import { listen as right } from "../../../solutions/03-listen/index.ts";
import type { Listening, ListenOptions } from "../../../solutions/03-listen/index.ts";

export type { Listening, ListenOptions } from "../../../solutions/03-listen/index.ts";

export async function listen(options: ListenOptions = {}): Promise<Listening> {
  const listening = await right(options);
  return {
    ...listening,
    close: () => {
      listening.server.close();
      return Promise.resolve();
    },
  };
}
