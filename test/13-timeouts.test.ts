import { describe, expect, it } from "vitest";
import { startIdleEchoServer } from "#kata/13-timeouts";
import {
  closeOf,
  DEADLINE_MS,
  expectListeningOn,
  expectUnusableHostRejected,
  explain,
  handlesSince,
  markHandles,
  openClient,
  openSince,
  pause,
  say,
  started,
  watchAccepted,
  watchUncaught,
  within,
} from "./support/index.ts";

/**
 * The idle limit where every client stays silent: short, so the tests stay
 * fast. A busy machine only makes the server's close come later, and the
 * tests wait for it as an event.
 */
const IDLE_MS = 150;

/**
 * The idle limit where a client talks and must stay connected. It talks led
 * by the replies (`talkUntil`), never silent for more than a round trip and
 * 10 ms; only a stall of the whole process of some 400 ms could cut it off.
 */
const TALK_IDLE_MS = 400;

/** The idle limit of tests about something else: longer than they last, so it never runs out in them. */
const LONG_IDLE_MS = DEADLINE_MS;

function idleServer(idleMs = IDLE_MS) {
  return started(`startIdleEchoServer({ idleMs: ${idleMs} })`, startIdleEchoServer({ idleMs }));
}

describe("13-timeouts: idle connections", () => {
  it("echoes while the client talks", async () => {
    const server = await idleServer(LONG_IDLE_MS);
    const client = await openClient(server.port);
    await client.write("still here\n");
    await client.receiveText("still here\n");
  });

  it("tells a silent client why and closes its connection (the 'timeout' event alone closes nothing)", async () => {
    const server = await idleServer();
    const since = performance.now(); // before connecting: the server's clock starts at accept, never earlier
    const client = await openClient(server.port);
    await client.receiveEnd();
    const waited = performance.now() - since;
    expect(client.text, say`what ${client.label} got after saying nothing`).toBe("ERR idle timeout\n");
    expect(waited, say`ms before the server ended the silent connection (idleMs ${IDLE_MS})`).toBeGreaterThanOrEqual(IDLE_MS - 10);
  });

  it("keeps a client open that talks for longer than idleMs, never silent for long: each byte restarts the clock", async () => {
    const server = await idleServer(TALK_IDLE_MS);
    const since = performance.now(); // before connecting: a clock that never restarts runs out by since + idleMs
    const client = await openClient(server.port);
    const exchanges = await client.talkUntil(() => performance.now() - since > TALK_IDLE_MS * 1.25, ".", ".");
    expect(client.text, say`what ${client.label} got back for ${exchanges} bytes sent one at a time`).toBe(".".repeat(exchanges));
    expect(client.ended || client.closed, say`${client.label} should still be connected\n${client.transcript()}`).toBe(false);
  });

  it("closes a client that sends half a line and stops (slowloris)", async () => {
    const server = await idleServer();
    const client = await openClient(server.port);
    await client.write("GET / HTT");
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got`).toBe("GET / HTTERR idle timeout\n");
  });

  it("destroys a connection whose client ignores the server's end, once it stays silent another idleMs", async () => {
    const server = await idleServer();
    const serverEnd = watchAccepted();
    // It keeps its side open when the server ends the connection, and never closes it.
    const deaf = await openClient(server.port, { allowHalfOpen: true });
    const end = await serverEnd(deaf);
    await deaf.receiveEnd();
    expect(deaf.text, say`what ${deaf.label} got after saying nothing`).toBe("ERR idle timeout\n");
    await closeOf(say`the server to destroy its end of ${deaf.label}, which got ERR idle timeout and the server's FIN and never closed its side (idleMs ${IDLE_MS})`, end);
  });

  // The server's clock starts at accept, after \`since\`, and a timer never fires early: the destroy cannot come before
  // 2 × idleMs, however busy the machine. It may come late on a busy machine, so "too late" is generous: 2 × idleMs + 1500 ms.
  it("destroys a client that ignores the server's end only after another idleMs of silence, not at once, nor many idleMs late", { timeout: 10_000 }, async () => {
    const idleMs = 300;
    const server = await idleServer(idleMs);
    const serverEnd = watchAccepted();
    const since = performance.now(); // before connecting: the server's clock starts at accept, never earlier
    const deaf = await openClient(server.port, { allowHalfOpen: true });
    const end = await serverEnd(deaf);
    await deaf.receiveEnd();
    await closeOf(say`the server to destroy its end of ${deaf.label}, which got ERR idle timeout and the server's FIN and never closed its side (idleMs ${idleMs})`, end, 6_000);
    const waited = Math.round(performance.now() - since);
    expect(deaf.text, say`what ${deaf.label} got after saying nothing`).toBe("ERR idle timeout\n");
    expect(waited, say`ms from connecting to the destroy (idleMs ${idleMs}: idleMs of silence, the end, then another idleMs)`).toBeGreaterThanOrEqual(2 * idleMs - 10);
    expect(waited, say`ms from connecting to the destroy (idleMs ${idleMs}: another idleMs after the end, not many)`).toBeLessThanOrEqual(2 * idleMs + 1_500);
  });

  it("clears the second phase's timer when the client closes after the server's end (no timer outlives its connection)", async () => {
    const idleMs = 1_000;
    const server = await idleServer(idleMs);
    const serverEnd = watchAccepted();
    const mark = markHandles();
    const client = await openClient(server.port); // it closes its side as soon as the server's end comes
    const end = await serverEnd(client);
    await client.receiveEnd();
    await closeOf(say`the server's end of ${client.label} to close once the client closed its side too`, end);
    await closeOf(say`${client.label} to close once it closed its side too`, client.socket);
    expect(await openSince(mark, 50), say`what the server still holds after the client left, long before another idleMs (${idleMs})`).toEqual([]);
    expect(handlesSince(mark), say`handles left`).toEqual([]);
  });

  it("gives each connection its own clock: a silent one is closed, a talking one stays", async () => {
    const server = await idleServer(TALK_IDLE_MS);
    const since = performance.now();
    const silent = await openClient(server.port);
    const talker = await openClient(server.port);
    // The talker talks until the silent one is closed; one clock for all would keep both open, so it gives up after 2 s.
    const silentGone = () => silent.ended || silent.closed;
    await talker.talkUntil(() => silentGone() || performance.now() - since > DEADLINE_MS, ".", ".");
    const waited = Math.round(performance.now() - since);
    expect(
      silentGone(),
      say`${silent.label} should be closed after ${TALK_IDLE_MS} ms, while ${talker.label} is still talking; it was still open after ${waited} ms of talking: is one timer shared by every connection?`,
    ).toBe(true);
    expect(silent.text, say`what ${silent.label} (silent) got`).toBe("ERR idle timeout\n");
    expect(talker.ended || talker.closed, say`${talker.label} (talking) should still be connected\n${talker.transcript()}`).toBe(false);
  });

  it("clears a connection's timer when the client leaves first (no timer outlives its connection)", async () => {
    const server = await idleServer(LONG_IDLE_MS);
    const mark = markHandles();
    const client = await openClient(server.port);
    await client.write("bye\n");
    await client.receiveText("bye\n");
    client.end();
    await client.receiveEnd();
    await pause(10);
    expect(await openSince(mark, 50), say`what the server still holds after the client left (long before its idle time)`).toEqual([]);
    expect(handlesSince(mark), say`handles left`).toEqual([]);
  });

  it("survives a client that resets, and serves the next one", async () => {
    const server = await idleServer(LONG_IDLE_MS);
    const uncaught = watchUncaught();
    const rude = await openClient(server.port);
    await rude.write("x");
    await rude.receiveText("x");
    rude.reset();
    await pause(20);
    const next = await openClient(server.port);
    await next.write("y");
    await next.receiveText("y");
    expect(uncaught().map(explain), say`errors the server let escape (a socket 'error' event with no listener)`).toEqual([]);
  });

  it("close() resolves only once every connection has ended, not at once", async () => {
    const server = await idleServer(LONG_IDLE_MS);
    const client = await openClient(server.port);
    await client.write("here\n");
    await client.receiveText("here\n");
    let resolved = false;
    const closing = server.close().then(() => {
      resolved = true;
    });
    await pause(50);
    expect(resolved, say`close() resolved while ${client.label} was still connected`).toBe(false);
    client.end();
    await within(say`close() to resolve once the last client left`, closing);
  });
});

describe("13-timeouts: the host", () => {
  it("listens on 127.0.0.1 by default, not on every interface, and says so", async () => {
    await expectListeningOn("startIdleEchoServer()", "127.0.0.1", () => idleServer());
  });

  it("rejects when it cannot listen on its host (a name that resolves to nothing), instead of an uncaught error", async () => {
    await expectUnusableHostRejected("startIdleEchoServer()", (host) => startIdleEchoServer({ host, idleMs: 1_000 }));
  });
});
