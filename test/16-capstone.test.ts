import type { Socket } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { startKvServer } from "#kata/16-capstone";
import type { KvOptions, KvServer } from "#kata/16-capstone";
import type { RawClient } from "./support/index.ts";
import {
  closeOf,
  DEADLINE_MS,
  expectListeningOn,
  expectUnusableHostRejected,
  explain,
  handlesSince,
  markHandles,
  openAccepted,
  openClient,
  openClients,
  pause,
  probeConnect,
  readAtLeast,
  say,
  watchAccepted,
  watchUncaught,
  within,
} from "./support/index.ts";

/** startKvServer(), shut down when the test ends. */
async function kv(options?: KvOptions): Promise<KvServer> {
  const server = await within(say`startKvServer() to resolve`, options ? startKvServer(options) : startKvServer());
  onTestFinished(async () => {
    await within(say`shutdown({ deadlineMs: 100 }) at the end of the test`, server.shutdown({ deadlineMs: 100 }));
  });
  return server;
}

/** Send `requests` (one write) and wait for as many answer lines; return them. */
async function ask(client: RawClient, ...requests: string[]): Promise<string[]> {
  const before = client.text.split("\n").length - 1;
  await client.write(requests.map((r) => `${r}\n`).join(""));
  await client.until(say`receive ${requests.length} answer(s) to ${JSON.stringify(requests)}`, () => client.text.split("\n").length - 1 >= before + requests.length);
  return client.text.split("\n").slice(before, before + requests.length);
}

/** A client that keeps its side open when the server ends the connection (and still writes), once "SET a 1" was answered; and the server's end of it. */
async function halfOpenAfterSet(server: KvServer): Promise<{ late: RawClient; end: Socket }> {
  const serverEnd = watchAccepted();
  const late = await openClient(server.port, { allowHalfOpen: true });
  const end = await serverEnd(late);
  await ask(late, "SET a 1");
  return { late, end };
}

describe("16-capstone: the commands", () => {
  it("stores, reads and deletes a value", async () => {
    const server = await kv();
    const client = await openClient(server.port);
    expect(await ask(client, "GET colour"), say`GET of a key never set`).toEqual(["NOT_FOUND"]);
    expect(await ask(client, "SET colour deep blue"), say`SET with a value of two words`).toEqual(["OK"]);
    expect(await ask(client, "GET colour"), say`GET after SET`).toEqual(["VALUE deep blue"]);
    expect(await ask(client, "DEL colour", "DEL colour", "GET colour"), say`DEL twice, then GET`).toEqual(["DELETED", "NOT_FOUND", "NOT_FOUND"]);
  });

  it("answers errors and keeps the connection: unknown commands, missing arguments", async () => {
    const server = await kv();
    const client = await openClient(server.port);
    const answers = await ask(client, "FLY away", "GET", "SET lonely", "DEL a b", "SET k v");
    expect(answers, say`answers to four bad requests and one good one`).toEqual([
      'ERR unknown command "FLY"',
      "ERR usage: GET <key>",
      "ERR usage: SET <key> <value>",
      "ERR usage: DEL <key>",
      "OK",
    ]);
  });

  it("answers ERR usage to a SET without a key: a bare SET, or an empty key", async () => {
    const server = await kv();
    const client = await openClient(server.port);
    const answers = await ask(client, "SET", "SET  v", "GET v");
    expect(answers, say`answers to "SET", "SET  v" (an empty key) and "GET v"`).toEqual(["ERR usage: SET <key> <value>", "ERR usage: SET <key> <value>", "NOT_FOUND"]);
  });

  it("answers ERR usage to a GET with more than one word after it", async () => {
    const server = await kv();
    const client = await openClient(server.port);
    const answers = await ask(client, "SET a 1", "GET a b", "GET a");
    expect(answers, say`answers to "SET a 1", "GET a b" (a key is one word) and "GET a"`).toEqual(["OK", "ERR usage: GET <key>", "VALUE 1"]);
  });

  it("keeps a value as sent, spaces included: runs of spaces inside, spaces at either end", async () => {
    const server = await kv();
    const client = await openClient(server.port);
    const answers = await ask(client, "SET j a   b", "GET j", "SET k  v\t ", "GET k");
    expect(answers, say`answers to "SET j a   b", "GET j", "SET k  v\\t " and "GET k"`).toEqual(["OK", "VALUE a   b", "OK", "VALUE  v\t "]);
  });

  it("answers QUIT with BYE and ends the connection", async () => {
    const server = await kv();
    const client = await openClient(server.port);
    await client.write("SET a 1\nQUIT\nGET a\n");
    await client.receiveEnd();
    expect(client.text, say`everything ${client.label} got`).toBe("OK\nBYE\n");
  });

  it("takes no request after QUIT, even one that arrives later on the same connection", async () => {
    const server = await kv();
    const serverEnd = watchAccepted();
    // It keeps its side open when the server ends the connection, and still writes.
    const quitter = await openClient(server.port, { allowHalfOpen: true });
    const end = await serverEnd(quitter);
    await quitter.write("SET a 1\nQUIT\n");
    await quitter.receiveEnd();
    await quitter.write("SET a 2\n");
    await readAtLeast(say`the server to read the "SET a 2" ${quitter.label} sent after QUIT`, end, "SET a 1\nQUIT\nSET a 2\n".length);
    const other = await openClient(server.port);
    expect(await ask(other, "GET a"), say`${other.label}'s GET after ${quitter.label} sent "SET a 2" after its QUIT`).toEqual(["VALUE 1"]);
    expect(quitter.text, say`everything ${quitter.label} got`).toBe("OK\nBYE\n");
  });
});

