import { describe, expect, it, onTestFinished } from "vitest";
import { startWorkServer } from "#kata/15-graceful-shutdown";
import type { ShutdownReport, WorkServer } from "#kata/15-graceful-shutdown";
import type net from "node:net";
import type { RawClient } from "./support/index.ts";
import {
  closeOf,
  expectListeningOn,
  expectUnusableHostRejected,
  explain,
  handlesSince,
  markHandles,
  openAccepted,
  openClient,
  pause,
  probeConnect,
  readAtLeast,
  say,
  show,
  watchAccepted,
  watchUncaught,
  within,
} from "./support/index.ts";

/**
 * A work server whose handler the test controls: "PING" answers "PONG" at
 * once; "ECHO <text>" answers the text; "WAIT <name>" answers "<name> done"
 * when the test calls release(name); "HANG" never answers; "THROW <text>"
 * throws Error(text) synchronously; anything else rejects. Shut down when
 * the test ends.
 */
async function workServer() {
  const gates = new Map<string, () => void>();
  const started: string[] = [];
  const handle = (request: string): Promise<string> => {
    if (request.startsWith("THROW ")) {
      started.push(request);
      throw new Error(request.slice("THROW ".length)); // thrown, not a rejected promise
    }
    return handleAsync(request);
  };
  const handleAsync = async (request: string): Promise<string> => {
    started.push(request);
    const [command = "", name = ""] = request.split(" ");
    if (command === "PING") return "PONG";
    if (command === "ECHO") return request.slice("ECHO ".length);
    if (command === "WAIT") {
      await new Promise<void>((resolve) => gates.set(name, resolve));
      return `${name} done`;
    }
    if (command === "HANG") return new Promise<string>(() => undefined);
    throw new Error(`unknown request ${JSON.stringify(request)}`);
  };
  const server: WorkServer = await within(say`startWorkServer() to resolve`, startWorkServer({ handle }));
  onTestFinished(async () => {
    await within(say`shutdown({ deadlineMs: 100 }) at the end of the test`, server.shutdown({ deadlineMs: 100 }));
  });
  /** Let the request WAIT <name> finish. */
  const release = (name: string) => {
    const open = gates.get(name);
    if (open === undefined) expect.fail(say`the handler never started "WAIT ${name}"`);
    open();
  };
  /** Wait until the handler has started `request`. */
  const handling = (request: string) =>
    within(say`the server to start handling "${request}"`, (async () => {
      while (!started.includes(request)) await pause(2);
    })());
  return { server, release, handling, started };
}

/** A client that has sent a request the server is now handling. */
async function busyClient(port: number, handling: (r: string) => Promise<unknown>, request: string): Promise<RawClient> {
  const client = await openClient(port);
  await client.write(`${request}\n`);
  await handling(request);
  return client;
}

describe("15-graceful-shutdown: serving", () => {
  it("answers each request line, pipelined ones in order", async () => {
    const { server } = await workServer();
    const client = await openClient(server.port);
    await client.write("PING\r\nPING\n");
    await client.receiveText("PONG\nPONG\n");
    expect(client.text, say`what ${client.label} got`).toBe("PONG\nPONG\n");
  });

  it("answers ERR <message> when the handler throws, and goes on serving that connection", async () => {
    const { server } = await workServer();
    const client = await openClient(server.port);
    await client.write("FLY\nPING\n");
    await client.receiveText("PONG\n");
    expect(client.text, say`what ${client.label} got for a request the handler throws on, then PING`).toBe('ERR unknown request "FLY"\nPONG\n');
  });
});


describe("15-graceful-shutdown: reading requests", () => {
  it("answers ERR <message> when the handler throws synchronously, not only when it rejects", async () => {
    const { server } = await workServer();
    const client = await openClient(server.port);
    await client.write("THROW at once\nPING\n");
    await client.receiveText("PONG\n");
    expect(client.text, say`what ${client.label} got for a request the handler throws on synchronously, then PING`).toBe("ERR at once\nPONG\n");
  });

  it("reads requests as UTF-8 text: a character split across two chunks stays whole", async () => {
    const { server } = await workServer();
    const serverEnd = watchAccepted();
    const client = await openClient(server.port);
    const end = await serverEnd(client);
    const request = Buffer.from("ECHO olá\n");
    const cut = request.indexOf(Buffer.from("á")) + 1; // between the two bytes of "á"
    await client.write(request.subarray(0, cut));
    await readAtLeast(say`the server to read the first ${cut} bytes of "ECHO olá", up to the middle of "á"`, end, cut);
    await client.write(request.subarray(cut));
    await client.receiveText("\n");
    expect(client.text, say`what ${client.label} got for "ECHO olá" split in the middle of "á"`).toBe("olá\n");
  });

  it("keeps each connection's partial line its own when two clients' writes interleave", async () => {
    const { server } = await workServer();
    const serverEnd = watchAccepted();
    const [first, second] = [await openClient(server.port), await openClient(server.port)];
    const ends = [await serverEnd(first), await serverEnd(second)];
    // Follow the bytes, not the clock: each part is read by the server before the next is sent.
    const parts: [RawClient, number, string][] = [[first, 0, "ECHO fir"], [second, 1, "ECHO sec"], [first, 0, "st\n"], [second, 1, "ond\n"]];
    const sent = [0, 0];
    for (const [client, i, part] of parts) {
      await client.write(part);
      sent[i] = (sent[i] ?? 0) + part.length;
      await readAtLeast(say`the server to read ${show(part)} from ${client.label}`, ends[i] as net.Socket, sent[i] ?? 0);
    }
    await first.receiveText("\n");
    await second.receiveText("\n");
    expect([first.text, second.text], say`what ${first.label} and ${second.label} got for "ECHO first" and "ECHO second", their parts interleaved`).toEqual(["first\n", "second\n"]);
  });
});

