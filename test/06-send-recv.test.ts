import { randomBytes } from "node:crypto";
import type net from "node:net";
import { describe, expect, it } from "vitest";
import { sendAndCollect, sendText, startEchoServer } from "#kata/06-send-recv";
import {
  bytesDifference,
  closeOf,
  closedPort,
  echoAfterEarlyEnd,
  expectCloseWaitsFor,
  expectListeningOn,
  expectUnusableHostRejected,
  explain,
  openAccepted,
  openClient,
  openClients,
  pause,
  rejectionOf,
  say,
  show,
  started,
  startTestServer,
  waitForEvent,
  watchConnects,
  watchLookups,
  watchUncaught,
  within,
} from "./support/index.ts";

const MiB = 1024 * 1024;

/** Fail with the first differing offset (hex on both sides) when the bytes differ. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const difference = bytesDifference(actual, expected);
  if (difference !== undefined) expect.fail(say`${what}: ${difference}`);
}

/**
 * A test peer that collects `length` bytes, then sends them back split at
 * `cuts` (byte offsets), pausing 20 ms between pieces so that each piece
 * arrives as its own chunk.
 */
function echoInPieces(length: number, cuts: readonly number[]) {
  return (socket: net.Socket) => {
    socket.setNoDelay(true);
    const chunks: Buffer[] = [];
    let have = 0;
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      have += chunk.length;
      if (have !== length) return;
      const all = Buffer.concat(chunks);
      const edges = [0, ...cuts, all.length];
      void (async () => {
        for (let i = 0; i + 1 < edges.length; i += 1) {
          if (socket.destroyed) return;
          socket.write(all.subarray(edges[i], edges[i + 1]));
          if (i + 2 < edges.length) await pause(20);
        }
      })();
    });
  };
}

describe("06-send-recv: the echo server", () => {
  it("echoes a line back to the client that sent it", async () => {
    const server = await started("startEchoServer()", startEchoServer());
    const client = await openClient(server.port);
    await client.write("hello, socket\n");
    await client.receiveText("hello, socket\n");
    expect(client.text, say`what ${client.label} got back`).toBe("hello, socket\n");
  });

  it("echoes bytes that arrive one at a time", async () => {
    const server = await started("startEchoServer()", startEchoServer());
    const client = await openClient(server.port);
    await client.writeBytewise("one byte at a time");
    await client.receiveText("one byte at a time");
    expect(client.text, say`what ${client.label} got back`).toBe("one byte at a time");
  });

  it("echoes 4 MiB of random binary bytes byte for byte (no decoding to a string on the way)", async () => {
    const server = await started("startEchoServer()", startEchoServer());
    const client = await openClient(server.port);
    const payload = randomBytes(4 * MiB);
    await client.write(payload);
    await client.receiveBytes(payload.length);
    expectSameBytes(client.received, payload, say`the echo of 4 MiB to ${client.label}`);
  });

  it("keeps a multi-byte UTF-8 character whole when its bytes arrive in two writes", async () => {
    const server = await started("startEchoServer()", startEchoServer());
    const client = await openClient(server.port);
    client.socket.setNoDelay(true);
    const bytes = Buffer.from("ação", "utf8"); // "ç" and "ã" are two bytes each
    await client.write(bytes.subarray(0, 2)); // "a" and the first byte of "ç"
    await pause(20);
    await client.write(bytes.subarray(2));
    await client.receiveBytes(bytes.length);
    expectSameBytes(client.received, bytes, say`the echo of "ação" to ${client.label} (sent as 2 + ${bytes.length - 2} bytes)`);
  });

  it("gives each of 10 clients exactly its own bytes back, written to last-opened first", async () => {
    const server = await started("startEchoServer()", startEchoServer());
    const clients = await openClients(10, server.port);
    const payloads = clients.map((client) => Buffer.from(`${client.label} says ${randomBytes(8).toString("hex")}\n`));
    for (let i = clients.length - 1; i >= 0; i -= 1) await clients[i]!.write(payloads[i]!);
    for (const [i, client] of clients.entries()) {
      await client.receiveBytes(payloads[i]!.length);
      await pause(0);
      expect(client.text, say`what ${client.label} got back`).toBe(payloads[i]!.toString());
    }
  });

  it("ends its side when the client ends without sending anything (an empty payload)", async () => {
    const server = await started("startEchoServer()", startEchoServer());
    const client = await openClient(server.port);
    client.end();
    const received = await client.receiveEnd();
    expect(show(received), say`what ${client.label} got before the end`).toBe(show(Buffer.alloc(0)));
  });

  it("echoes all 8 MiB to a client that ends at once and reads only later (the end waits for the echo still queued)", async () => {
    const server = await started("startEchoServer()", startEchoServer());
    const payload = randomBytes(8 * MiB);
    const { client, received } = await echoAfterEarlyEnd(server.port, payload);
    expectSameBytes(received, payload, say`the echo ${client.label} got before the server's end`);
  });

  it("resolves close() only once a client that is still connected has gone", async () => {
    const server = await started("startEchoServer()", startEchoServer());
    const client = await openAccepted(server.port);
    await expectCloseWaitsFor(server, client, () => client.write("still here").then(() => client.receiveText("still here")));
  });

  it("survives a client that resets, and echoes for the next one", async () => {
    const server = await started("startEchoServer()", startEchoServer());
    const uncaught = watchUncaught();
    const rude = await openClient(server.port);
    await rude.write("about to vanish");
    await rude.receiveText("about to vanish"); // the server surely holds this connection now
    rude.reset();
    await pause(20);
    const next = await openClient(server.port);
    await next.write("still there?");
    await next.receiveText("still there?");
    expect(uncaught().map(explain), say`errors the server let escape (a socket 'error' event with no listener)`).toEqual([]);
  });
});

