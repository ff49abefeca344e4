import { describe, expect, it } from "vitest";
import { startLineServer } from "#kata/09-request-response";
import type { LineServerOptions } from "#kata/09-request-response";
import type { RawClient } from "./support/index.ts";
import {
  expectListeningOn,
  expectUnusableHostRejected,
  explain,
  openClient,
  openClients,
  pause,
  readAtLeast,
  say,
  started,
  watchAccepted,
  watchUncaught,
} from "./support/index.ts";

/** startLineServer(), closed when the test ends. */
function lineServer(options?: LineServerOptions) {
  return started("startLineServer()", options ? startLineServer(options) : startLineServer());
}

/** Wait for `count` answer lines; return them (without "\n"). */
async function answers(client: RawClient, count: number): Promise<string[]> {
  await client.until(say`receive ${count} answer line(s)`, () => client.text.split("\n").length > count);
  return client.text.split("\n").slice(0, count);
}

/** Fail if more than the expected answers arrive within a short grace period. */
async function expectNothingMore(client: RawClient, expected: string, why: string): Promise<void> {
  await pause(30);
  expect(client.text, say`everything ${client.label} received (${why})`).toBe(expected);
}

describe("09-request-response: answering", () => {
  it("answers PING with PONG", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.write("PING\n");
    expect(await answers(client, 1), say`${client.label}'s answer to PING`).toEqual(["PONG"]);
  });

  it("answers ECHO with its text, a request split one byte at a time included", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.writeBytewise("ECHO olá, ação\n");
    expect(await answers(client, 1), say`${client.label}'s answer to "ECHO olá, ação", sent one byte per write`).toEqual(["olá, ação"]);
  });

  it("answers pipelined requests in one write, each of them, in order", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.writeCoalesced(["PING\n", "ECHO one\n", "ECHO two\n", "PING\n"]);
    expect(await answers(client, 4), say`${client.label}'s answers to 4 requests sent in one write`).toEqual(["PONG", "one", "two", "PONG"]);
  });

  it("answers ECHO alone with an empty line, and takes the text after the first space only", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.write("ECHO\nECHO  two spaces\nPING\n");
    expect(await answers(client, 3), say`${client.label}'s answers to "ECHO", "ECHO  two spaces" and "PING"`).toEqual(["", " two spaces", "PONG"]);
  });

  it("accepts CRLF as well as LF at the end of a request", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.write("PING\r\nECHO crlf\r\nECHO lf\n");
    expect(await answers(client, 3), say`${client.label}'s answers to CRLF and LF requests`).toEqual(["PONG", "crlf", "lf"]);
  });

  it("takes only the \\r right before the \\n as part of the line ending: a \\r inside a request is its text", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.write("ECHO a\rb\r\n");
    expect(await answers(client, 1), say`${client.label}'s answer to "ECHO a\\rb\\r\\n"`).toEqual(["a\rb"]);
  });

  it("answers ECHO with all of its text, spaces at the end included", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.write("ECHO a  \nECHO b \r\n");
    expect(await answers(client, 2), say`${client.label}'s answers to "ECHO a  " and "ECHO b " (CRLF)`).toEqual(["a  ", "b "]);
  });

  it("matches the command word exactly as written: ping and PINGX are unknown commands", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.write("ping\nPINGX\nPING\n");
    expect(await answers(client, 3), say`${client.label}'s answers to "ping", "PINGX" and "PING"`).toEqual([
      'ERR unknown command "ping"',
      'ERR unknown command "PINGX"',
      "PONG",
    ]);
  });

  it("sends no answer at all to NOTE, yet keeps the note (NOTES counts them)", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.write("NOTE first\nNOTE second\n");
    await expectNothingMore(client, "", say`NOTE gets no answer`);
    await client.write("NOTES\n");
    expect(await answers(client, 1), say`${client.label}'s only answer, to NOTES after two NOTEs`).toEqual(["2"]);
    await expectNothingMore(client, "2\n", say`one answer, to NOTES`);
  });

  it("keeps an empty note too: NOTE alone counts", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.write("NOTE\nNOTE \nNOTES\n");
    expect(await answers(client, 1), say`${client.label}'s answer to NOTES after "NOTE" and "NOTE " (two empty notes)`).toEqual(["2"]);
  });

  it("answers an unknown command with ERR and keeps the connection open for the next request", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.write("FETCH /\n");
    expect(await answers(client, 1), say`${client.label}'s answer to an unknown command`).toEqual(['ERR unknown command "FETCH"']);
    await client.write("PING\n");
    expect(await answers(client, 2), say`${client.label}'s answers: the error, then PONG on the same connection`).toEqual([
      'ERR unknown command "FETCH"',
      "PONG",
    ]);
  });

  it("answers QUIT with BYE, then ends the connection and answers nothing after it", async () => {
    const server = await lineServer();
    const client = await openClient(server.port);
    await client.write("PING\nQUIT\nPING\n");
    await client.receiveEnd();
    expect(client.text, say`everything ${client.label} received before the server ended the connection`).toBe("PONG\nBYE\n");
  });
});

