import { describe, expect, it } from "vitest";
import { startChatServer } from "#kata/12-concurrency";
import type { ChatOptions } from "#kata/12-concurrency";
import type { RawClient } from "./support/index.ts";
import { DEADLINE_MS, expectListeningOn, expectUnusableHostRejected, explain, openClient, pause, probeConnect, readAtLeast, say, started, watchAccepted, watchUncaught, within } from "./support/index.ts";

/** startChatServer(), closed when the test ends. */
function chat(options?: ChatOptions) {
  return started("startChatServer()", options ? startChatServer(options) : startChatServer());
}

/** Connect and wait for the greeting "* you are guestN". */
async function join(port: number): Promise<RawClient> {
  const client = await openClient(port);
  await client.until(say`receive its greeting "* you are guest…"`, () => /^\* you are guest\d+\n/.test(client.text));
  return client;
}

/** The whole lines a client has received so far. */
const linesOf = (client: RawClient) => client.text.split("\n").slice(0, -1);

/** Chat lines only (no "* …" notices). */
const chatLinesOf = (client: RawClient) => linesOf(client).filter((line) => !line.startsWith("* "));

/** Fail if the server's count of connected clients does not reach `n` within the deadline. */
async function expectConnected(server: { connected(): number }, n: number, why: string): Promise<void> {
  const until = performance.now() + DEADLINE_MS; // it only lasts long for a wrong count
  while (server.connected() !== n && performance.now() < until) await pause(5);
  expect(server.connected(), say`connected() ${why}`).toBe(n);
}

/** Lines in a flood: 2048 of 8 KiB, 16 MiB, far more than the kernel buffers on both sides of a client that reads nothing. */
const FLOOD_LINES = 2048;

/**
 * Three clients join; guest1 stops reading, guest2 sends 16 MiB of chat,
 * guest3 reads it all. Waits follow what guest3 receives, in batches of 64
 * lines (512 KiB): a reading client never has a large backlog, the stuck one
 * keeps piling up. 16 MiB through one process takes a second on a quiet
 * machine and many on a busy one: a wait fails only when nothing moves for
 * 2 s (stuck), or after 20 s in all (too slow), saying how far it got.
 */
async function flood(port: number): Promise<{ stuck: RawClient; listener: RawClient; total: number }> {
  const [stuck, talker, listener] = [await join(port), await join(port), await join(port)];
  stuck.socket.pause(); // reads nothing from now on: its buffers fill up
  const line = `${"x".repeat(8 * 1024 - 1)}\n`;
  const perLine = Buffer.byteLength(`guest2: ${line}`);
  const before = listener.receivedLength;
  const since = performance.now();
  const mib = () => Math.floor((listener.receivedLength - before) / perLine / 128);
  for (let sent = 0; sent < FLOOD_LINES; ) {
    await talker.writeCoalesced(Array.from({ length: 64 }, () => line));
    sent += 64;
    await listener.untilSteady(
      say`receive guest2's first ${sent} lines (${sent / 128} MiB) while guest1 reads nothing`,
      () => listener.receivedLength - before >= sent * perLine,
      () => say`${mib()} of ${FLOOD_LINES / 128} MiB`,
      { since, totalMs: 20_000 },
    );
  }
  return { stuck, listener, total: FLOOD_LINES * perLine };
}

