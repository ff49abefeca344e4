import dgram from "node:dgram";
import { describe, expect, it, onTestFinished } from "vitest";
import { MAX_DATAGRAM_BYTES, startUdpEcho, udpRequest } from "#kata/11-udp";
import type { UdpEchoServer } from "#kata/11-udp";
import type { UdpPeer } from "./support/index.ts";
import {
  errorCode,
  expectUnusableHostRejected,
  hexDump,
  markHandles,
  needsSecondLoopback,
  openSince,
  openUdpSocket,
  rejectionOf,
  say,
  show,
  startUdpPeer,
  watchUdpBinding,
  within,
} from "./support/index.ts";

/** Make the test peer answer its `nth` datagram (from 1), `ms` after it came; a timer still pending when the test ends is cleared. */
function answerLater(peer: UdpPeer, nth: number, ms: number): void {
  const later = new Set<NodeJS.Timeout>();
  onTestFinished(() => later.forEach((timer) => clearTimeout(timer)));
  peer.socket.on("message", (data, from) => {
    if (peer.received.length === nth) later.add(setTimeout(() => peer.socket.send(data, from.port, from.address), ms));
  });
}

/** Start the learner's echo server and close it when the test ends. */
async function echoServer(host?: string): Promise<UdpEchoServer> {
  const server = await within(say`startUdpEcho() to resolve`, startUdpEcho(host === undefined ? {} : { host }));
  onTestFinished(() => within(say`the echo server's close() to resolve`, server.close()));
  return server;
}

describe("11-udp: the echo server", () => {
  it("sends a datagram back to the address and port it came from", async () => {
    const server = await echoServer();
    const client = await openUdpSocket();
    client.socket.send("ping", server.port, "127.0.0.1");
    const answer = await client.next(say`the echo of "ping"`);
    expect(show(answer), say`what came back for "ping"`).toBe(show(Buffer.from("ping")));
  });

  it("keeps datagram boundaries: three sends come back as three whole datagrams", async () => {
    const server = await echoServer();
    const client = await openUdpSocket();
    const sent = [Buffer.from("one"), Buffer.alloc(3000, "b"), Buffer.from("three")];
    for (const datagram of sent) client.socket.send(datagram, server.port, "127.0.0.1");
    const got = [await client.next(say`datagram 1`), await client.next(say`datagram 2`), await client.next(say`datagram 3`)];
    // Loopback keeps order; a server that splits or joins datagrams changes sizes.
    expect(got.map((d) => d.length), say`sizes of the three datagrams that came back`).toEqual(sent.map((d) => d.length));
    expect(Buffer.concat(got).equals(Buffer.concat(sent)), say`the bytes that came back`).toBe(true);
    expect(client.messages.length, say`datagrams received in all`).toBe(3);
  });

  it("answers on IPv6 too (::1, a udp6 socket)", async () => {
    const server = await echoServer("::1");
    const client = await openUdpSocket("::1");
    client.socket.send("over six", server.port, "::1");
    expect((await client.next(say`the echo over IPv6`)).toString(), say`the echo over ::1`).toBe("over six");
  });

  it("sends binary datagrams back byte for byte, also bytes that are not UTF-8", async () => {
    const server = await echoServer();
    const client = await openUdpSocket();
    const payload = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a, 0xe2]);
    client.socket.send(payload, server.port, "127.0.0.1");
    const answer = await client.next(say`the echo of 8 bytes that are not UTF-8`);
    expect(hexDump(answer), say`what came back for ff fe 00 80 c3 28 0a e2`).toBe(hexDump(payload));
  });

  it("answers a client at another loopback address (127.0.0.2) at that address", async (context) => {
    needsSecondLoopback(context);
    const server = await echoServer();
    const client = await openUdpSocket("127.0.0.2");
    client.socket.send("from .2", server.port, "127.0.0.1");
    const answer = await client.next(say`the echo to 127.0.0.2`);
    expect(show(answer), say`what came back to the client at 127.0.0.2`).toBe(show(Buffer.from("from .2")));
  });

  it("binds the host it is given, not every interface", async () => {
    const bound = watchUdpBinding();
    const v4 = await echoServer();
    const v6 = await echoServer("::1");
    expect(bound().map((b) => b.address), say`where the OS says the two echo servers' sockets are bound`).toEqual(["127.0.0.1", "::1"]);
    expect([v4.host, v6.host], say`the hosts the two echo servers report`).toEqual(["127.0.0.1", "::1"]);
  });

  it("resolves close() only once the socket has closed (its 'close' event)", async () => {
    const bound = watchUdpBinding();
    const server = await within(say`startUdpEcho() to resolve`, startUdpEcho());
    await within(say`close() to resolve`, server.close());
    expect(bound().map((b) => b.closed), say`whether the echo server's socket had closed when close() resolved`).toEqual([true]);
  });

  it("rejects when it cannot bind its host (a name that resolves to nothing), instead of an uncaught error, and leaves no socket open", async () => {
    const mark = markHandles();
    await expectUnusableHostRejected("startUdpEcho()", (host) => startUdpEcho({ host }));
    expect(await openSince(mark), say`handles startUdpEcho() left open after it rejected`).toEqual([]);
  });

  it("frees its port on close()", async () => {
    const server = await within(say`startUdpEcho() to resolve`, startUdpEcho());
    await within(say`close() to resolve`, server.close());
    const again = dgram.createSocket("udp4");
    onTestFinished(() => new Promise<void>((resolve) => again.close(() => resolve())));
    const bound = await new Promise<string>((resolve) => {
      again.once("error", (err) => resolve(errorCode(err) ?? String(err)));
      again.bind(server.port, "127.0.0.1", () => resolve("bound"));
    });
    expect(bound, say`binding 127.0.0.1:${server.port} again after close()`).toBe("bound");
  });
});