describe("09-request-response: limits and many clients", () => {
  it("answers a request line of exactly the maximum length", async () => {
    const server = await lineServer({ maxLineBytes: 32 });
    const client = await openClient(server.port);
    const text = "x".repeat(32 - "ECHO ".length);
    await client.write(`ECHO ${text}\r\n`);
    expect(await answers(client, 1), say`${client.label}'s answer to a 32-byte line (maximum 32)`).toEqual([text]);
  });

  it("accepts a line of exactly the maximum whose \\r and \\n arrive in separate writes", async () => {
    const server = await lineServer({ maxLineBytes: 32 });
    const client = await openClient(server.port);
    const text = "z".repeat(32 - "ECHO ".length);
    await client.write(`ECHO ${text}\r`);
    // The \r is in the server's receive buffer already; it reads it on its next turn, long before
    // this pause ends. (A correct server passes however the two writes arrive.)
    await pause(100);
    await client.write("\n");
    expect(await answers(client, 1), say`${client.label}'s answer to a 32-byte line whose \\r\\n came in two writes (maximum 32)`).toEqual([text]);
  });

  it("refuses an over-long line that arrives whole with its newline, with ERR, and closes", async () => {
    const server = await lineServer({ maxLineBytes: 32 });
    const client = await openClient(server.port);
    await client.write(`ECHO ${"w".repeat(28)}\n`); // 33 bytes and its newline, in one write
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got for a 33-byte line (maximum 32)`).toBe("ERR line too long\n");
  });

  it("refuses an over-long line with ERR and closes, without waiting for its newline (no unbounded buffering)", async () => {
    const server = await lineServer({ maxLineBytes: 32 });
    const client = await openClient(server.port);
    await client.write(`ECHO ${"y".repeat(40)}`); // 45 bytes, no newline: it may never come
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got for 45 bytes without a newline (maximum 32)`).toBe("ERR line too long\n");
  });

  it("counts a line's length in UTF-8 bytes, not in characters", async () => {
    const server = await lineServer({ maxLineBytes: 32 });
    const client = await openClient(server.port);
    await client.write(`ECHO ${"é".repeat(20)}\n`); // 25 characters, but 45 bytes: "é" is two
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got for "ECHO " and 20 × "é", 45 bytes (maximum 32)`).toBe("ERR line too long\n");
  });

  it("refuses an over-long line that arrives a few bytes per write, counting all the bytes it has waiting", async () => {
    const server = await lineServer({ maxLineBytes: 32 });
    const serverEnd = watchAccepted();
    const client = await openClient(server.port);
    const end = await serverEnd(client);
    const line = Buffer.from(`ECHO ${"v".repeat(35)}`); // 40 bytes, no newline
    // Follow the bytes, not the clock: each 4-byte write is read by the server before the next is sent.
    for (let sent = 4; sent <= line.length && !client.ended && !client.closed; sent += 4) {
      await client.write(line.subarray(sent - 4, sent));
      await readAtLeast(say`the server to read ${sent} bytes from ${client.label}, or to end the connection`, end, sent);
    }
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got for 40 bytes without a newline, 4 per write (maximum 32)`).toBe("ERR line too long\n");
  });

  it("applies maxLineBytes to each line, not to a write of many pipelined lines", async () => {
    const server = await lineServer({ maxLineBytes: 32 });
    const client = await openClient(server.port);
    await client.writeCoalesced(Array.from({ length: 10 }, () => "PING\n")); // 50 bytes in one write, each line 4
    await answers(client, 10);
    await client.write("PING\n"); // and the connection goes on
    expect(await answers(client, 11), say`${client.label}'s answers to 10 PINGs sent in one write of 50 bytes (maximum 32 per line), then one more PING`).toEqual(
      Array.from({ length: 11 }, () => "PONG"),
    );
  });

  it("keeps notes per connection: 5 clients at once, served last-opened first", async () => {
    const server = await lineServer();
    const clients = await openClients(5, server.port);
    for (const [i, client] of [...clients.entries()].reverse()) {
      await client.write(`${"NOTE n\n".repeat(i)}ECHO ${client.label}\nNOTES\n`);
    }
    for (const [i, client] of clients.entries()) {
      expect(await answers(client, 2), say`${client.label}'s answers after ${i} NOTEs`).toEqual([client.label, String(i)]);
    }
  });

  it("survives a client that resets in the middle of a request, and serves the next one", async () => {
    const server = await lineServer();
    const uncaught = watchUncaught();
    const rude = await openClient(server.port);
    await rude.write("PING\n");
    await answers(rude, 1); // the server surely holds this connection now
    await rude.write("ECHO never fini");
    await pause(20);
    rude.reset();
    await pause(20);
    const next = await openClient(server.port);
    await next.write("PING\n");
    expect(await answers(next, 1), say`${next.label}'s answer`).toEqual(["PONG"]);
    expect(uncaught().map(explain), say`errors the server let escape (a socket 'error' event with no listener)`).toEqual([]);
  });
});

describe("09-request-response: the host", () => {
  it("listens on 127.0.0.1 by default, not on every interface, and says so", async () => {
    await expectListeningOn("startLineServer()", "127.0.0.1", () => lineServer());
  });

  it("listens on the host it is given (::1), and answers there", async () => {
    const server = await expectListeningOn('startLineServer({ host: "::1" })', "::1", () => lineServer({ host: "::1" }));
    const client = await openClient(server.port, { host: "::1" });
    await client.write("PING\n");
    await client.receiveText("\n");
    expect(client.text, say`the answer ${client.label} got on ::1`).toBe("PONG\n");
  });

  it("rejects when it cannot listen on its host (a name that resolves to nothing), instead of an uncaught error", async () => {
    await expectUnusableHostRejected("startLineServer()", (host) => startLineServer({ host }));
  });
});
