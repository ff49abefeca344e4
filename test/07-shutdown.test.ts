import { randomBytes } from "node:crypto";
import type net from "node:net";
import { describe, expect, it } from "vitest";
import { request, startAnswerServer } from "#kata/07-shutdown";
import {
  bytesDifference,
  closedPort,
  closeOf,
  expectListeningOn,
  expectUnusableHostRejected,
  explain,
  openAccepted,
  openClient,
  openClients,
  pause,
  readAtLeast,
  rejectionOf,
  say,
  show,
  started,
  startTestServer,
  waitForEvent,
  watchAccepted,
  watchUncaught,
  within,
} from "./support/index.ts";

/** The answer the tests ask the server for: how many bytes came, and what they were, in capitals. */
const shout = (req: Buffer) => `${req.length} bytes: ${req.toString("utf8").toUpperCase()}\n`;

/** startAnswerServer() with the `shout` answer, closed when the test ends. */
function shoutServer() {
  return started("startAnswerServer()", startAnswerServer({ answer: shout }));
}

/**
 * A test peer (allowHalfOpen) that waits for the client's FIN, then sends
 * `pieces` 20 ms apart and ends. It records what the client sent.
 */
async function peerAnsweringAfterFin(pieces: readonly string[]) {
  const requests: string[] = [];
  const peer = await startTestServer(
    (socket: net.Socket) => {
      socket.setNoDelay(true);
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("end", () => {
        requests.push(Buffer.concat(chunks).toString());
        void (async () => {
          for (const [i, piece] of pieces.entries()) {
            if (i > 0) await pause(20);
            if (socket.destroyed) return;
            socket.write(piece);
          }
          socket.end();
        })();
      });
    },
    "127.0.0.1",
    { allowHalfOpen: true },
  );
  return { ...peer, requests };
}

/**
 * A client sends `request` (maybe nothing) and resets once the server has
 * read it; the server must survive (its end closes, nothing escapes) and
 * answer the next client. Waits follow the server's end, not the clock.
 */
async function expectSurvivesReset(request: string): Promise<void> {
  const server = await shoutServer();
  const uncaught = watchUncaught();
  const serverEnd = watchAccepted();
  const rude = await openClient(server.port);
  const end = await serverEnd(rude);
  if (request !== "") {
    await rude.write(request);
    await readAtLeast(say`the server to read ${show(request)} from ${rude.label}`, end, Buffer.byteLength(request));
  }
  rude.reset();
  await closeOf(say`the server's end of ${rude.label} to close after the reset`, end);
  const next = await openClient(server.port);
  await next.write("ok");
  next.end();
  await next.receiveEnd();
  expect(next.text, say`the answer ${next.label} got`).toBe("2 bytes: OK\n");
  expect(uncaught().map(explain), say`errors the server let escape (a socket 'error' event with no listener)`).toEqual([]);
}

describe("07-shutdown: the server answers after the client's FIN", () => {
  it("answers the whole request once the client ends its side, then ends the connection", async () => {
    const server = await shoutServer();
    const client = await openClient(server.port);
    await client.write("hello");
    client.end();
    await client.receiveEnd();
    expect(client.text, say`the answer ${client.label} got`).toBe("5 bytes: HELLO\n");
  });

  it("waits for the FIN before answering, not for the first data", async () => {
    const server = await shoutServer();
    const client = await openClient(server.port);
    await client.write("hel");
    await pause(50);
    expect(show(client.received), say`what ${client.label} got before ending its side (nothing yet: the request is not over)`).toBe(
      show(Buffer.alloc(0)),
    );
    await client.write("lo");
    client.end();
    await client.receiveEnd();
    expect(client.text, say`the answer ${client.label} got`).toBe("5 bytes: HELLO\n");
  });

  it("gets its answer to the client after the client's FIN (allowHalfOpen: without it Node ends the socket first)", async () => {
    // An answer that takes 10 ms, as one computed from a file or a database would.
    const slowShout = async (req: Buffer) => {
      await pause(10);
      return shout(req);
    };
    const server = await started("startAnswerServer()", startAnswerServer({ answer: slowShout }));
    const client = await openClient(server.port);
    await client.writeBytewise("abc");
    client.end();
    await client.receiveEnd();
    if (client.received.length === 0) {
      const lost = say`${client.label} ended its side and got no answer: the server's reply was lost. Two usual causes: a server created without { allowHalfOpen: true } ends its own side as soon as the client's FIN arrives, so a write after that fails; or the request was read with for await (const chunk of socket), whose end destroys the socket on Node 22 and 26 (read with 'data' and 'end' instead).`;
      expect.fail(`${lost}\n${client.transcript()}`);
    }
    expect(client.text, say`the answer ${client.label} got`).toBe("3 bytes: ABC\n");
  });

  it("answers an empty request (a client that ends at once)", async () => {
    const server = await shoutServer();
    const client = await openClient(server.port);
    client.end();
    await client.receiveEnd();
    expect(client.text, say`the answer ${client.label} got`).toBe("0 bytes: \n");
  });

  it("keeps each client's request apart: 5 clients, ended last-opened first", async () => {
    const server = await shoutServer();
    const clients = await openClients(5, server.port);
    for (const client of clients) await client.write(`from ${client.label}`);
    for (const client of [...clients].reverse()) client.end();
    for (const client of clients) {
      await client.receiveEnd();
      const body = `from ${client.label}`;
      expect(client.text, say`the answer ${client.label} got`).toBe(`${body.length} bytes: ${body.toUpperCase()}\n`);
    }
  });

  it("survives a client that resets before sending anything, and serves the next one", async () => {
    await expectSurvivesReset("");
  });

  it("gets a large answer to a slow reader whole: 8 MiB, every byte, before the end", async () => {
    const big = Buffer.alloc(8 * 1024 * 1024, 0x61);
    const server = await started("startAnswerServer()", startAnswerServer({ answer: () => big }));
    const client = await openClient(server.port);
    client.socket.pause(); // a reader that takes its time: the answer waits in the server's queue
    client.end();
    await pause(100);
    client.socket.resume();
    await client.receiveEnd(10_000);
    expect(client.receivedLength, say`bytes of the 8 MiB answer ${client.label} got before the end (destroy() right after end() drops what is still queued)`).toBe(big.length);
  });

  it("survives a client that resets in the middle of its request, and serves the next one", async () => {
    await expectSurvivesReset("half a req");
  });
});

