import dns from "node:dns/promises";
import { describe, expect, it } from "vitest";
import { resolve } from "#kata/02-resolve";
import type { Family, SocketAddress } from "#kata/02-resolve";
import { errorCode, explain, rejectionOf, say, watchLookups, within } from "./support/index.ts";

/**
 * The oracle: what the system resolver itself answers, in its own order.
 * The tests compare with it, so they hold on a machine whose localhost is
 * only 127.0.0.1 and on one that lists ::1 first.
 */
async function systemAnswer(host: string, family?: Family): Promise<SocketAddress[] | { code: string }> {
  try {
    const found = await dns.lookup(host, { all: true, family: family ?? 0, order: "verbatim" });
    return found.map(({ address, family: f }) => ({ address, family: f === 6 ? 6 : 4 }));
  } catch (err) {
    return { code: errorCode(err) ?? String(err) };
  }
}

/** Expect resolve(host, { family }) to give what the system gives: the same list, or the same error. */
async function expectSameAsSystem(host: string, family?: Family): Promise<void> {
  const call = `resolve(${JSON.stringify(host)}${family ? `, { family: ${family} }` : ""})`;
  const expected = await systemAnswer(host, family);
  if ("code" in expected) {
    await rejectionOf(call, resolve(host, family ? { family } : {}), expected.code);
    return;
  }
  const got = await within(say`${call} to resolve`, resolve(host, family ? { family } : {}));
  expect(got, say`${call}: every address the system resolver knows, in its order`).toEqual(expected);
}

describe("02-resolve: literals", () => {
  it("passes an IPv4 literal through: 127.0.0.1", async () => {
    const got = await within(say`resolve("127.0.0.1") to resolve`, resolve("127.0.0.1"));
    expect(got, 'resolve("127.0.0.1")').toEqual([{ address: "127.0.0.1", family: 4 }]);
  });

  it("passes an IPv6 literal through: ::1", async () => {
    const got = await within(say`resolve("::1") to resolve`, resolve("::1"));
    expect(got, 'resolve("::1")').toEqual([{ address: "::1", family: 6 }]);
  });

  it("passes an IP literal through, whatever family is asked (as dns.lookup() does)", async () => {
    for (const [host, family, own] of [["127.0.0.1", 6, 4], ["::1", 4, 6]] as const) {
      const call = `resolve(${JSON.stringify(host)}, { family: ${family} })`;
      const expected = [{ address: host, family: own }];
      const outcome = await within(
        say`a result from ${call} (it neither resolved nor rejected)`,
        resolve(host, { family }).then(
          (got) => ({ got }),
          (err: unknown) => {
            if (err instanceof Error && err.name === "NotImplementedError") throw err;
            return { err };
          },
        ),
      );
      if ("err" in outcome) {
        throw new Error(say`${call} rejected with ${explain(outcome.err)}; a literal needs no lookup and no family filter: expected ${JSON.stringify(expected)}`);
      }
      expect(outcome.got, say`${call}: the literal itself, of its own family`).toEqual(expected);
    }
  });

  it('gives the family as the number 4 or 6, not "IPv4" (as server.address() does)', async () => {
    const [first] = await within(say`resolve("127.0.0.1") to resolve`, resolve("127.0.0.1"));
    expect(typeof first?.family, say`the type of family`).toBe("number");
    expect(first?.family, say`the family of 127.0.0.1`).toBe(4);
  });
});

describe("02-resolve: names", () => {
  it("resolves localhost from the hosts file (dns.resolve*() asks DNS only, and fails)", async () => {
    await expectSameAsSystem("localhost");
  });

  it("asks the system resolver for every address (all: true), not only the first", async () => {
    const expected = await systemAnswer("localhost");
    // Watch only the call under test, not the oracle's own lookup above.
    const lookups = watchLookups();
    const got = await within(say`resolve("localhost") to resolve`, resolve("localhost"));
    const calls = lookups();
    expect(got, say`resolve("localhost"): every address the system resolver knows`).toEqual(expected);
    expect(calls.length, say`getaddrinfo() requests for localhost (dns.lookup, however it is reached)`).toBeGreaterThan(0);
    expect(calls.some((c) => c.all), say`one lookup should ask for all addresses (all: true); the requests were ${JSON.stringify(calls)}`).toBe(true);
  });

  it("asks for both families when no family is given (family 0), on every machine", async () => {
    // Where localhost is only 127.0.0.1, asking for IPv4 alone gives the same list: look at the request itself.
    const lookups = watchLookups();
    await within(say`resolve("localhost") to resolve`, resolve("localhost"));
    const families = lookups().map((c) => c.family);
    expect(families.length, say`getaddrinfo() requests for localhost (dns.lookup, however it is reached)`).toBeGreaterThan(0);
    expect(families, say`the family each request asked for (0: both)`).toEqual(families.map(() => 0));
  });

  it("applies the family filter: family 4 gives only IPv4 addresses", async () => {
    await expectSameAsSystem("localhost", 4);
  });

  it("applies the family filter: family 6 gives only what the system has for IPv6 (maybe nothing: an error)", async () => {
    await expectSameAsSystem("localhost", 6);
  });

  it("rejects an unknown host (*.invalid never exists) with the resolver's own error (ENOTFOUND), not an empty list", { timeout: 16_000 }, async () => {
    // A lookup may go out to the system's DNS server: give it longer than the usual 2 s. Where no DNS
    // server answers, the resolver cannot tell and says EAI_AGAIN: the same error is then the right one.
    const expected = await systemAnswer("no-such-host.invalid");
    const code = "code" in expected ? expected.code : "ENOTFOUND";
    const err = await within(
      say`resolve("no-such-host.invalid") to reject`,
      rejectionOf('resolve("no-such-host.invalid")', resolve("no-such-host.invalid"), code),
      6_000,
    );
    expect(err.message, say`the error should name the host`).toContain("no-such-host.invalid");
  });
});
