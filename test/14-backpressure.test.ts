import { describe, expect, it, onTestFinished } from "vitest";
import { sendBody } from "#kata/14-backpressure";
import type { BodyOptions } from "#kata/14-backpressure";
import { beside } from "./support/beside.ts";
import { caughtUp } from "./support/remote.ts";
import * as fixtures from "./support/fixtures/14-backpressure.ts";
import { bytesDifference, openClient, pause, preparing, rejectionOf, say, show, within } from "./support/index.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/** The body the tests expect: byte i is i % 251 (the test's own copy of the pattern). */
function expectedBody(length: number): Buffer {
  const body = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) body[i] = i % 251;
  return body;
}

const { serveBody, serveClosed } = beside("14-backpressure", fixtures);

/**
 * A test server that calls sendBody on the connection it accepts, watching
 * every write() (support/fixtures/14-backpressure.ts); and a raw client
 * connected to it. With `readerPaused`, the client reads nothing until the
 * test resumes it: the kernel's buffers fill (a few MiB on loopback), then
 * the socket's queue, and write() returns false, however fast each side runs.
 */
async function bodyOverLoopback(totalBytes: number, options?: BodyOptions, { readerPaused = false } = {}) {
  const served = await preparing(say`the test server to start`, serveBody(sendBody, totalBytes, options));
  onTestFinished(() => served.close());
  // Connecting to the test's own server and its accept are preparation: they run no learner code until sendBody().
  const client = await openClient(served.port, { preparing: true });
  if (readerPaused) client.socket.pause(); // before sendBody() writes a byte
  const { sending: started } = await preparing(say`the test server to accept the connection and call sendBody()`, served.calling);
  // A sendBody that fails at once (not written yet, or a bug) fails the test now, with its own error.
  const early = await Promise.race([started.then(() => undefined, (err: unknown) => err), caughtUp().then(() => undefined)]);
  if (early instanceof Error) throw early;
  if (early !== undefined) throw new Error(say`sendBody() rejected at once with something that is not an Error`, { cause: early });
  /** Wait until the socket's queue has filled `count` times (write() returned false), or sendBody() settled first. */
  const untilFilled = (count: number) =>
    within(
      say`the socket's queue to fill (write() to return false) while ${client.label} reads nothing`,
      Promise.race([
        served.filled(count),
        started.then(async () => {
          await caughtUp(); // the news of a fill may still be on its way from the learner's process
          const { fills } = served.watch;
          if (fills >= count) return;
          throw new Error(say`sendBody() resolved with the socket's queue filled ${fills} time(s), where the test waits for ${count} (write() returning false, then 'drain', each time ${client.label} pauses)`);
        }),
      ]),
    );
  return { client, watch: served.watch, sending: started, untilFilled, destroyConnection: () => served.destroyConnection() };
}