describe("15-graceful-shutdown: resets", () => {
  it("survives a client that resets while its request is in flight, and serves the next one", async () => {
    const { server, release, handling } = await workServer();
    const uncaught = watchUncaught();
    const rude = await busyClient(server.port, handling, "WAIT abandoned");
    rude.reset();
    await pause(20);
    release("abandoned"); // its answer now goes to a socket that is gone
    await pause(20);
    const next = await openClient(server.port);
    await next.write("PING\n");
    await next.receiveText("PONG\n");
    expect(uncaught().map(explain), say`errors the server let escape (a socket 'error' event with no listener)`).toEqual([]);
  });
});

describe("15-graceful-shutdown: shutdown({ deadlineMs })", () => {
  it("refuses new connections as soon as shutdown begins", async () => {
    const { server, handling } = await workServer();
    const busy = await busyClient(server.port, handling, "WAIT slow");
    const stopping = server.shutdown({ deadlineMs: 500 });
    expect(await probeConnect(server.port), say`a new connection once shutdown() began`).toBe("ECONNREFUSED");
    await within(say`shutdown({ deadlineMs: 500 }) to resolve: "WAIT slow" is never released, so only the deadline can end its connection`, stopping);
    await busy.receiveEnd();
  });

  it("lets an in-flight request finish, answers it, then ends that connection", async () => {
    const { server, release, handling } = await workServer();
    const busy = await busyClient(server.port, handling, "WAIT job");
    // A deadline far beyond receiveEnd()'s wait: the server must end the connection after the answer, not at the deadline.
    const stopping = server.shutdown({ deadlineMs: 30_000 });
    await pause(30);
    expect(busy.ended || busy.closed, say`${busy.label}'s connection while its request is in flight\n${busy.transcript()}`).toBe(false);
    release("job");
    await busy.receiveEnd();
    expect(busy.text, say`what ${busy.label} got`).toBe("job done\n");
    const report = await within(say`shutdown() to resolve`, stopping);
    expect(report, say`the report`).toEqual({ completed: 1, closedIdle: 0, forced: 0 } satisfies ShutdownReport);
  });

  it("ends idle connections at once (server.close() alone would wait for them forever)", async () => {
    const { server } = await workServer();
    const idle = await openAccepted(server.port);
    const report = await within(
      say`shutdown() to resolve with an idle client connected (server.close() only stops accepting; it waits for open connections)`,
      server.shutdown({ deadlineMs: 2_000 }),
    );
    await idle.receiveEnd();
    expect(report, say`the report`).toEqual({ completed: 0, closedIdle: 1, forced: 0 } satisfies ShutdownReport);
  });

  it("destroys what is still open at the deadline, within a small margin, and says so", async () => {
    const { server, handling } = await workServer();
    const stuck = await busyClient(server.port, handling, "HANG");
    const since = performance.now();
    const report = await within(say`shutdown({ deadlineMs: 100 }) with a request that never finishes`, server.shutdown({ deadlineMs: 100 }));
    const took = performance.now() - since;
    await stuck.receiveEnd();
    expect(report, say`the report`).toEqual({ completed: 0, closedIdle: 0, forced: 1 } satisfies ShutdownReport);
    expect(took, say`ms shutdown() took with deadlineMs 100`).toBeGreaterThanOrEqual(95);
    expect(took, say`ms shutdown() took with deadlineMs 100 (a margin of 900 ms, for a busy machine)`).toBeLessThan(1_000);
  });

  it("reports each kind at once: one completed, one idle, one forced", async () => {
    const { server, release, handling } = await workServer();
    const idle = await openAccepted(server.port);
    const busy = await busyClient(server.port, handling, "WAIT a");
    const stuck = await busyClient(server.port, handling, "HANG");
    const stopping = server.shutdown({ deadlineMs: 300 });
    await idle.receiveEnd();
    release("a");
    await busy.receiveEnd();
    expect(busy.text, say`what ${busy.label} got`).toBe("a done\n");
    const report = await within(say`shutdown() to resolve`, stopping);
    await stuck.receiveEnd();
    expect(report, say`the report`).toEqual({ completed: 1, closedIdle: 1, forced: 1 } satisfies ShutdownReport);
  });

  it("does not start requests that arrive after shutdown began", async () => {
    const { server, release, handling, started } = await workServer();
    const busy = await busyClient(server.port, handling, "WAIT first");
    const stopping = server.shutdown({ deadlineMs: 2_000 });
    await busy.write("PING\n");
    await pause(20);
    release("first");
    await busy.receiveEnd();
    await within(say`shutdown() to resolve`, stopping);
    expect(started, say`the requests the handler was given`).toEqual(["WAIT first"]);
    expect(busy.text, say`what ${busy.label} got`).toBe("first done\n");
  });

  it("is safe to call twice: both calls resolve with the same report", async () => {
    const { server } = await workServer();
    await openAccepted(server.port);
    const [one, two] = await within(
      say`two shutdown() calls to resolve`,
      Promise.all([server.shutdown({ deadlineMs: 200 }), server.shutdown({ deadlineMs: 200 })]),
    );
    expect(two, say`the second call's report`).toEqual(one);
    expect(one, say`the report`).toEqual({ completed: 0, closedIdle: 1, forced: 0 } satisfies ShutdownReport);
  });

  it("returns the same promise when shutdown() is called a second time", async () => {
    const { server } = await workServer();
    const first = server.shutdown({ deadlineMs: 200 });
    const second = server.shutdown({ deadlineMs: 200 });
    expect(second === first, say`whether the second shutdown() call returned the very promise of the first`).toBe(true);
    await within(say`shutdown() to resolve`, first);
  });

  it("refuses new connections and keeps its deadline while an idle client never closes its side", async () => {
    const { server } = await workServer();
    const serverEnd = watchAccepted();
    // allowHalfOpen: when the server ends the connection, this client does not end its own side.
    const idle = await openClient(server.port, { allowHalfOpen: true });
    await serverEnd(idle);
    const since = performance.now();
    const stopping = server.shutdown({ deadlineMs: 300 });
    expect(await probeConnect(server.port), say`a new connection once shutdown() began, with an idle client that keeps its side open`).toBe("ECONNREFUSED");
    await idle.receiveEnd();
    await within(say`shutdown({ deadlineMs: 300 }) to resolve: the idle client never closes its side, so only the deadline can end its connection`, stopping);
    const took = performance.now() - since;
    expect(took, say`ms shutdown() took with deadlineMs 300 and an idle client that never closes its side (a margin of 900 ms, for a busy machine)`).toBeLessThan(1_200);
  });

  it("counts each connection once when its clients keep their side open: answered is completed and idle is closedIdle, not also forced", async () => {
    const { server, release, handling } = await workServer();
    const serverEnd = watchAccepted();
    // allowHalfOpen: when the server ends a connection, these clients do not end their own side, as nc does until Ctrl-D.
    const idle = await openClient(server.port, { allowHalfOpen: true });
    await serverEnd(idle);
    const busy = await openClient(server.port, { allowHalfOpen: true });
    await busy.write("WAIT job\n");
    await handling("WAIT job");
    const stopping = server.shutdown({ deadlineMs: 300 });
    await idle.receiveEnd();
    release("job");
    await busy.receiveEnd();
    expect(busy.text, say`what ${busy.label} got`).toBe("job done\n");
    const report = await within(say`shutdown({ deadlineMs: 300 }) to resolve: the clients never close their side, so only the deadline can end their connections`, stopping);
    expect(report, say`the report (each connection counted once: the deadline destroys two connections already ended and counted, and cuts no request short)`).toEqual({ completed: 1, closedIdle: 1, forced: 0 } satisfies ShutdownReport);
  });

  it("reports only the connections open when it began: a client that came and left before is in no count", async () => {
    const { server } = await workServer();
    const serverEnd = watchAccepted();
    const gone = await openClient(server.port);
    const end = await serverEnd(gone);
    gone.destroy();
    await closeOf(say`the server's end of ${gone.label} to close: that client left before shutdown() began`, end);
    await openAccepted(server.port);
    const report = await within(say`shutdown() to resolve`, server.shutdown({ deadlineMs: 2_000 }));
    expect(report, say`the report (one idle client; the one that left before shutdown() began is not counted)`).toEqual({ completed: 0, closedIdle: 1, forced: 0 } satisfies ShutdownReport);
  });

  it("leaves no timer behind when everything closed before the deadline", async () => {
    const { server } = await workServer();
    await openAccepted(server.port);
    const mark = markHandles();
    await within(say`shutdown() to resolve`, server.shutdown({ deadlineMs: 2_000 }));
    await pause(5);
    expect(handlesSince(mark), say`what is still pending after shutdown() resolved (the deadline timer must be cleared)`).toEqual([]);
  });
});