describe("07-shutdown: what the server does with the bytes and with a failed answer", () => {
  it("hands answer() the request's exact bytes and sends its Buffer back byte for byte (binary, not text)", async () => {
    const request = randomBytes(64 * 1024);
    const reversed = (req: Buffer) => Buffer.from(req).reverse();
    const server = await started("startAnswerServer()", startAnswerServer({ answer: reversed }));
    const client = await openClient(server.port);
    await client.write(request);
    client.end();
    await client.receiveEnd();
    const difference = bytesDifference(client.received, reversed(request));
    if (difference !== undefined) expect.fail(say`the answer to 64 KiB of random bytes, reversed, that ${client.label} got: ${difference}`);
  });

  it("drops the connection when answer() throws or rejects, and serves the next client", async () => {
    const uncaught = watchUncaught();
    let calls = 0;
    // The first call throws, the second returns a rejected promise, the rest answer.
    const sulky = (req: Buffer): string | Promise<string> => {
      calls += 1;
      if (calls === 1) throw new Error("no answer, at once");
      if (calls === 2) return Promise.reject(new Error("no answer, later"));
      return shout(req);
    };
    const server = await started("startAnswerServer()", startAnswerServer({ answer: sulky }));
    for (const how of [say`throws`, say`rejects`]) {
      const doomed = await openClient(server.port);
      await doomed.write("doomed");
      doomed.end();
      // Ended or reset, either way: the server has nothing to send and must not keep it open.
      await within(say`the server to drop ${doomed.label}, whose answer() ${how}`, doomed.receiveEnd());
      expect(show(doomed.received), say`what ${doomed.label} got when answer() ${how}`).toBe(show(Buffer.alloc(0)));
    }
    const next = await openClient(server.port);
    await next.write("ok");
    next.end();
    await next.receiveEnd();
    expect(next.text, say`the answer ${next.label} got`).toBe("2 bytes: OK\n");
    expect(uncaught().map(explain), say`errors the server let escape`).toEqual([]);
  });
});

describe("07-shutdown: close()", () => {
  it("resolves close() only once every connection has ended, not at once", async () => {
    const server = await started("startAnswerServer()", startAnswerServer({ answer: shout }));
    const client = await openAccepted(server.port);
    await client.write("still here");
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await pause(50); // it must not resolve while the client is connected, however long we look
    expect(closed, say`close() resolved while ${client.label} was still connected`).toBe(false);
    client.end();
    await client.receiveEnd();
    await within(say`close() to resolve once ${client.label}'s connection ended`, closing);
  });
});