describe("14-backpressure: streaming a body", () => {
  it("sends the whole body, complete and in order, then ends the connection", async () => {
    const { client, sending } = await bodyOverLoopback(MiB);
    await within(say`sendBody() to resolve`, sending);
    await client.receiveEnd();
    const difference = bytesDifference(client.received, expectedBody(MiB));
    if (difference !== undefined) expect.fail(say`the body ${client.label} received: ${difference}`);
  });

  it("keeps the socket's queue within its high-water mark plus one chunk while the reader pauses", async () => {
    const { client, watch, sending, untilFilled } = await bodyOverLoopback(16 * MiB, undefined, { readerPaused: true });
    await untilFilled(1);
    await pause(100); // the reader stays busy a while longer: a sender that writes on without 'drain' piles up its queue
    client.socket.resume();
    await client.receiveEnd(5_000);
    await within(say`sendBody() to resolve`, sending);
    const bound = watch.highWaterMark + 16 * KiB;
    expect(watch.maxQueued, say`the largest socket.writableLength seen (bound: high-water mark ${watch.highWaterMark} + chunk ${16 * KiB})`).toBeLessThanOrEqual(bound);
    const difference = bytesDifference(client.received, expectedBody(16 * MiB));
    if (difference !== undefined) expect.fail(say`the body ${client.label} received: ${difference}`);
  });

  it("waits for 'drain' when write() returns false, and says how often it did", async () => {
    const { client, watch, sending, untilFilled } = await bodyOverLoopback(16 * MiB, undefined, { readerPaused: true });
    await untilFilled(1);
    client.socket.resume();
    const report = await within(say`sendBody() to resolve`, sending, 5_000);
    expect(report.drains, say`report.drains: write() returned false at least once while the reader paused`).toBeGreaterThan(0);
    await client.receiveEnd();
    // Each false is a wait; after the last chunk's, end() may come without one.
    const { fills } = watch;
    expect(report.drains, say`report.drains, with write() returning false ${fills} times (one wait each; the last may go without, end() next)`).toBeGreaterThanOrEqual(fills - 1);
    expect(report.drains, say`report.drains, with write() returning false ${fills} times (one wait each; the last may go without, end() next)`).toBeLessThanOrEqual(fills);
  });

  it("writes nothing more once write() returns false, until 'drain'", async () => {
    const { client, watch, sending, untilFilled } = await bodyOverLoopback(16 * MiB, undefined, { readerPaused: true });
    await untilFilled(1);
    client.socket.resume();
    await within(say`sendBody() to resolve`, sending, 5_000);
    await client.receiveEnd();
    expect(watch.writesBeforeDrain, say`write() calls made after one returned false and before the next 'drain'`).toBe(0);
    expect(watch.unheardDrains, say`'drain' events that came with nothing of sendBody() listening for one (a fixed wait instead of 'drain')`).toBe(0);
  });

  it("takes its 'close' listener off again once 'drain' comes: no listener left behind for each wait", { timeout: 45_000 }, async () => {
    const { client, watch, sending, untilFilled } = await bodyOverLoopback(64 * MiB, undefined, { readerPaused: true });
    // Two waits for 'drain' at least, whatever the speeds: a listener left behind at each shows as two.
    await untilFilled(1);
    client.socket.resume();
    await client.receiveBytes(8 * MiB, 30_000);
    client.socket.pause();
    await untilFilled(2);
    client.socket.resume();
    await client.untilSteady(say`receive the body of 64 MiB and its end`, () => client.ended || client.closed, () => say`${Math.floor(client.receivedLength / MiB)} of 64 MiB`, {
      since: performance.now(),
      totalMs: 30_000,
      stallMs: 10_000, // the sender makes a few MiB at a time while the reader waits: slow when instrumented on a busy machine
    });
    const report = await within(say`sendBody() to resolve`, sending);
    // Listeners kept for the whole body (such as pipe()'s) are fine: one more at every wait is not.
    const { first, most } = watch.closeListeners;
    expect(
      most - first,
      say`'close' listeners on the socket at one write() or once sendBody() resolved, beyond the ${first} it had at the first write(), after ${report.drains} waits for 'drain' (one left behind at each wait piles up; Node warns past 10 listeners for one event)`,
    ).toBeLessThanOrEqual(1);
  });

  it("makes each chunk just before it writes it: no write hands over a body built up front", async () => {
    const { client, watch, sending } = await bodyOverLoopback(4 * MiB);
    await within(say`sendBody() to resolve`, sending);
    await client.receiveEnd();
    // A chunk sliced from a whole body built first still holds the whole body's memory.
    expect(watch.maxChunkMemory, say`the largest block of memory behind one written chunk (the body is 4 MiB, a chunk 16 KiB)`).toBeLessThanOrEqual(MiB / 4);
    // Chunks made first, each a copy, are no slices: but they are all made before the first write.
    expect(watch.memoryBeforeFirstWrite, say`buffer memory made between the call of sendBody() and its first write() (the body is 4 MiB, a chunk 16 KiB)`).toBeLessThanOrEqual(MiB);
  });

  it("writes 16 KiB at a time when no chunkBytes is given", async () => {
    const { client, watch, sending } = await bodyOverLoopback(MiB);
    await within(say`sendBody() to resolve`, sending);
    await client.receiveEnd();
    expect(Math.max(...watch.sizes), say`the largest write() with no chunkBytes given`).toBe(16 * KiB);
    expect(watch.sizes.length, say`how many chunks (write() calls, and end(chunk) if used) for 1 MiB in 16 KiB chunks`).toBe(64);
  });

  it("writes chunkBytes at a time, making the body as it goes (not one huge write)", async () => {
    const { client, watch, sending } = await bodyOverLoopback(100 * KiB + 1, { chunkBytes: 4 * KiB });
    await within(say`sendBody() to resolve`, sending);
    await client.receiveEnd();
    expect(Math.max(...watch.sizes), say`the largest write(), with chunkBytes 4096`).toBeLessThanOrEqual(4 * KiB);
    expect(watch.sizes.length, say`how many chunks (write() calls, and end(chunk) if used) for 100 KiB + 1 byte in 4 KiB chunks`).toBe(26);
  });

  it("sends exactly totalBytes when the last chunk is short (no padding to a whole chunk)", async () => {
    const total = 100 * KiB + 1;
    const { client, sending } = await bodyOverLoopback(total, { chunkBytes: 4 * KiB });
    await within(say`sendBody() to resolve`, sending);
    await client.receiveEnd();
    const difference = bytesDifference(client.received, expectedBody(total));
    if (difference !== undefined) expect.fail(say`the body of ${total} bytes in 4096-byte chunks that ${client.label} received: ${difference}`);
  });

  it("rejects at once on a connection that is already closed, instead of waiting for a 'drain' that never comes", async () => {
    const served = await preparing(say`the test server to start`, serveClosed(sendBody, MiB));
    onTestFinished(() => served.close());
    await openClient(served.port, { preparing: true });
    const { sending } = await preparing(say`the test server to close the connection and call sendBody()`, served.calling);
    await rejectionOf(say`sendBody() on a connection that closed before it was called`, sending);
    expect(served.watch.writesAfterClose, say`write() calls on the connection that was already closed`).toBe(0);
  });

  it("sends an empty body: nothing, then the end", async () => {
    const { client, sending } = await bodyOverLoopback(0);
    const report = await within(say`sendBody() of 0 bytes to resolve`, sending);
    await client.receiveEnd();
    expect(show(client.received), say`what ${client.label} received`).toBe(show(Buffer.alloc(0)));
    expect(report.drains, say`report.drains for an empty body`).toBe(0);
  });

  it("stops and rejects when its socket is destroyed mid-body with no error, as a forced shutdown does", async () => {
    const { watch, sending, untilFilled, destroyConnection } = await bodyOverLoopback(16 * MiB, undefined, { readerPaused: true });
    await untilFilled(1); // the sender waits for 'drain' now
    destroyConnection(); // destroy(): 'close' comes, and no 'error'
    await rejectionOf(say`sendBody() once the server destroyed its connection mid-body`, sending);
    expect(watch.writesAfterClose, say`write() calls after the connection closed`).toBe(0);
  });

  it("stops and rejects when the reader goes away mid-body, instead of waiting for a 'drain' that never comes", async () => {
    const { client, watch, sending, untilFilled } = await bodyOverLoopback(64 * MiB, undefined, { readerPaused: true });
    await untilFilled(1); // the sender waits for 'drain' now
    client.reset();
    await rejectionOf(say`sendBody() once its reader reset the connection`, sending);
    expect(watch.writesAfterClose, say`write() calls after the connection closed`).toBe(0);
  });
});
