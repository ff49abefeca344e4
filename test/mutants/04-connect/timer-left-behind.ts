/**
 * Mistake: a connect timeout whose timer is never cleared when the attempt fails.
 * Caught by: leaves nothing behind after a refused connect (no socket, no timer)
 */
import { connect as right } from "../../../solutions/04-connect/index.ts";
import type { Connection } from "../../../solutions/04-connect/index.ts";

export type { Candidate, Connection, Endpoint } from "../../../solutions/04-connect/index.ts";
export { connectFirst } from "../../../solutions/04-connect/index.ts";

export async function connect(host: string, port: number): Promise<Connection> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("connect timed out")), 3_000);
  });
  const connection = await Promise.race([right(host, port), timeout]);
  clearTimeout(timer);
  return connection;
}