describe("12-concurrency: joining and talking", () => {
  it("greets a new client by name and tells the others it joined", async () => {
    const server = await chat();
    const first = await join(server.port);
    const second = await join(server.port);
    await first.receiveText("* guest2 joined\n");
    expect(linesOf(first), say`what ${first.label} got`).toEqual(["* you are guest1", "* guest2 joined"]);
    expect(linesOf(second), say`what ${second.label} got`).toEqual(["* you are guest2"]);
    expect(server.connected(), say`connected() with two clients`).toBe(2);
  });

  it("delivers a line to every other client, never back to its sender", async () => {
    const server = await chat();
    const [a, b, c] = [await join(server.port), await join(server.port), await join(server.port)];
    await b.write("hello all\n");
    await a.receiveText("guest2: hello all\n");
    await c.receiveText("guest2: hello all\n");
    await pause(30);
    expect(chatLinesOf(b), say`chat lines ${b.label} (the sender) got`).toEqual([]);
  });

  it("delivers each line exactly once: 10 clients each send one line, last-opened first", async () => {
    const server = await chat();
    const clients: RawClient[] = [];
    for (let i = 0; i < 10; i += 1) clients.push(await join(server.port));
    for (const [i, client] of [...clients.entries()].reverse()) await client.write(`line from guest${i + 1}\n`);
    for (const [i, client] of clients.entries()) {
      const expected = clients.map((_, j) => `guest${j + 1}: line from guest${j + 1}`).filter((_, j) => j !== i);
      await client.until(say`receive the 9 lines of the others`, () => chatLinesOf(client).length >= 9);
      await pause(0);
      expect(chatLinesOf(client).sort(), say`chat lines ${client.label} got`).toEqual(expected.sort());
    }
  });

  it("delivers a line only once it is whole, as one line (a chunk is not a line)", async () => {
    const server = await chat();
    const [a, b] = [await join(server.port), await join(server.port)];
    await b.writeBytewise("dribbled\r\n");
    await a.receiveText("guest2: dribbled\n");
    await pause(20);
    expect(chatLinesOf(a), say`chat lines ${a.label} got (guest2 sent "dribbled\\r\\n" one byte at a time)`).toEqual(["guest2: dribbled"]);
  });

  it("names clients in the order they connect: after guest1 leaves, the next one is guest3, not a second guest2", async () => {
    const server = await chat();
    const [a, b] = [await join(server.port), await join(server.port)];
    a.end();
    await b.receiveText("* guest1 left\n");
    const c = await join(server.port);
    expect(linesOf(c), say`what the third client to connect got`).toEqual(["* you are guest3"]);
    await b.receiveText("* guest3 joined\n");
  });

  it("keeps a line in the making per client: half lines of two clients, interleaved, arrive whole and apart", async () => {
    const server = await chat();
    const serverEnd = watchAccepted();
    const [a, b, c] = [await join(server.port), await join(server.port), await join(server.port)];
    const [endA, endB] = [await serverEnd(a), await serverEnd(b)];
    // Follow the bytes: each half is read by the server before the next is sent.
    await a.write("hel");
    await readAtLeast(say`the server to read "hel" from guest1`, endA, 3);
    await b.write("wor");
    await readAtLeast(say`the server to read "wor" from guest2`, endB, 3);
    await a.write("lo\n");
    await readAtLeast(say`the server to read "lo\\n" from guest1`, endA, 6);
    await b.write("ld\n");
    await c.until(say`receive two chat lines`, () => chatLinesOf(c).length >= 2);
    await pause(20);
    expect(chatLinesOf(c).sort(), say`chat lines ${c.label} got (guest1 sent "hel", guest2 "wor", guest1 "lo\\n", guest2 "ld\\n")`).toEqual(["guest1: hello", "guest2: world"]);
  });

  it("decodes a line once it is whole: a UTF-8 character split across chunks arrives intact", async () => {
    const server = await chat();
    const [a, b] = [await join(server.port), await join(server.port)];
    await b.writeBytewise("olá, é já\n", 5);
    await a.until(say`receive guest2's line`, () => chatLinesOf(a).length >= 1);
    expect(chatLinesOf(a), say`chat lines ${a.label} got (guest2 sent "olá, é já\\n" one byte at a time)`).toEqual(["guest2: olá, é já"]);
  });

  it("keeps the spaces at the end of a line: only \"\\n\" or \"\\r\\n\" is taken off", async () => {
    const server = await chat();
    const [a, b] = [await join(server.port), await join(server.port)];
    await b.write("hi \t \r\n");
    await a.until(say`receive guest2's line`, () => chatLinesOf(a).length >= 1);
    expect(chatLinesOf(a), say`chat lines ${a.label} got (guest2 sent "hi \\t \\r\\n")`).toEqual(["guest2: hi \t "]);
  });

  it("sends no line for bytes left without a newline when a client leaves", async () => {
    const server = await chat();
    const [a, b] = [await join(server.port), await join(server.port)];
    await b.write("whole\nhalf");
    b.end();
    await a.receiveText("* guest2 left\n");
    expect(chatLinesOf(a), say`chat lines ${a.label} got (guest2 sent "whole\\nhalf" and left)`).toEqual(["guest2: whole"]);
  });
});

