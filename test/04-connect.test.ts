import { describe, expect, it, onTestFinished } from "vitest";
import { connect, connectFirst } from "#kata/04-connect";
import type { Connection } from "#kata/04-connect";
import { closedPort, handlesSince, markHandles, openSince, pause, rejectionOf, say, startTestServer, within } from "./support/index.ts";

/** Await a connection (with a deadline) and destroy its socket when the test ends. */
async function connected(what: string, attempt: Promise<Connection>): Promise<Connection> {
  const connection = await within(say`${what} to resolve`, attempt);
  onTestFinished(() => {
    connection.socket.destroy();
  });
  return connection;
}

describe("04-connect: connect", () => {
  it("reports both ends: the server's, and the port the OS chose for this end", async () => {
    const server = await startTestServer();
    const { local, remote } = await connected("connect()", connect("127.0.0.1", server.port));
    expect(remote, say`the remote end`).toEqual({ address: "127.0.0.1", port: server.port, family: "IPv4" });
    expect(local.address, say`the local address`).toBe("127.0.0.1");
    expect(local.port > 0 && local.port !== server.port, say`the local port (${local.port}) is the client's own`).toBe(true);
    await within(say`the server to accept`, new Promise<void>((resolve) => (server.accepted.length > 0 ? resolve() : server.server.once("connection", () => resolve()))));
    expect(server.accepted[0]?.remotePort, say`the port the server sees the client connect from`).toBe(local.port);
  });

  it("connects over IPv6 to ::1", async () => {
    const server = await startTestServer(undefined, "::1");
    const { local, remote } = await connected('connect("::1")', connect("::1", server.port));
    expect([remote.address, remote.family, local.family], say`remote address and both families`).toEqual(["::1", "IPv6", "IPv6"]);
  });

  it("connects to a name: localhost", async () => {
    const server = await startTestServer();
    const { remote } = await connected('connect("localhost")', connect("localhost", server.port));
    expect(remote.port, say`the remote port`).toBe(server.port);
    // The server listens on 127.0.0.1 only: that is the peer the socket connected to, whatever name was asked.
    expect([remote.address, remote.family], say`the remote end as the socket sees it (getpeername), not the name that was asked for`).toEqual(["127.0.0.1", "IPv4"]);
  });

  it("hands over the socket without a timeout of its own left on it (its idle time is the caller's business)", async () => {
    const server = await startTestServer();
    const { socket } = await connected("connect()", connect("127.0.0.1", server.port));
    expect(socket.timeout ?? 0, say`socket.timeout on the socket connect() resolved with (a connect timeout left set would end an idle connection later)`).toBe(0);
  });

  it("hands over the socket without its own 'error' listener left on it (a later error is the caller's to see)", async () => {
    const server = await startTestServer();
    const { socket } = await connected("connect()", connect("127.0.0.1", server.port));
    expect(socket.listenerCount("error"), say`'error' listeners left on the socket connect() resolved with`).toBe(0);
  });

  it("rejects with ECONNREFUSED instead of crashing on an unhandled 'error' event", async () => {
    const port = await closedPort();
    await rejectionOf(say`connect() to 127.0.0.1:${port}, where nothing listens`, connect("127.0.0.1", port), "ECONNREFUSED");
  });

  it("leaves nothing behind after a refused connect (no socket, no timer)", async () => {
    const port = await closedPort();
    const mark = markHandles();
    await rejectionOf(say`connect() to 127.0.0.1:${port}`, connect("127.0.0.1", port), "ECONNREFUSED");
    expect(await openSince(mark), say`handles left open after the refused connect()`).toEqual([]);
  });
});

describe("04-connect: connectFirst", () => {
  it("goes on to the next candidate after a failure, instead of stopping at the first", async () => {
    const [dead1, dead2] = [await closedPort(), await closedPort()];
    const live = await startTestServer();
    const { remote } = await connected(
      "connectFirst([dead, dead, live])",
      connectFirst([{ host: "127.0.0.1", port: dead1 }, { host: "127.0.0.1", port: dead2 }, { host: "127.0.0.1", port: live.port }]),
    );
    expect(remote.port, say`the candidate connectFirst connected to`).toBe(live.port);
  });

  it("tries the candidates one at a time, in order: the second is never contacted when the first answers", async () => {
    const first = await startTestServer();
    const second = await startTestServer();
    const { remote } = await connected(
      "connectFirst([live1, live2])",
      connectFirst([{ host: "127.0.0.1", port: first.port }, { host: "127.0.0.1", port: second.port }]),
    );
    expect(remote.port, say`the candidate connectFirst connected to`).toBe(first.port);
    await pause(50);
    expect(second.accepted.length, say`connections the second candidate accepted`).toBe(0);
  });

  it("leaves only the winning connection open", async () => {
    const dead = await closedPort();
    const live1 = await startTestServer();
    const live2 = await startTestServer();
    const mark = markHandles();
    await connected(
      "connectFirst([dead, live1, live2])",
      connectFirst([{ host: "127.0.0.1", port: dead }, { host: "127.0.0.1", port: live1.port }, { host: "127.0.0.1", port: live2.port }]),
    );
    // connect() resolves at the handshake, which may come before the server's accept: wait for that, then look.
    await within(say`the server to accept`, (async () => {
      while (live1.accepted.length + live2.accepted.length === 0) await pause(1);
    })());
    await pause(50);
    // The winner's socket, and the socket the server accepted for it.
    expect(handlesSince(mark), say`what is open beyond the winning connection`).toEqual([say`2 × TCP socket`]);
  });

  it("rejects with every attempt's error when none connects (an AggregateError, one per candidate, in order)", async () => {
    const ports = [await closedPort(), await closedPort(), await closedPort()];
    const err = await rejectionOf(say`connectFirst() with three dead candidates`, connectFirst(ports.map((port) => ({ host: "127.0.0.1", port }))));
    expect(err, say`the rejection`).toBeInstanceOf(AggregateError);
    const errors = (err as AggregateError).errors as { code?: string; port?: number }[];
    expect(errors.map((e) => e.code), say`the code of each attempt's error`).toEqual(["ECONNREFUSED", "ECONNREFUSED", "ECONNREFUSED"]);
    expect(errors.map((e) => e.port), say`the port of each attempt's error, in the candidates' order`).toEqual(ports);
  });

  it("rejects an empty list with a RangeError, instead of hanging", async () => {
    const err = await rejectionOf("connectFirst([])", connectFirst([]));
    expect(err, say`the rejection for an empty list`).toBeInstanceOf(RangeError);
  });
});
