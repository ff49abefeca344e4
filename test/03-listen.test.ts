import type net from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { listen } from "#kata/03-listen";
import type { Listening, ListenOptions } from "#kata/03-listen";
import { closedPort, markHandles, openAccepted, openClient, openSince, pause, probeConnect, rejectionOf, say, startTestServer, watchLookups, within, expectUnusableHostRejected } from "./support/index.ts";

/** listen(options), closed when the test ends (unless the test closed it). */
async function started(options?: ListenOptions): Promise<Listening> {
  const what = say`listen(${options ? JSON.stringify({ ...options, onConnection: undefined }) : ""}) to resolve`;
  const listening = await within(what, options ? listen(options) : listen());
  onTestFinished(async () => {
    if (listening.server.listening) await within(say`close() to resolve`, listening.close());
  });
  return listening;
}

describe("03-listen: bind and listen", () => {
  it("listens on 127.0.0.1 by default, not on every interface", async () => {
    const listening = await started();
    const real = listening.server.address() as net.AddressInfo;
    expect(real.address, say`where the server is really bound (server.address())`).toBe("127.0.0.1");
    expect(listening.address, say`the address listen() reported`).toBe("127.0.0.1");
    expect(listening.family, say`the family listen() reported`).toBe("IPv4");
  });

  it("resolves only once listening: the port is real and a client can connect at once", async () => {
    const listening = await started();
    expect(listening.server.listening, say`server.listening when listen() resolved`).toBe(true);
    const real = listening.server.address() as net.AddressInfo;
    expect(listening.port, say`the port listen() reported should be the bound port, never 0`).toBe(real.port);
    await openClient(listening.port);
  });

  it("honours a given host: ::1 gives an IPv6 server", async () => {
    const listening = await started({ host: "::1" });
    expect([listening.address, listening.family], say`address and family for host ::1`).toEqual(["::1", "IPv6"]);
    await openClient(listening.port, { host: "::1" });
  });

  it("takes 127.0.0.1 as the default host, not a name to resolve (localhost is ::1 first on some machines)", async () => {
    const lookups = watchLookups();
    await started();
    expect(lookups(), say`getaddrinfo() requests made by listen() without a host (127.0.0.1 needs none; "localhost" does)`).toEqual([]);
  });

  it("reports the address and family the system bound, not the host text: 0:0:0:0:0:0:0:1 is ::1, IPv6", async () => {
    const listening = await started({ host: "0:0:0:0:0:0:0:1" });
    expect([listening.address, listening.family], say`address and family for host 0:0:0:0:0:0:0:1 (server.address() says ::1, IPv6)`).toEqual(["::1", "IPv6"]);
  });

  it("honours a given port", async () => {
    const port = await closedPort();
    const listening = await started({ port });
    expect(listening.port, say`the port listen({ port: ${port} }) reported`).toBe(port);
  });

  it("passes each accepted connection to onConnection", async () => {
    const accepted: net.Socket[] = [];
    const listening = await started({ onConnection: (socket) => accepted.push(socket) });
    onTestFinished(() => accepted.forEach((socket) => socket.destroy()));
    const clients = [];
    for (let i = 0; i < 5; i += 1) clients.push(await openClient(listening.port));
    await clients[4]?.until(say`be accepted 5 times over`, () => accepted.length === 5);
    expect(new Set(accepted).size, say`distinct sockets given to onConnection`).toBe(5);
  });
});

describe("03-listen: when the port is taken", () => {
  it("rejects with EADDRINUSE instead of crashing on an 'error' event, and leaves nothing open", async () => {
    const holder = await startTestServer();
    const mark = markHandles();
    await rejectionOf(say`listen({ port: ${holder.port} }) on a port in use`, listen({ port: holder.port }), "EADDRINUSE");
    expect(await openSince(mark), say`handles left open after the failed listen()`).toEqual([]);
  });
});

describe("03-listen: other listen errors", () => {
  it("rejects with any listen error, not only EADDRINUSE: ENOTFOUND for a host that resolves to nothing", async () => {
    await expectUnusableHostRejected("listen()", (host) => listen({ host }));
  });
});

describe("03-listen: close", () => {
  it("stops accepting at once, but resolves close() only after open connections end", async () => {
    const listening = await within(say`listen() to resolve`, listen());
    const client = await openAccepted(listening.port);
    let closed = false;
    const closing = listening.close().then(() => {
      closed = true;
    });
    await pause(50);
    expect(closed, say`close() resolved while a client was still connected`).toBe(false);
    expect(await probeConnect(listening.port), say`a new connection after close() was called`).toBe("ECONNREFUSED");
    client.end();
    await within(say`close() to resolve once the last client has gone`, closing);
  });

  it("frees the port: after close() the same port can listen again", async () => {
    const first = await within(say`listen() to resolve`, listen());
    await within(say`close() to resolve`, first.close());
    expect(await probeConnect(first.port), say`connecting to port ${first.port} after close()`).toBe("ECONNREFUSED");
    const again = await started({ port: first.port });
    expect(again.port, say`the port listened on again`).toBe(first.port);
  });

  it("rejects close() on a server that is already closed, instead of hanging or pretending", async () => {
    const listening = await within(say`listen() to resolve`, listen());
    await within(say`the first close() to resolve`, listening.close());
    await rejectionOf(say`a second close()`, listening.close());
  });
});
