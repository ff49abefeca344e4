/**
 * Watching, not mocking: note the calls the code under test makes to Node's
 * system resolver while passing every call through unchanged, so the real
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
 * code imports them: `node:dns`, `node:dns/promises`, named or default).
 * Returns the list, which fills as calls happen.
 */
export function watchLookups(): LookupCall[] {
  const calls: LookupCall[] = [];
  const note = (via: LookupCall["via"]) => (host: unknown, options: unknown) => {
    calls.push({ via, host: String(host), options: typeof options === "function" ? undefined : options });
  };
  const callback = vi.spyOn(dns, "lookup");
  const promised = vi.spyOn(dns.promises, "lookup");
  const noteCallback = note("dns.lookup");
  const notePromise = note("dns.promises.lookup");
  const original = { callback: dns.lookup, promised: dns.promises.lookup };
  callback.mockImplementation(((...args: unknown[]) => {
    noteCallback(args[0], args[1]);
    return Reflect.apply(original.callback, dns, args) as unknown;
  }));
  promised.mockImplementation(((...args: unknown[]) => {
    notePromise(args[0], args[1]);
    return Reflect.apply(original.promised, dns.promises, args) as unknown;
  }) as typeof dns.promises.lookup);
  // ESM imports of built-in modules see the patched functions only after this.
  syncBuiltinESMExports();
  onTestFinished(() => {
    callback.mockRestore();
    promised.mockRestore();
    syncBuiltinESMExports();
  });
  return calls;
}