describe("11-udp: udpRequest", () => {
  it("gets the echo of its datagram", async () => {
    const peer = await startUdpPeer();
    const answer = await within(say`udpRequest() to resolve`, udpRequest(peer.port, Buffer.from("hello"), { timeoutMs: 1_000 }));
    expect(answer.toString(), say`the answer udpRequest resolved with`).toBe("hello");
  });

  it("resolves with one datagram, not a stream of them joined", async () => {
    // This peer answers every request with two datagrams.
    const peer = await startUdpPeer({ echo: false });
    peer.socket.on("message", (_data, from) => {
      peer.socket.send("first", from.port, from.address);
      peer.socket.send("second!", from.port, from.address);
    });
    const answer = await within(say`udpRequest() to resolve`, udpRequest(peer.port, Buffer.from("twelve bytes"), { timeoutMs: 1_000 }));
    expect(answer.toString(), say`udpRequest should resolve with the first datagram alone`).toBe("first");
  });

  it("retries when datagrams are lost (no retry is the mistake)", async () => {
    const peer = await startUdpPeer({ drop: 2 });
    const answer = await within(
      say`udpRequest() to resolve after two lost datagrams`,
      // 250 ms: the answer to the third send must come before a fourth, even on a busy machine.
      udpRequest(peer.port, Buffer.from("again"), { timeoutMs: 250, retries: 3 }),
    );
    expect(answer.toString(), say`the answer to the third send`).toBe("again");
    expect(peer.received.length, say`datagrams the peer received (2 dropped, the 3rd answered)`).toBe(3);
  });

  it("gives up with ETIMEDOUT after retries + 1 sends instead of waiting forever", async () => {
    const peer = await startUdpPeer({ echo: false });
    const err = await rejectionOf(
      say`udpRequest() to a silent peer`,
      udpRequest(peer.port, Buffer.from("anyone?"), { timeoutMs: 50, retries: 2 }),
      "ETIMEDOUT",
    );
    // The 3 alone, not a 3 inside the peer's port number.
    expect(err.message.replaceAll(String(peer.port), "<port>"), say`the error should say how many attempts were made (3)`).toMatch(/\b3\b/);
    await peer.receivedAtLeast(3); // the last send may still be on its way to the peer when the client gives up
    expect(peer.received.length, say`datagrams sent: the first and 2 retries`).toBe(3);
  });

  it("waits timeoutMs for each answer before it sends again (not a fixed wait)", async () => {
    // The answer comes 600 ms after the request; with timeoutMs 1500 nothing is sent again meanwhile.
    // A fixed 500 ms wait (the default) would resend first: both timers run in this one process,
    // so however slow the machine, the shorter one fires first.
    const peer = await startUdpPeer({ echo: false });
    answerLater(peer, 1, 600);
    const answer = await within(say`udpRequest() to resolve`, udpRequest(peer.port, Buffer.from("patience"), { timeoutMs: 1_500, retries: 1 }), 4_000);
    expect(answer.toString(), say`the answer udpRequest resolved with`).toBe("patience");
    expect(peer.received.length, say`datagrams the peer received before its answer, 600 ms in, with timeoutMs 1500`).toBe(1);
  });

  it("sends once and no more with retries: 0", async () => {
    const peer = await startUdpPeer({ echo: false });
    await rejectionOf(say`udpRequest() to a silent peer with retries: 0`, udpRequest(peer.port, Buffer.from("once"), { timeoutMs: 100, retries: 0 }), "ETIMEDOUT");
    await peer.receivedAtLeast(1); // the send may still be on its way when the client gives up
    expect(peer.received.length, say`datagrams sent with retries: 0`).toBe(1);
  });

  it("retries 3 times by default: 4 sends in all", async () => {
    const peer = await startUdpPeer({ echo: false });
    await rejectionOf(say`udpRequest() to a silent peer with the default retries`, udpRequest(peer.port, Buffer.from("four"), { timeoutMs: 50 }), "ETIMEDOUT");
    await peer.receivedAtLeast(4);
    expect(peer.received.length, say`datagrams sent with the default retries: the first and 3 retries`).toBe(4);
  });

  it("waits 500 ms by default before it sends again", async () => {
    // The peer answers the first datagram 600 ms after it came. The client's timer started before the
    // peer's, so with a 500 ms wait it fires first however busy the machine: a second send comes before the answer.
    const peer = await startUdpPeer({ echo: false });
    answerLater(peer, 1, 600);
    const answer = await within(say`udpRequest() with the default timeoutMs to resolve`, udpRequest(peer.port, Buffer.from("default"), { retries: 3 }));
    expect(answer.toString(), say`the answer udpRequest resolved with`).toBe("default");
    await peer.receivedAtLeast(2);
  });

  it("waits the same timeoutMs before every retry, not longer each time", async () => {
    // The peer drops the first datagram and answers the second 450 ms after it came. With timeoutMs 300
    // every wait, the third send comes first, however busy the machine (the client's timer started first).
    // A wait that grows (600 ms before the third) takes the answer after two sends.
    const peer = await startUdpPeer({ echo: false });
    answerLater(peer, 2, 450);
    const answer = await within(say`udpRequest() to resolve`, udpRequest(peer.port, Buffer.from("steady"), { timeoutMs: 300, retries: 3 }));
    expect(answer.toString(), say`the answer udpRequest resolved with`).toBe("steady");
    await peer.receivedAtLeast(3);
  });

  it("counts an ECONNREFUSED (nothing listens on that port) as a lost datagram: retries, then ETIMEDOUT", async () => {
    // A port that was just free: the kernel answers each datagram with ICMP "port unreachable".
    const gone = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => gone.bind(0, "127.0.0.1", () => resolve()));
    const { port } = gone.address();
    await new Promise<void>((resolve) => gone.close(() => resolve()));
    const err = await rejectionOf(
      say`udpRequest() to a port where nothing listens`,
      udpRequest(port, Buffer.from("hello?"), { timeoutMs: 50, retries: 2 }),
      "ETIMEDOUT",
    );
    expect(err.message.replaceAll(String(port), "<port>"), say`the error should say how many attempts were made (3)`).toMatch(/\b3\b/);
  });

  it("closes its socket when it gives up (leaving it open is a leak)", async () => {
    const peer = await startUdpPeer({ echo: false });
    const mark = markHandles();
    await rejectionOf(say`udpRequest() to a silent peer`, udpRequest(peer.port, Buffer.from("x"), { timeoutMs: 30, retries: 1 }), "ETIMEDOUT");
    expect(await openSince(mark), say`handles udpRequest left open after it rejected`).toEqual([]);
  });

  it("closes its socket after an answer too", async () => {
    const peer = await startUdpPeer();
    const mark = markHandles();
    await within(say`udpRequest() to resolve`, udpRequest(peer.port, Buffer.from("x"), { timeoutMs: 1_000 }));
    expect(await openSince(mark), say`handles udpRequest left open after it resolved`).toEqual([]);
  });

  it("rejects when it cannot connect to its host (a name that resolves to nothing), with that error, and closes its socket", async () => {
    // The peer echoes at 127.0.0.1: a client that goes on after the failed connect() gets an answer it should not.
    const peer = await startUdpPeer();
    const mark = markHandles();
    await expectUnusableHostRejected("udpRequest()", (host) => udpRequest(peer.port, Buffer.from("x"), { host, timeoutMs: 1_000 }));
    expect(await openSince(mark), say`handles udpRequest left open after it rejected`).toEqual([]);
  });

  it("takes each attempt's listeners off the socket when it ends: 12 attempts leave no MaxListenersExceededWarning", async () => {
    // Node warns once an emitter has more than 10 listeners for one event: a listener per attempt, never removed.
    const warnings: string[] = [];
    const note = (warning: Error) => {
      if (warning.name === "MaxListenersExceededWarning") warnings.push(warning.message);
    };
    process.on("warning", note);
    onTestFinished(() => {
      process.off("warning", note);
    });
    const peer = await startUdpPeer({ echo: false });
    await rejectionOf(
      say`udpRequest() to a silent peer with retries: 11`,
      udpRequest(peer.port, Buffer.from("again and again"), { timeoutMs: 10, retries: 11 }),
      "ETIMEDOUT",
    );
    expect(warnings, say`Node's warnings of listeners piling up on one socket`).toEqual([]);
  });

  it("ignores a datagram from another address or port and waits for the real answer", async () => {
    const peer = await startUdpPeer({ echo: false });
    const stranger = await openUdpSocket();
    // The real answer comes 20 ms after the spoofed one; a timer still
    // pending when the test ends (it failed early) must not fire on a closed socket.
    const later = new Set<NodeJS.Timeout>();
    onTestFinished(() => later.forEach((timer) => clearTimeout(timer)));
    peer.socket.on("message", (data, from) => {
      stranger.socket.send("spoofed", from.port, from.address);
      later.add(setTimeout(() => peer.socket.send(data, from.port, from.address), 20));
    });
    const answer = await within(say`udpRequest() to resolve`, udpRequest(peer.port, Buffer.from("real"), { timeoutMs: 1_000, retries: 0 }));
    expect(answer.toString(), say`udpRequest should take only the answer from the address and port it sent to (an unconnected socket takes anyone's)`).toBe("real");
  });

  it("takes the answer only from the address it sent to, not from its port number at another address", async () => {
    // The server is at [::1]:P, a stranger at 127.0.0.1 with the same port number P. A udp6 socket takes
    // IPv4 too (as ::ffff:127.0.0.1), so only the address tells the stranger's datagram from the server's.
    const stranger = await openUdpSocket();
    const peer = await startUdpPeer({ host: "::1", port: stranger.port, echo: false });
    peer.socket.on("message", (data, from) => {
      // The stranger's datagram goes first, so it is there before the real answer.
      stranger.socket.send("spoofed", from.port, "127.0.0.1");
      peer.socket.send(data, from.port, from.address);
    });
    const answer = await within(
      say`udpRequest() to resolve`,
      udpRequest(peer.port, Buffer.from("real"), { host: "::1", timeoutMs: 1_000, retries: 0 }),
    );
    expect(answer.toString(), say`udpRequest should take only the answer from [::1]:${peer.port}, not one from 127.0.0.1:${peer.port}`).toBe("real");
  });

  it("refuses a payload over 65507 bytes with a RangeError before sending anything", async () => {
    const peer = await startUdpPeer();
    await rejectionOf(say`udpRequest() with 65508 bytes`, udpRequest(peer.port, Buffer.alloc(MAX_DATAGRAM_BYTES + 1), { timeoutMs: 50 })).then(
      (err) => expect(err, say`the rejection for 65508 bytes`).toBeInstanceOf(RangeError),
    );
    expect(peer.received.length, say`datagrams the peer received`).toBe(0);
  });

  it("carries the largest datagram, 65507 bytes, through the echo server", async () => {
    const server = await echoServer();
    const payload = Buffer.alloc(MAX_DATAGRAM_BYTES, 7);
    const answer = await within(say`udpRequest() to resolve`, udpRequest(server.port, payload, { timeoutMs: 1_000 }));
    expect(answer.length, say`bytes that came back`).toBe(MAX_DATAGRAM_BYTES);
    expect(answer.equals(payload), say`the 65507 bytes came back unchanged`).toBe(true);
  });

  it("talks to an IPv6 server (host ::1)", async () => {
    const server = await echoServer("::1");
    const answer = await within(say`udpRequest() over IPv6 to resolve`, udpRequest(server.port, Buffer.from("six"), { host: "::1", timeoutMs: 1_000 }));
    expect(answer.toString(), say`the echo over ::1`).toBe("six");
  });
});