describe("06-send-recv: the client", () => {
  it("sends a payload and resolves with the echo", async () => {
    const peer = await startTestServer((socket) => socket.pipe(socket));
    const reply = await within(say`sendAndCollect() to resolve`, sendAndCollect(peer.port, Buffer.from("ping\n")));
    expect(show(reply), say`what sendAndCollect() resolved with`).toBe(show(Buffer.from("ping\n")));
  });

  it("keeps reading when the reply arrives in several chunks (one 'data' event is not the whole message)", async () => {
    const payload = Buffer.from("a reply that the peer sends in three pieces");
    const peer = await startTestServer(echoInPieces(payload.length, [5, 20]));
    const reply = await within(say`sendAndCollect() to resolve`, sendAndCollect(peer.port, payload));
    expect(show(reply), say`what sendAndCollect() resolved with (the peer sent 5, 15 and 23 bytes, 20 ms apart)`).toBe(show(payload));
  });

  it("brings back 4 MiB of random binary bytes byte for byte (collects Buffers, not strings)", async () => {
    const peer = await startTestServer((socket) => socket.pipe(socket));
    const payload = randomBytes(4 * MiB);
    const reply = await within(say`sendAndCollect() of 4 MiB to resolve`, sendAndCollect(peer.port, payload));
    expect(Buffer.isBuffer(reply), say`sendAndCollect() resolves with a Buffer`).toBe(true);
    expectSameBytes(reply, payload, say`what sendAndCollect() resolved with`);
  });

  it("decodes a character whose bytes arrive in two chunks (decode once, at the end)", async () => {
    const text = "olá, ação!";
    const bytes = Buffer.from(text, "utf8");
    const cut = Buffer.from("olá, a").length + 1; // inside "ç"
    const peer = await startTestServer(echoInPieces(bytes.length, [cut]));
    const reply = await within(say`sendText() to resolve`, sendText(peer.port, text));
    expect(reply, say`what sendText() resolved with (the peer split the reply inside "ç", at byte ${cut})`).toBe(text);
  });

  it("counts the bytes of the UTF-8 text, not its characters (\"ção ção ção\" is 11 characters, 17 bytes)", async () => {
    const text = "ção ção ção";
    const bytes = Buffer.from(text, "utf8");
    const peer = await startTestServer(echoInPieces(bytes.length, [text.length]));
    const reply = await within(say`sendText() to resolve`, sendText(peer.port, text));
    expect(reply, say`what sendText() resolved with (the peer sent ${text.length} bytes, then the other ${bytes.length - text.length}, 20 ms later)`).toBe(text);
  });

  it("closes its socket, not only its side: a peer that keeps the connection half-open does not keep it alive", async () => {
    const peer = await startTestServer((socket) => socket.on("data", (chunk: Buffer) => socket.write(chunk)), "127.0.0.1", { allowHalfOpen: true });
    const connects = watchConnects();
    await within(say`sendAndCollect() to resolve`, sendAndCollect(peer.port, Buffer.from("half\n")));
    const [mine] = connects();
    if (mine === undefined) expect.fail(say`sendAndCollect() never connected`);
    await closeOf(say`the socket of sendAndCollect() to close (end() only half-closes it; the peer still holds its side)`, mine);
  });

  it("resolves an empty payload at once with an empty Buffer (no reply to wait for)", async () => {
    const peer = await startTestServer((socket) => socket.pipe(socket));
    const reply = await within(say`sendAndCollect() of an empty payload to resolve`, sendAndCollect(peer.port, Buffer.alloc(0)));
    expect(show(reply), say`what sendAndCollect() resolved with`).toBe(show(Buffer.alloc(0)));
  });

  it("resolves an empty payload without connecting: even where nothing listens, no ECONNREFUSED", async () => {
    const port = await closedPort();
    const reply = await within(say`sendAndCollect() of an empty payload to port ${port}, where nothing listens`, sendAndCollect(port, Buffer.alloc(0)));
    expect(show(reply), say`what sendAndCollect() resolved with`).toBe(show(Buffer.alloc(0)));
  });

  it("closes its connection once the reply is in", async () => {
    const peer = await startTestServer((socket) => socket.pipe(socket));
    await within(say`sendAndCollect() to resolve`, sendAndCollect(peer.port, Buffer.from("bye\n")));
    const [socket] = peer.accepted;
    if (socket === undefined) expect.fail(say`the test peer never saw a connection`);
    if (!socket.destroyed) await waitForEvent(socket, "close", say`the client to close its connection after the reply`);
  });

  it("rejects when the peer ends the connection before the whole reply is back, instead of hanging", async () => {
    const peer = await startTestServer((socket) => {
      socket.once("data", () => socket.end("only part"));
    });
    const err = await rejectionOf(say`sendAndCollect() to a peer that ends after 9 bytes`, sendAndCollect(peer.port, Buffer.from("a longer payload than that")));
    expect(err.message, say`the rejection's message`).not.toBe("");
  });

  it("rejects with ECONNREFUSED when nothing listens, instead of crashing", async () => {
    const port = await closedPort();
    await rejectionOf(say`sendAndCollect() to port ${port}, where nothing listens`, sendAndCollect(port, Buffer.from("x")), "ECONNREFUSED");
  });
});