describe("07-shutdown: the client half-closes, then reads", () => {
  it("sends the request and resolves with the answer", async () => {
    const peer = await peerAnsweringAfterFin(["the answer\n"]);
    const answer = await within(say`request() to resolve`, request(peer.port, "the question\n"));
    expect(show(answer), say`what request() resolved with`).toBe(show(Buffer.from("the answer\n")));
    expect(peer.requests, say`what the peer received before the client's FIN`).toEqual(["the question\n"]);
  });

  it("half-closes after writing: a peer that answers only after the client's FIN gets it", async () => {
    const peer = await peerAnsweringAfterFin(["ok\n"]);
    const answer = await within(
      say`request() to resolve (the peer answers only once the client ends its side with end())`,
      request(peer.port, "are you there?"),
    );
    expect(show(answer), say`what request() resolved with`).toBe(show(Buffer.from("ok\n")));
  });

  it("still reads after its own end(): destroying the socket instead would lose the answer", async () => {
    const peer = await peerAnsweringAfterFin(["late ", "but ", "whole\n"]);
    const answer = await within(say`request() to resolve`, request(peer.port, "take your time"));
    expect(show(answer), say`what request() resolved with (the peer answered after the FIN, in 3 pieces)`).toBe(
      show(Buffer.from("late but whole\n")),
    );
  });

  it("reads until the server ends, not until the first chunk", async () => {
    const pieces = ["one,", "two,", "three\n"];
    const peer = await peerAnsweringAfterFin(pieces);
    const answer = await within(say`request() to resolve`, request(peer.port, Buffer.from("count")));
    expect(show(answer), say`what request() resolved with (3 pieces, 20 ms apart)`).toBe(show(Buffer.from(pieces.join(""))));
  });

  it("sends a binary body byte for byte and resolves with the binary answer as it came", async () => {
    const body = randomBytes(64 * 1024);
    let heard: Buffer | undefined;
    const peer = await startTestServer(
      (socket: net.Socket) => {
        const chunks: Buffer[] = [];
        socket.on("data", (chunk: Buffer) => chunks.push(chunk));
        socket.on("end", () => {
          heard = Buffer.concat(chunks);
          socket.end(Buffer.from(heard).reverse());
        });
      },
      "127.0.0.1",
      { allowHalfOpen: true },
    );
    const answer = await within(say`request() to resolve`, request(peer.port, body));
    const sent = bytesDifference(heard ?? Buffer.alloc(0), body);
    if (sent !== undefined) expect.fail(say`the 64 KiB of random bytes request() sent, as the peer got them: ${sent}`);
    const back = bytesDifference(answer, Buffer.from(body).reverse());
    if (back !== undefined) expect.fail(say`what request() resolved with (the peer's binary answer): ${back}`);
  });

  it("resolves with an empty Buffer when the server ends without answering", async () => {
    const peer = await peerAnsweringAfterFin([]);
    const answer = await within(say`request() to resolve`, request(peer.port, "anything?"));
    expect(show(answer), say`what request() resolved with`).toBe(show(Buffer.alloc(0)));
  });

  it("closes its socket once the answer is in", async () => {
    const peer = await peerAnsweringAfterFin(["bye\n"]);
    await within(say`request() to resolve`, request(peer.port, "bye"));
    const [socket] = peer.accepted;
    if (socket === undefined) expect.fail(say`the test peer never saw a connection`);
    if (!socket.destroyed) await waitForEvent(socket, "close", say`the client's socket to close after the answer`);
  });

  it("rejects with ECONNRESET when the peer resets, instead of hanging or crashing", async () => {
    const peer = await startTestServer((socket) => {
      socket.once("data", () => socket.resetAndDestroy());
    });
    await rejectionOf(say`request() to a peer that resets`, request(peer.port, "hello?"), "ECONNRESET");
  });

  it("rejects with ECONNREFUSED when nothing listens", async () => {
    const port = await closedPort();
    await rejectionOf(say`request() to port ${port}, where nothing listens`, request(port, "x"), "ECONNREFUSED");
  });
});

describe("07-shutdown: the host", () => {
  it("listens on 127.0.0.1 by default, not on every interface, and says so", async () => {
    await expectListeningOn("startAnswerServer()", "127.0.0.1", () => shoutServer());
  });

  it("listens on the host it is given (::1), and answers there", async () => {
    const server = await expectListeningOn('startAnswerServer({ host: "::1" })', "::1", () =>
      started("startAnswerServer()", startAnswerServer({ host: "::1", answer: shout })),
    );
    const client = await openClient(server.port, { host: "::1" });
    await client.write("v6");
    client.end();
    await client.receiveEnd();
    expect(client.text, say`the answer ${client.label} got on ::1`).toBe("2 bytes: V6\n");
  });

  it("rejects when it cannot listen on its host (a name that resolves to nothing), instead of an uncaught error", async () => {
    await expectUnusableHostRejected("startAnswerServer()", (host) => startAnswerServer({ host, answer: shout }));
  });

  it("connects to the host it is given (::1): the client's host option", async () => {
    const peer = await startTestServer((socket: net.Socket) => socket.on("end", () => socket.end("from ::1")).resume(), "::1", { allowHalfOpen: true });
    const answer = await within(say`request() to the peer on ::1 to resolve`, request(peer.port, "hi", { host: "::1" }));
    expect(show(answer), say`what request() resolved with`).toBe(show(Buffer.from("from ::1")));
  });
});