describe("15-graceful-shutdown: the host", () => {
  /** startWorkServer() with a PING handler, shut down when the test ends. */
  const pingServer = async (host?: string): Promise<WorkServer> => {
    const handle = (request: string) => (request === "PING" ? "PONG" : `? ${request}`);
    const server = await within(say`startWorkServer() to resolve`, startWorkServer(host === undefined ? { handle } : { handle, host }));
    onTestFinished(async () => {
      await within(say`shutdown({ deadlineMs: 100 }) at the end of the test`, server.shutdown({ deadlineMs: 100 }));
    });
    return server;
  };

  it("listens on 127.0.0.1 by default, not on every interface, and says so", async () => {
    await expectListeningOn("startWorkServer()", "127.0.0.1", () => pingServer());
  });

  it("listens on the host it is given (::1), and answers there", async () => {
    const server = await expectListeningOn('startWorkServer({ host: "::1" })', "::1", () => pingServer("::1"));
    const client = await openClient(server.port, { host: "::1" });
    await client.write("PING\n");
    await client.receiveText("\n");
    expect(client.text, say`the answer ${client.label} got on ::1`).toBe("PONG\n");
  });

  it("rejects when it cannot listen on its host (a name that resolves to nothing), instead of an uncaught error", async () => {
    await expectUnusableHostRejected("startWorkServer()", (host) => startWorkServer({ host, handle: () => "PONG" }));
  });
});

