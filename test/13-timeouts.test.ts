import { describe, expect, it } from "vitest";
import { startIdleEchoServer } from "#kata/13-timeouts";
import { explain, handlesSince, markHandles, openClient, openSince, pause, say, started, watchUncaught } from "./support/index.ts";

/** The idle limit the tests use: short, so the tests stay fast. */
const IDLE_MS = 150;

function idleServer() {
  return started(`startIdleEchoServer({ idleMs: ${IDLE_MS} })`, startIdleEchoServer({ idleMs: IDLE_MS }));
}

describe("13-timeouts: idle connections", () => {
  it("echoes while the client talks", async () => {
    const server = await idleServer();
    const client = await openClient(server.port);
    await client.write("still here\n");
    await client.receiveText("still here\n");
  });

  it("tells a silent client why and closes its connection (the 'timeout' event alone closes nothing)", async () => {
    const server = await idleServer();
    const client = await openClient(server.port);
    const since = performance.now();
    await client.receiveEnd();
    const waited = performance.now() - since;
    expect(client.text, say`what ${client.label} got after saying nothing`).toBe("ERR idle timeout\n");
    expect(waited, say`ms before the server ended the silent connection (idleMs ${IDLE_MS})`).toBeGreaterThanOrEqual(IDLE_MS - 10);
  });

  it(`keeps a client open that sends a byte every ${IDLE_MS / 4} ms: each byte restarts the clock`, async () => {
    const server = await idleServer();
    const client = await openClient(server.port);
    const bytes = "keep-alive!\n"; // 12 bytes, some 450 ms in all: 3 times the idle limit
    await client.writeBytewise(bytes, IDLE_MS / 4);
    await client.receiveText(bytes);
    expect(client.ended || client.closed, say`${client.label} should still be connected\n${client.transcript()}`).toBe(false);
  });

  it("closes a client that sends half a line and stops (slowloris)", async () => {
    const server = await idleServer();
    const client = await openClient(server.port);
    await client.write("GET / HTT");
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got`).toBe("GET / HTTERR idle timeout\n");
  });

  it("gives each connection its own clock: a silent one is closed, a talking one stays", async () => {
    const server = await idleServer();
    const silent = await openClient(server.port);
    const talker = await openClient(server.port);
    let talking = true;
    const since = performance.now();
    const talk = talker.writeBytewise("abcdefghijkl", IDLE_MS / 4).finally(() => (talking = false)); // some 450 ms
    await silent.receiveEnd();
    const waited = Math.round(performance.now() - since);
    expect(silent.text, say`what ${silent.label} (silent) got`).toBe("ERR idle timeout\n");
    expect(
      talking,
      say`${silent.label} should be closed after ${IDLE_MS} ms, while ${talker.label} is still talking; it was closed after ${waited} ms, once the talker had stopped: is one timer shared by every connection?`,
    ).toBe(true);
    await talk;
    await talker.receiveText("abcdefghijkl");
    expect(talker.ended || talker.closed, say`${talker.label} (talking) should still be connected\n${talker.transcript()}`).toBe(false);
  });

  it("clears a connection's timer when the client leaves first (no timer outlives its connection)", async () => {
    const server = await idleServer();
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
    const server = await idleServer();
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
});