describe("16-capstone: the byte stream", () => {
  it("answers requests split one byte at a time, CRLF included", async () => {
    const server = await kv();
    const client = await openClient(server.port);
    await client.writeBytewise("SET città Lisboa é\r\nGET città\r\n");
    await client.receiveText("VALUE Lisboa é\n");
    expect(client.text, say`what ${client.label} got`).toBe("OK\nVALUE Lisboa é\n");
  });

  it("answers 50 pipelined requests from one write, in order", async () => {
    const server = await kv();
    const client = await openClient(server.port);
    const requests = Array.from({ length: 25 }, (_, i) => [`SET k${i} v${i}`, `GET k${i}`]).flat();
    const answers = await ask(client, ...requests);
    expect(answers, say`the 50 answers`).toEqual(Array.from({ length: 25 }, (_, i) => ["OK", `VALUE v${i}`]).flat());
  });

  it("answers a request line of exactly maxLineBytes", async () => {
    const server = await kv({ maxLineBytes: 32 });
    const client = await openClient(server.port);
    const value = "x".repeat(32 - "SET k ".length);
    expect(await ask(client, `SET k ${value}`), say`the answer to a 32-byte SET (maximum 32)`).toEqual(["OK"]);
    expect(await ask(client, "GET k"), say`GET after it`).toEqual([`VALUE ${value}`]);
  });

  it("accepts a line of exactly maxLineBytes whose \\r and \\n arrive in separate writes", async () => {
    const server = await kv({ maxLineBytes: 32 });
    const serverEnd = watchAccepted();
    const client = await openClient(server.port);
    const end = await serverEnd(client);
    const line = `SET k ${"r".repeat(32 - "SET k ".length)}`;
    await client.write(`${line}\r`);
    // Follow the bytes: once the server's end counts the "\r", the server has had it without its "\n".
    await readAtLeast(say`the server to read a 32-byte line and its "\\r", without the "\\n"`, end, line.length + 1);
    await client.write("\n");
    await client.receiveText("\n");
    expect(client.text, say`what ${client.label} got for a 32-byte SET whose \\r\\n came in two writes (maximum 32)`).toBe("OK\n");
  });

  it("refuses an over-long line that arrives whole with its newline, with ERR, and closes", async () => {
    const server = await kv({ maxLineBytes: 32 });
    const client = await openClient(server.port);
    await client.write(`SET k ${"w".repeat(27)}\n`); // 33 bytes and its newline, in one write
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got for a 33-byte line (maximum 32)`).toBe("ERR line too long\n");
  });

  it("refuses an over-long line with ERR and closes, without waiting for its newline", async () => {
    const server = await kv({ maxLineBytes: 64 });
    const client = await openClient(server.port);
    await client.write(`SET big ${"z".repeat(100)}`);
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got for 108 bytes without a newline (maximum 64)`).toBe("ERR line too long\n");
  });

  // maxLineBytes + 1 bytes may wait (a full line and the "\r" of its "\r\n"; the test above shows it), one more may not.
  it("refuses a line without a newline as soon as more than maxLineBytes + 1 bytes wait", async () => {
    const server = await kv({ maxLineBytes: 10 });
    const client = await openClient(server.port);
    await client.write("GET 12345678"); // 12 bytes, no newline (maximum 10)
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got for 12 bytes without a newline (maximum 10)`).toBe("ERR line too long\n");
  });

  it("measures a line in bytes, not characters: multi-byte UTF-8 past maxLineBytes is refused", async () => {
    const server = await kv({ maxLineBytes: 10 });
    const client = await openClient(server.port);
    await client.write("GET éééééé\n"); // 10 characters, 16 bytes
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got for "GET éééééé": 10 characters, 16 bytes (maximum 10 bytes)`).toBe("ERR line too long\n");
  });
});