describe("12-concurrency: leaving", () => {
  it("tells the others, once, when a client leaves", async () => {
    const server = await chat();
    const [a, b] = [await join(server.port), await join(server.port)];
    b.end();
    await a.receiveText("* guest2 left\n");
    await pause(30);
    expect(linesOf(a).filter((l) => l === "* guest2 left"), say`"left" notices ${a.label} got`).toHaveLength(1);
    await expectConnected(server, 1, say`after guest2 left`);
  });

  it("forgets a client that resets, tells the others, and goes on delivering", async () => {
    const server = await chat();
    const uncaught = watchUncaught();
    const [a, b, c] = [await join(server.port), await join(server.port), await join(server.port)];
    b.reset();
    await a.receiveText("* guest2 left\n");
    await expectConnected(server, 2, say`after guest2 reset (a socket kept after it closed is written to in vain)`);
    await c.write("still here\n");
    await a.receiveText("guest3: still here\n");
    expect(uncaught().map(explain), say`errors the server let escape (an 'error' event with no listener: on the socket, or on a wrapper around it such as a readline interface, which has its own)`).toEqual([]);
  });

  // 16 MiB through one process takes a second on a quiet machine and many on a busy one: the waits below
  // fail only when nothing moves for 2 s (stuck), or after 20 s in all (too slow), saying how far it got.
  it("does not let a client that stops reading stall the others, and cuts it off past its backlog", { timeout: 30_000 }, async () => {
    const server = await chat({ maxBacklogBytes: 1024 * 1024 });
    const { listener } = await flood(server.port);
    // Cut off: the others are told, and the server no longer counts it.
    await listener.receiveText("* guest1 left\n");
    await expectConnected(server, 2, say`after guest1 was cut off`);
  });

  it("cuts off by default past 256 KiB of backlog", { timeout: 30_000 }, async () => {
    const server = await chat();
    const { listener } = await flood(server.port);
    await listener.receiveText("* guest1 left\n");
    await expectConnected(server, 2, say`after guest1 was cut off at the default backlog`);
  });

  it("keeps a client that stops reading while its backlog stays under maxBacklogBytes (the option, not the default)", { timeout: 30_000 }, async () => {
    const server = await chat({ maxBacklogBytes: 64 * 1024 * 1024 });
    const { stuck, listener, total } = await flood(server.port);
    expect(linesOf(listener).includes("* guest1 left"), say`the others were told guest1 left, though its backlog stayed under 64 MiB`).toBe(false);
    await expectConnected(server, 3, say`while guest1's backlog (under 16 MiB) stays under maxBacklogBytes, 64 MiB`);
    stuck.socket.resume(); // it reads again: everything waited for it
    await stuck.untilSteady(
      say`receive, once it reads again, the ${total} bytes of chat it fell behind on`,
      () => stuck.receivedLength >= total,
      () => say`${stuck.receivedLength} bytes`,
      { since: performance.now(), totalMs: 20_000 },
    );
  });

  it("keeps a client that keeps up, even with maxBacklogBytes 0: nothing waits for it, and 0 does not pass 0", async () => {
    const server = await chat({ maxBacklogBytes: 0 });
    const [a, b] = [await join(server.port), await join(server.port)];
    await b.write("hello\n");
    await a.until(say`receive "guest2: hello" with maxBacklogBytes 0 (a client that reads has nothing waiting: writableLength is 0 after each write, which does not pass 0)`, () => a.text.includes("guest2: hello\n"));
    await a.write("hi\n");
    await b.until(say`receive "guest1: hi" with maxBacklogBytes 0 (a client that reads has nothing waiting: writableLength is 0 after each write, which does not pass 0)`, () => b.text.includes("guest1: hi\n"));
    await expectConnected(server, 2, say`with maxBacklogBytes 0 and two clients that read everything`);
  });

  // One write of 12 MiB is far more than the kernel takes for a client that reads nothing: right after it,
  // writableLength is MiBs, past 64 KiB. Nothing else is written afterwards, so only a check after the write sees it,
  // and only destroy() ends the connection: end() waits for the backlog to drain, which never happens.
  it("cuts off (destroys) a client as soon as one write leaves its backlog past maxBacklogBytes: one 12 MiB line to a client that reads nothing, limit 64 KiB", { timeout: 30_000 }, async () => {
    const server = await chat({ maxBacklogBytes: 64 * 1024 });
    const [stuck, talker] = [await join(server.port), await join(server.port)];
    stuck.socket.pause(); // reads nothing from now on
    await within(say`the server to take guest2's 12 MiB line`, talker.write(`${"y".repeat(12 * 1024 * 1024)}\n`), 10_000);
    await talker.receiveText("* guest1 left\n", 10_000);
    await expectConnected(server, 1, say`after guest1 was cut off`);
  });

  // Lines go one at a time, each after the one before reached guest3, so the line that got guest1 cut off is known
  // exactly. Once cut off (destroyed), guest1 still gets what the kernel had taken for it, and no more: what was
  // written to it minus what it got is its backlog when it was cut off.
  it("by default waits for a backlog past 256 KiB before it cuts a client off, not for the first byte that waits", { timeout: 30_000 }, async () => {
    const server = await chat();
    const [stuck, talker, listener] = [await join(server.port), await join(server.port), await join(server.port)];
    stuck.socket.pause(); // reads nothing from now on
    const line = `${"x".repeat(16 * 1024 - 1)}\n`;
    const perLine = Buffer.byteLength(`guest2: ${line}`);
    const before = listener.receivedLength;
    const since = performance.now();
    for (let sent = 1; sent <= 1024 && server.connected() === 3 && listener.receivedLength === before + (sent - 1) * perLine; sent += 1) {
      await talker.write(line);
      await listener.untilSteady(
        say`receive guest2's line ${sent} of 16 KiB while guest1 reads nothing`,
        () => listener.receivedLength >= before + sent * perLine,
        () => say`${listener.receivedLength - before} bytes`,
        { since, totalMs: 20_000 },
      );
    }
    await listener.receiveText("* guest1 left\n");
    const lines = listener.text.slice(0, listener.text.indexOf("* guest1 left\n")).split("\n").filter((l) => l.startsWith("guest2: ")).length;
    stuck.socket.resume(); // it reads again: it gets what the kernel had taken for it, then the end
    await stuck.untilSteady(
      say`receive, once it reads again, what the kernel had taken for it, then the end`,
      () => stuck.ended || stuck.closed,
      () => say`${stuck.receivedLength} bytes`,
      { since: performance.now(), totalMs: 20_000 },
    );
    const written = Buffer.byteLength("* you are guest1\n* guest2 joined\n* guest3 joined\n") + lines * perLine;
    const backlog = written - stuck.receivedLength;
    expect(backlog, say`bytes still waiting for guest1 when it was cut off, with the default maxBacklogBytes (256 KiB): ${written} written to it, ${stuck.receivedLength} taken by the kernel`).toBeGreaterThanOrEqual(192 * 1024);
  });

  it("close() ends every client's connection and frees the port", async () => {
    const server = await chat();
    const [a, b] = [await join(server.port), await join(server.port)];
    await within(say`close() to resolve with two clients connected`, server.close());
    await a.receiveEnd();
    await b.receiveEnd();
    expect(await probeConnect(server.port), say`connecting to port ${server.port} after close()`).toBe("ECONNREFUSED");
  });

  it("close() forgets every client: connected() is 0 once it resolves", async () => {
    const server = await chat();
    const [a, b] = [await join(server.port), await join(server.port)];
    await within(say`close() to resolve with two clients connected`, server.close());
    expect(server.connected(), say`connected() once close() resolved (the server's 'close' comes before its last client's 'close': forget the clients when you end them)`).toBe(0);
    await a.receiveEnd();
    await b.receiveEnd();
  });

  it("close() does not wait for a client that keeps its side open (allowHalfOpen): it cuts it off", async () => {
    const server = await chat();
    const stubborn = await openClient(server.port, { allowHalfOpen: true });
    await stubborn.until(say`receive its greeting "* you are guest…"`, () => /^\* you are guest\d+\n/.test(stubborn.text));
    const other = await join(server.port);
    await within(say`close() to resolve with a client that never ends its side`, server.close());
    await stubborn.receiveEnd();
    await other.receiveEnd();
    expect(await probeConnect(server.port), say`connecting to port ${server.port} after close()`).toBe("ECONNREFUSED");
  });
});

describe("12-concurrency: the host", () => {
  it("listens on 127.0.0.1 by default, not on every interface, and says so", async () => {
    await expectListeningOn("startChatServer()", "127.0.0.1", () => chat());
  });

  it("rejects when it cannot listen on its host (a name that resolves to nothing), instead of an uncaught error", async () => {
    await expectUnusableHostRejected("startChatServer()", (host) => startChatServer({ host }));
  });
});
