/**
 * Watching, not mocking: note the getaddrinfo() requests the code under test
 * makes while each one goes through unchanged, so the real system resolver
 * still answers. Every route to it is seen (dns.lookup, dns.promises.lookup,
 * util.promisify(dns.lookup), a lookup captured at import time, net.connect
 * to a name): Node makes a GETADDRINFOREQWRAP for each, and an async hook
 * sees it being made. Node answers an IP literal itself, without one.
 */
import type net from "node:net";
import { onTestFinished } from "vitest";
import { openClient } from "./client.ts";
import type { ConnectOptions, RawClient, Target } from "./client.ts";
import { DEADLINE_MS, pause, within } from "./deadline.ts";
import { learner } from "./remote.ts";
import { say } from "./say.ts";
import { acceptedSeen, connectsSeen, listeningSeen, lookupsSeen, udpBindingsSeen } from "./watchers.ts";
import type { Cleanup, LookupCall, UdpBinding } from "./watchers.ts";

export type { LookupCall, UdpBinding } from "./watchers.ts";

/**
 * Start a watch (watchers.ts) where the code under test runs: here, or in
 * the learner's process under isolation (remote.ts), where the tests read
 * what it saw through a stand-in. Undone when the test ends, last first.
 */
function watch<T>(name: "lookupsSeen" | "listeningSeen" | "acceptedSeen" | "connectsSeen" | "udpBindingsSeen", start: (cleanup: Cleanup) => T): T {
  const remote = learner();
  if (remote !== undefined) return remote.host(name) as T;
  const undo: (() => void)[] = [];
  onTestFinished(() => {
    for (const fn of undo.reverse()) fn();
  });
  return start((fn) => undo.push(fn));
}

/**
 * Start noting getaddrinfo() requests. Returns a function that lists the
 * requests so far; read it after the lookups have been made.
 */
export function watchLookups(): () => LookupCall[] {
  return watch("lookupsSeen", lookupsSeen);
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

/**
 * Note where every TCP server started during the test listens, as
 * server.address() says once it is listening ("127.0.0.1", "::", a path):
 * watching, not mocking, so the server still binds as it asked. Returns a
 * function that lists the addresses so far, in order.
 */
export function watchListening(): () => string[] {
  return watch("listeningSeen", listeningSeen);
}

/** Every connection any TCP or Unix server accepts from now until the test ends (the server's end of each). */
function noteAccepted(): () => net.Socket[] {
  return watch("acceptedSeen", acceptedSeen);
}

/**
 * Note every socket that connects out during the test (net.Socket's
 * connect(), however it was reached: net.connect, createConnection, new
 * Socket().connect): the code under test's own end of each connection it
 * makes. Returns a function that lists them, in order.
 */
export function watchConnects(): () => net.Socket[] {
  return watch("connectsSeen", connectsSeen);
}

/**
 * Note every connection a TCP server accepts during the test (its
 * 'connection' event): the server's own end of each, so a test can wait for
 * what the server has read (socket.bytesRead) or for it to close, instead of
 * guessing with a pause. Returns a function that waits (with a deadline) for
 * the server's end of a client's connection, found by the client's port.
 */
export function watchAccepted(): (client: { label: string; localPort: number | undefined }) => Promise<net.Socket> {
  const accepted = noteAccepted();
  return async (client) => {
    const find = () => accepted().find((socket) => socket.remotePort !== undefined && socket.remotePort === client.localPort);
    await within(say`the server to accept ${client.label}`, (async () => {
      while (find() === undefined) await pause(1);
    })());
    return find() as net.Socket;
  };
}

/**
 * openClient to a TCP port, then wait until the server has accepted the
 * connection (its 'connection' event; found by the client's port).
 * connect() resolves once the kernel's handshake is done, when the
 * connection may still sit in the listen backlog: a server that has not
 * accepted it yet neither counts it nor ends it, and closing the listener
 * then resets it. A test that acts on the server right after connecting
 * (close(), shutdown(), a count) must wait for this, or its verdict
 * depends on how busy the machine is.
 */
export async function openAccepted(target: Target, options: ConnectOptions = {}): Promise<RawClient> {
  const serverEnd = watchAccepted();
  const client = await openClient(target, options);
  await serverEnd(client);
  return client;
}

/**
 * Note every UDP socket bound during the test: where it is bound, as
 * socket.address() says once it is listening, and whether it has closed
 * since. Watching, not mocking: the socket binds as it asked. Returns a
 * function that lists them, in the order they were bound.
 */
export function watchUdpBinding(): () => UdpBinding[] {
  return watch("udpBindingsSeen", udpBindingsSeen);
}

/**
 * Wait (with a deadline) until a socket has read `count` bytes, or can read
 * no more (destroyed, or its own side ended). On the server's end of a
 * connection (watchAccepted), that is: the server has seen those bytes.
 */
export function readAtLeast(what: string, socket: net.Socket, count: number): Promise<void> {
  return within(what, (async () => {
    while (socket.bytesRead < count && !socket.destroyed && !socket.writableEnded) await pause(1);
  })());
}

/**
 * Wait (with a deadline) for a socket to close, whatever 'error' (ECONNRESET,
 * say) came before: that is its owner's to handle. The listener goes on
 * before `closed` is read: the server's end of a connection may live in the
 * learner's own process (KATA_ISOLATE=1), where it can close between the
 * read and the listener's arrival, and a close in between must not be missed.
 */
export function closeOf(what: string, socket: net.Socket, ms = DEADLINE_MS): Promise<void> {
  return within(what, new Promise<void>((resolve) => {
    socket.once("close", () => resolve());
    if (socket.closed) resolve();
  }), ms);
}

/**
 * A client that writes `payload`, ends its side at once, and reads slowly:
 * nothing while the server still reads on; 64 KiB when the server holds
 * back (paused: it honours backpressure); again, until the server has seen
 * this client's end. Then it reads the rest. A server that ignores
 * backpressure reads all and sees the end with most of the echo queued; one
 * that honours it, with the last of it queued. A server that destroys its
 * socket on 'end' drops that queue. Resolves with everything that came back
 * before the server's end.
 */
export async function echoAfterEarlyEnd(target: Target, payload: Uint8Array): Promise<{ client: RawClient; received: Buffer }> {
  const accepted = noteAccepted();
  const client = await openClient(target);
  client.socket.pause();
  client.socket.end(payload);
  await within(say`the server to accept ${client.label}`, (async () => {
    while (accepted().length === 0) await pause(1);
  })());
  const server = accepted()[0] as net.Socket;
  const step = 64 * 1024;
  const ended = () => server.readableEnded || server.destroyed || client.ended;
  for (let steps = 0; steps <= payload.length / step + 64; steps += 1) {
    await within(say`the server to read ${client.label}'s ${payload.length} bytes and its end, or to hold back (pause) until ${client.label} reads`, (async () => {
      while (!ended() && !server.isPaused()) await pause(1);
    })(), 4 * DEADLINE_MS);
    if (ended()) break;
    const enough = client.receivedLength + step;
    client.socket.resume();
    await client.until(say`read ${step} bytes more of the echo (${client.receivedLength} of ${payload.length} so far)`, () => client.receivedLength >= enough || client.ended);
    client.socket.pause();
  }
  client.socket.resume();
  const received = await client.receiveEnd(4 * DEADLINE_MS);
  return { client, received };
}
