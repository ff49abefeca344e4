/**
 * Watching, not mocking: note the calls the code under test makes to Node's
 * system resolver while every call goes through unchanged, so the real
 * getaddrinfo still answers. Undone when the test ends.
 */
import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import { onTestFinished, vi } from "vitest";

/** One call to dns.lookup or dns.promises.lookup. */
export interface LookupCall {
  via: "dns.lookup" | "dns.promises.lookup";
  host: string;
  /** The options argument as given: an object, a family number, or undefined. */
  options: unknown;
}

/**
 * Start noting calls to `dns.lookup` and `dns.promises.lookup` (however the
 * code imports them: `node:dns` or `node:dns/promises`, named or default).
 * Returns a function that lists the calls so far.
 */
export function watchLookups(): () => LookupCall[] {
  const callback = vi.spyOn(dns, "lookup");
  const promised = vi.spyOn(dns.promises, "lookup");
  // ESM imports of built-in modules see the spies only after this.
  syncBuiltinESMExports();
  onTestFinished(() => {
    callback.mockRestore();
    promised.mockRestore();
    syncBuiltinESMExports();
  });
  const list = (via: LookupCall["via"], calls: readonly unknown[][]): LookupCall[] =>
    calls.map((args) => ({
      via,
      host: String(args[0]),
      options: typeof args[1] === "function" ? undefined : args[1],
    }));
  return () => [...list("dns.lookup", callback.mock.calls), ...list("dns.promises.lookup", promised.mock.calls)];
}

/**
 * Note every uncaught exception while the test runs (a server whose socket
 * 'error' event has no listener throws one). Vitest still reports them;
 * this lets the test itself fail with a clear message. Returns a function
 * that lists them.
 */
export function watchUncaught(): () => Error[] {
  const seen: Error[] = [];
  const note = (err: unknown) => {
    seen.push(err instanceof Error ? err : new Error(String(err)));
  };
  process.on("uncaughtException", note);
  onTestFinished(() => {
    process.off("uncaughtException", note);
  });
  return () => [...seen];
}