describe("16-capstone: many clients", () => {
  it("serves 20 clients at once with interleaved commands, one store for all of them", async () => {
    const server = await kv();
    const clients: RawClient[] = [];
    for (let i = 0; i < 20; i += 1) clients.push(await openClient(server.port));
    for (const [i, client] of [...clients.entries()].reverse()) await client.write(`SET key${i} from ${client.label}\n`);
    for (const client of clients) await client.receiveText("OK\n");
    for (const [i, client] of [...clients.entries()].reverse()) await client.write(`GET key${(i + 1) % 20}\n`);
    for (const [i, client] of clients.entries()) {
      const owner = clients[(i + 1) % 20]!;
      await client.receiveText(`VALUE from ${owner.label}\n`);
      expect(client.text, say`what ${client.label} got`).toBe(`OK\nVALUE from ${owner.label}\n`);
    }
  });

  it("keeps one store per server, not one per module", async () => {
    const one = await kv();
    const two = await kv();
    const a = await openClient(one.port);
    const b = await openClient(two.port);
    await ask(a, "SET shared no");
    expect(await ask(b, "GET shared"), say`GET on the second server of a key set on the first`).toEqual(["NOT_FOUND"]);
  });

  it("survives a client that resets mid-request and serves the others", async () => {
    const server = await kv();
    const uncaught = watchUncaught();
    const rude = await openClient(server.port);
    const other = await openClient(server.port);
    await ask(rude, "SET x 1");
    await rude.write("GET x");
    await pause(20);
    rude.reset();
    expect(await ask(other, "GET x"), say`${other.label}'s GET after the reset`).toEqual(["VALUE 1"]);
    expect(uncaught().map(explain), say`errors the server let escape (a socket 'error' event with no listener)`).toEqual([]);
  });

  it("closes a connection that stays silent past idleMs", async () => {
    // 400 ms: the talker talks led by the answers, never silent for more than a round trip and 10 ms,
    // so only a stall of the whole process of some 400 ms could cut it off.
    const idleMs = 400;
    const server = await kv({ idleMs });
    const since = performance.now();
    const talker = await openClient(server.port);
    const silent = await openClient(server.port);
    const silentGone = () => silent.ended || silent.closed;
    const asked = await talker.talkUntil(() => silentGone() || performance.now() - since > DEADLINE_MS, "GET any\n", "NOT_FOUND\n");
    expect(silentGone(), say`${silent.label} should be closed after ${idleMs} ms of silence; it was still open after ${Math.round(performance.now() - since)} ms`).toBe(true);
    expect(silent.text, say`what ${silent.label} (silent) got`).toBe("ERR idle timeout\n");
    expect(talker.text, say`what ${talker.label} (asking GET ${asked} times meanwhile) got`).toBe("NOT_FOUND\n".repeat(asked));
    expect(talker.ended || talker.closed, say`${talker.label} (talking) should still be connected\n${talker.transcript()}`).toBe(false);
  });

  it("destroys a timed-out connection whose client ignores the server's end, once it stays silent another idleMs", async () => {
    const idleMs = 150;
    const server = await kv({ idleMs });
    const serverEnd = watchAccepted();
    // It keeps its side open when the server ends the connection, and never closes it.
    const deaf = await openClient(server.port, { allowHalfOpen: true });
    const end = await serverEnd(deaf);
    await deaf.receiveEnd();
    expect(deaf.text, say`what ${deaf.label} (silent) got`).toBe("ERR idle timeout\n");
    await closeOf(say`the server to destroy its end of ${deaf.label}, which got ERR idle timeout and the server's FIN and never closed its side (idleMs ${idleMs})`, end);
  });

  // 1000 ms: the client sends a byte every 25 ms or so, so only a stall of the whole process of some 1000 ms could cut it off.
  it("restarts the idle clock on every byte, not only on whole lines: a client that sends a line slowly stays", async () => {
    const idleMs = 1_000;
    const server = await kv({ idleMs });
    const client = await openClient(server.port);
    const line = `SET slow ${"s".repeat(51)}`; // 60 bytes, one every 25 ms: some 1500 ms in all
    await client.writeBytewise(line, 25);
    expect(client.ended || client.closed, say`${client.label}, which sent a byte every 25 ms for longer than idleMs (${idleMs}), should still be connected\n${client.transcript()}`).toBe(false);
    expect(await ask(client, ""), say`the answer to the slowly sent line, once its newline came`).toEqual(["OK"]);
  });

  it("counts the clients connected right now: up as they connect, down as they leave, by FIN or by reset", async () => {
    const server = await kv();
    expect(server.connected(), say`connected() before any client`).toBe(0);
    const serverEnd = watchAccepted();
    const [leaving, rude, staying] = await openClients(3, server.port);
    const ends: Socket[] = [];
    for (const client of [leaving!, rude!, staying!]) ends.push(await serverEnd(client));
    expect(server.connected(), say`connected() once the server accepted 3 clients`).toBe(3);
    // Listen for the closes before they can happen: the count drops by the server's 'close' events.
    const gone = Promise.all([
      closeOf(say`the server's end of ${leaving!.label} to close after its FIN`, ends[0]!),
      closeOf(say`the server's end of ${rude!.label} to close after its reset`, ends[1]!),
    ]);
    leaving!.end();
    rude!.reset();
    await gone;
    expect(server.connected(), say`connected() once ${leaving!.label} ended and ${rude!.label} reset`).toBe(1);
  });
});