describe("15-graceful-shutdown: one connection's requests", () => {
  it("keeps the connection open for the next request after answering one", async () => {
    const { server } = await workServer();
    const client = await openClient(server.port);
    await client.write("PING\n");
    await client.receiveText("PONG\n");
    await client.write("PING\n");
    await client.receiveText("PONG\nPONG\n");
    expect(client.text, say`what ${client.label} got for two requests sent one after the other`).toBe("PONG\nPONG\n");
  });

  it("puts together a request that arrives one byte at a time", async () => {
    const { server } = await workServer();
    const client = await openClient(server.port);
    await client.writeBytewise("PING\r\n");
    await client.receiveText("PONG\n");
    expect(client.text, say`what ${client.label} got for "PING\\r\\n" sent one byte per write`).toBe("PONG\n");
  });

  it("queues a request that arrives while another is in flight: each handled once, answered in order", async () => {
    const { server, release, handling, started } = await workServer();
    const serverEnd = watchAccepted();
    const client = await busyClient(server.port, handling, "WAIT first");
    const end = await serverEnd(client);
    await client.write("PING\n");
    // Follow the bytes, not the clock: the server has read the PING once its end counts them.
    const sent = "WAIT first\nPING\n".length;
    await readAtLeast(say`the server to read the PING sent while "WAIT first" is in flight`, end, sent);
    release("first");
    await client.receiveText("first done\nPONG\n");
    expect(client.text, say`what ${client.label} got`).toBe("first done\nPONG\n");
    expect(started, say`the requests the handler was called with, in order (a second worker would start one twice, or PING early)`).toEqual(["WAIT first", "PING"]);
  });

  it("hands none of a client's queued requests to the handler once that client has reset", async () => {
    const { server, release, handling, started } = await workServer();
    const serverEnd = watchAccepted();
    const rude = await openClient(server.port);
    const end = await serverEnd(rude);
    await rude.write("WAIT gone\nWAIT never\n");
    await handling("WAIT gone");
    rude.reset();
    // Its 'error' (ECONNRESET) is the server's to handle: wait for the close alone.
    await closeOf(say`the server's end of ${rude.label} to close after the reset`, end);
    release("gone");
    // A round trip on another connection: by its answer, a queued request would have started.
    const next = await openClient(server.port);
    await next.write("PING\n");
    await next.receiveText("PONG\n");
    expect(started, say`the requests the handler was called with ("WAIT never" was queued by a client that reset)`).toEqual(["WAIT gone", "PING"]);
  });

  it("answers the requests a busy connection had already sent when shutdown began, then ends it", async () => {
    const { server, release, handling } = await workServer();
    const client = await openClient(server.port);
    await client.write("WAIT first\nPING\n");
    await handling("WAIT first");
    const stopping = server.shutdown({ deadlineMs: 2_000 });
    release("first");
    await client.receiveEnd();
    expect(client.text, say`what ${client.label} got: both requests it sent before shutdown began`).toBe("first done\nPONG\n");
    expect(await within(say`shutdown() to resolve`, stopping), say`the report`).toEqual({ completed: 1, closedIdle: 0, forced: 0 } satisfies ShutdownReport);
  });
});
