import { describe, expect, it, onTestFinished } from "vitest";
import { startWhoAmI } from "#kata/05-accept";
import type { WhoAmIServer, WhoAmIOptions } from "#kata/05-accept";
import { expectCloseWaitsFor, expectListeningOn, expectUnusableHostRejected, explain, needsSecondLoopback, openClient, openClients, pause, probeConnect, say, watchUncaught, within } from "./support/index.ts";

/** startWhoAmI(), closed when the test ends (unless the test closed it). */
async function whoAmI(options?: WhoAmIOptions): Promise<WhoAmIServer> {
  const server = await within(say`startWhoAmI() to resolve`, options ? startWhoAmI(options) : startWhoAmI());
  let closed = false;
  const close = server.close.bind(server);
  server.close = () => {
    closed = true;
    return close();
  };
  onTestFinished(async () => {
    if (!closed) await within(say`close() to resolve`, close());
  });
  return server;
}

describe("05-accept: who am I", () => {
  it("tells a client its own address and port, then ends the connection", async () => {
    const server = await whoAmI();
    const client = await openClient(server.port);
    await client.receiveEnd();
    expect(client.text, say`the line ${client.label} should get`).toBe(`127.0.0.1 ${client.localPort}\n`);
  });

  it("answers with the client's end, not its own address and port", async () => {
    const server = await whoAmI();
    const client = await openClient(server.port);
    await client.receiveEnd();
    const port = Number(client.text.trim().split(" ")[1]);
    expect(port, say`the port in the reply; the server's own is ${server.port}`).not.toBe(server.port);
    expect(port, say`the port in the reply should be the client's local port`).toBe(client.localPort);
  });

  it("answers each of 5 clients connected at once with its own port (no state shared between connections)", async () => {
    const server = await whoAmI();
    const clients = await openClients(5, server.port);
    for (const client of [...clients].reverse()) {
      await client.receiveEnd();
      expect(client.text, say`the line ${client.label} should get`).toBe(`127.0.0.1 ${client.localPort}\n`);
    }
  });

  it("answers with the address the client connects from, not the one the server listens on: a client at 127.0.0.2 hears 127.0.0.2", async (context) => {
    needsSecondLoopback(context);
    const server = await whoAmI();
    const client = await openClient(server.port, { localAddress: "127.0.0.2" });
    await client.receiveEnd();
    expect(client.text, say`the line ${client.label}, bound to 127.0.0.2, should get (the server listens on 127.0.0.1)`).toBe(`127.0.0.2 ${client.localPort}\n`);
  });

  it("answers over IPv6 with the client's ::1 address", async () => {
    const server = await whoAmI({ host: "::1" });
    const client = await openClient(server.port, { host: "::1" });
    await client.receiveEnd();
    expect(client.text, say`the line for an IPv6 client`).toBe(`::1 ${client.localPort}\n`);
  });
});

describe("05-accept: counting", () => {
  it("counts accepted connections, from 0", async () => {
    const server = await whoAmI();
    expect(server.accepted(), say`accepted() before any client`).toBe(0);
    for (let i = 0; i < 3; i += 1) await (await openClient(server.port)).receiveEnd();
    expect(server.accepted(), say`accepted() after 3 clients`).toBe(3);
  });

  it("keeps a count per server, not one shared by every server", async () => {
    const one = await whoAmI();
    const two = await whoAmI();
    for (let i = 0; i < 3; i += 1) await (await openClient(one.port)).receiveEnd();
    await (await openClient(two.port)).receiveEnd();
    expect([one.accepted(), two.accepted()], say`accepted() of the first and the second server`).toEqual([3, 1]);
  });
});

describe("05-accept: closing and resets", () => {
  it("survives a client that resets at once, and serves the next one", async () => {
    const server = await whoAmI();
    const uncaught = watchUncaught();
    const rude = await openClient(server.port);
    rude.reset();
    const next = await openClient(server.port);
    await next.receiveEnd();
    expect(next.text, say`the line ${next.label} should get`).toBe(`127.0.0.1 ${next.localPort}\n`);
    await pause(50);
    expect(uncaught().map(explain), say`errors the server let escape (a socket 'error' event with no listener)`).toEqual([]);
  });

  it("resolves close() only once a client that keeps its side open has gone", async () => {
    const server = await whoAmI();
    const client = await openClient(server.port, { allowHalfOpen: true });
    await client.receiveEnd(); // the server ended its side; this client keeps its own open
    await expectCloseWaitsFor(server, client, async () => {
      expect(await probeConnect(server.port), say`a new connection after close() was called`).toBe("ECONNREFUSED");
    });
  });

  it("closes: close() resolves once the clients are done, and then connections are refused", async () => {
    const server = await whoAmI();
    const client = await openClient(server.port);
    await client.receiveEnd();
    await within(say`close() to resolve`, server.close());
    expect(await probeConnect(server.port), say`connecting to port ${server.port} after close()`).toBe("ECONNREFUSED");
  });
});

describe("05-accept: the host", () => {
  it("listens on 127.0.0.1 by default, not on every interface, and says so", async () => {
    await expectListeningOn("startWhoAmI()", "127.0.0.1", () => whoAmI());
  });

  it("listens on the host it is given (::1), and says so", async () => {
    await expectListeningOn('startWhoAmI({ host: "::1" })', "::1", () => whoAmI({ host: "::1" }));
  });

  it("rejects when it cannot listen on its host (a name that resolves to nothing), instead of an uncaught error", async () => {
    await expectUnusableHostRejected("startWhoAmI()", (host) => startWhoAmI({ host }));
  });
});