describe("16-capstone: shutdown while clients are active", () => {
  it("stops accepting, answers what it was sent, ends every connection, and reports", async () => {
    const server = await kv();
    const idle = await openAccepted(server.port);
    const busy = await openClient(server.port);
    await ask(busy, "SET a 1");
    await busy.write("GET a\nGET a\n");
    await busy.receiveText("VALUE 1\nVALUE 1\n");
    const stopping = server.shutdown({ deadlineMs: 1_000 });
    expect(await probeConnect(server.port), say`a new connection once shutdown() began`).toBe("ECONNREFUSED");
    await idle.receiveEnd();
    await busy.receiveEnd();
    expect(busy.text, say`everything ${busy.label} got`).toBe("OK\nVALUE 1\nVALUE 1\n");
    expect(await within(say`shutdown() to resolve`, stopping), say`the report`).toEqual({ closed: 2, forced: 0 });
  });

  it("destroys a client that never reads its end at the deadline, and leaves no timer", async () => {
    const server = await kv();
    const deaf = await openClient(server.port);
    await ask(deaf, `SET k ${"v".repeat(1000)}`);
    deaf.socket.pause(); // it never reads again
    // 5000 requests for 1000 bytes each: 5 MB of answers it will never read, queued before its end.
    await deaf.write("GET k\n".repeat(5000));
    await pause(50);
    const normal = await openAccepted(server.port);
    const mark = markHandles();
    const report = await within(say`shutdown({ deadlineMs: 150 }) with a client that never reads`, server.shutdown({ deadlineMs: 150 }));
    await normal.receiveEnd();
    expect(report, say`the report`).toEqual({ closed: 1, forced: 1 });
    await pause(5);
    expect(handlesSince(mark), say`what is still pending after shutdown() resolved`).toEqual([]);
  });

  it("takes no request after shutdown began: a client that keeps its side open and still sends is not answered, and is forced at the deadline", async () => {
    const server = await kv();
    const { late, end } = await halfOpenAfterSet(server);
    const stopping = server.shutdown({ deadlineMs: 1_000 });
    await late.receiveEnd();
    await late.write("SET a 2\nGET a\n");
    await readAtLeast(say`the server to read the requests ${late.label} sent after shutdown began`, end, "SET a 1\nSET a 2\nGET a\n".length);
    const report = await within(say`shutdown({ deadlineMs: 1000 }) to resolve`, stopping);
    expect(late.text, say`everything ${late.label} got`).toBe("OK\n");
    expect(report, say`the report (${late.label} never closed its side: open until the deadline, its late requests unanswered)`).toEqual({ closed: 0, forced: 1 });
  });

  // idleMs 800, deadline 2500: a clock still running ends the client some 800 ms after its answer, long before the deadline;
  // only a stall of the whole process of some 800 ms between the answer and shutdown() could let the clock run out first.
  it("stops the idle clocks when shutdown begins: a client that keeps its side open stays until the deadline and counts as forced", { timeout: 10_000 }, async () => {
    const server = await kv({ idleMs: 800 });
    const { late, end } = await halfOpenAfterSet(server);
    const stopping = server.shutdown({ deadlineMs: 2_500 });
    await late.receiveEnd();
    const report = await within(say`shutdown({ deadlineMs: 2500 }) to resolve`, stopping, 6_000);
    expect(late.text, say`everything ${late.label} got`).toBe("OK\n");
    expect(end.destroyed, say`the server's end of ${late.label} destroyed once shutdown() resolved`).toBe(true);
    expect(report, say`the report (${late.label} never closed its side, and idleMs 800 is no reason to end it once shutdown began: open until the deadline)`).toEqual({ closed: 0, forced: 1 });
  });

  it("leaves no timer behind when every connection closed before the deadline", async () => {
    const server = await kv();
    const client = await openClient(server.port);
    await ask(client, "GET k");
    const mark = markHandles();
    await within(say`shutdown() to resolve`, server.shutdown({ deadlineMs: 2_000 }));
    await pause(5);
    expect(handlesSince(mark), say`what is still pending after shutdown() resolved (the deadline timer must be cleared)`).toEqual([]);
  });

  it("is safe to call twice", async () => {
    const server = await kv();
    await openAccepted(server.port);
    const [one, two] = await within(say`two shutdown() calls`, Promise.all([server.shutdown({ deadlineMs: 200 }), server.shutdown({ deadlineMs: 200 })]));
    expect(two, say`the second call's report`).toEqual(one);
  });
});

describe("16-capstone: the host", () => {
  it("listens on 127.0.0.1 by default, not on every interface, and says so", async () => {
    await expectListeningOn("startKvServer()", "127.0.0.1", () => kv());
  });

  it("listens on the host it is given (::1), and answers there", async () => {
    const server = await expectListeningOn('startKvServer({ host: "::1" })', "::1", () => kv({ host: "::1" }));
    const client = await openClient(server.port, { host: "::1" });
    expect(await ask(client, "SET here ::1", "GET here"), say`the answers ${client.label} got on ::1`).toEqual(["OK", "VALUE ::1"]);
  });

  it("rejects when it cannot listen on its host (a name that resolves to nothing), instead of an uncaught error", async () => {
    await expectUnusableHostRejected("startKvServer()", (host) => startKvServer({ host }));
  });
});