describe("06-send-recv: the host", () => {
  it("listens on 127.0.0.1 by default, not on every interface, and says so", async () => {
    await expectListeningOn("startEchoServer()", "127.0.0.1", () => started("startEchoServer()", startEchoServer()));
  });

  it("listens on the host it is given (::1), and echoes there", async () => {
    const server = await expectListeningOn('startEchoServer({ host: "::1" })', "::1", () => started("startEchoServer()", startEchoServer({ host: "::1" })));
    const client = await openClient(server.port, { host: "::1" });
    await client.write("over IPv6");
    await client.receiveBytes(9);
    expect(client.text, say`the echo ${client.label} got on ::1`).toBe("over IPv6");
  });

  it("rejects when it cannot listen on its host (a name that resolves to nothing), instead of an uncaught error", async () => {
    await expectUnusableHostRejected("startEchoServer()", (host) => startEchoServer({ host }));
  });

  it("connects to 127.0.0.1 by default, not to a name to resolve (localhost is ::1 first on some machines)", async () => {
    const peer = await startTestServer((socket) => socket.pipe(socket));
    const lookups = watchLookups();
    await within(say`sendAndCollect() to resolve`, sendAndCollect(peer.port, Buffer.from("x")));
    expect(lookups(), say`getaddrinfo() requests made by sendAndCollect() without a host (127.0.0.1 needs none; "localhost" does)`).toEqual([]);
  });

  it("connects to the host it is given (::1): the client's host option", async () => {
    const peer = await startTestServer((socket: net.Socket) => socket.pipe(socket), "::1");
    const reply = await within(say`sendAndCollect() to the peer on ::1 to resolve`, sendAndCollect(peer.port, Buffer.from("six b!"), { host: "::1" }));
    expect(show(reply), say`what sendAndCollect() resolved with`).toBe(show(Buffer.from("six b!")));
  });
});
