import { pbkdf2, randomBytes } from "node:crypto";
import { existsSync, linkSync, lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError, listenUnix } from "#kata/10-unix-socket";
import type { UnixEchoServer } from "#kata/10-unix-socket";
import {
  bytesDifference,
  echoAfterEarlyEnd,
  errorCode,
  expectCloseWaitsFor,
  needsFullBacklogEagain,
  needsSocketFiles,
  openClient,
  openClients,
  preparing,
  rejectionOf,
  say,
  tempSocketPath,
  within,
} from "./support/index.ts";

const pbkdf2Async = promisify(pbkdf2);

/** listenUnix(path), closed when the test ends. */
async function serve(path: string, then: (server: UnixEchoServer) => UnixEchoServer = (server) => server): Promise<UnixEchoServer> {
  const server = await within(say`listenUnix(${JSON.stringify(path)}) to resolve`, listenUnix(path).then(then));
  onTestFinished(() => within(say`close() to resolve`, server.close()));
  return server;
}

/** listenUnix(path), with `then` run the moment it resolves; closed when the test ends. */
async function serveThen(path: string, then: () => void): Promise<UnixEchoServer> {
  return serve(path, (server) => {
    then();
    return server;
  });
}

/** A server of the test's own on `path`, closed when the test ends. */
async function liveServer(path: string): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on("error", () => undefined); // a probe may connect and drop at once
    socket.end("live\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => resolve());
  });
  onTestFinished(() => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())));
  return server;
}

/**
 * A stale socket file at `path`: a real socket file nobody listens on, as a
 * crashed server leaves behind. (We bind a server elsewhere, hard-link its
 * socket file to `path`, and close the server: the link stays.)
 */
async function staleSocket(path: string): Promise<void> {
  const other = join(dirname(path), "other.sock");
  const server = await liveServer(other);
  linkSync(other, path);
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * A live server on `path` that is not accepting yet: a worker thread listens
 * (backlog 1), then blocks until the test ends, so connections only queue.
 * We queue clients until the backlog is full: the next connect() gets EAGAIN,
 * not ECONNREFUSED. Everything is let go and closed when the test ends.
 */
async function busyServer(path: string): Promise<void> {
  const gate = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { workerData, parentPort } = require("node:worker_threads");
    require("node:net").createServer().listen({ path: workerData.path, backlog: 1 }, () => {
      parentPort.postMessage("listening");
      Atomics.wait(workerData.gate, 0, 0);
    });`,
    { eval: true, workerData: { path, gate } },
  );
  onTestFinished(async () => {
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    await worker.terminate();
  });
  await preparing(say`a busy test server to listen on ${path}`, new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  }));
  for (let queued = 0; queued < 16; queued += 1) {
    const answer = await openClient({ path }, { preparing: true }).then(
      () => "queued",
      (err: Error) => errorCode(err.cause),
    );
    if (answer === "EAGAIN") return;
  }
  expect.fail(say`test setup: the busy server's backlog never filled (16 connections queued)`);
}

/** A path in a fresh temp dir that is exactly `bytes` bytes long, made of `fill`. */
function pathOfBytes(bytes: number, fill = "s"): string {
  const dir = dirname(tempSocketPath());
  const room = bytes - Buffer.byteLength(`${dir}/`);
  const unit = Buffer.byteLength(fill);
  const name = fill.repeat(Math.floor(room / unit)) + "x".repeat(room % unit);
  return join(dir, name);
}

describe("10-unix-socket: serving on a path", () => {
  it("serves an echo on the socket path", async () => {
    const path = tempSocketPath("echo.sock");
    await serve(path);
    const client = await openClient({ path });
    await client.write("hello over a path\n");
    await client.receiveText("hello over a path\n");
  });

  it("creates a socket file at the path while it listens", async (context) => {
    needsSocketFiles(context);
    const path = tempSocketPath();
    await serve(path);
    expect(existsSync(path) && statSync(path).isSocket(), say`${path} should be a socket file`).toBe(true);
  });

  it("makes the socket owner-only (0600), not world-writable", async (context) => {
    needsSocketFiles(context);
    const path = tempSocketPath();
    await serve(path);
    const mode = (statSync(path).mode & 0o777).toString(8).padStart(3, "0");
    expect(mode, say`the permissions of ${path} (600, as the README asks: on Linux connect() needs write permission on the socket file, so a w for group or others lets other users in; chmod it)`).toBe("600");
  });

  it("has made the socket owner-only (0600) by the time listenUnix() resolves, not a moment later", async (context) => {
    needsSocketFiles(context);
    const path = tempSocketPath();
    // Keep the thread pool busy, so a chmod() left running in the background is still waiting when listenUnix() resolves.
    const busy = Array.from({ length: 16 }, () => pbkdf2Async("kata", "salt", 20_000, 32, "sha256"));
    onTestFinished(() => Promise.all(busy).then(() => undefined));
    let mode = "";
    await serveThen(path, () => {
      mode = (statSync(path).mode & 0o777).toString(8).padStart(3, "0");
    });
    expect(mode, say`the permissions of ${path} as listenUnix() resolved (await the chmod before resolving)`).toBe("600");
  });

  it("resolves close() only once a client that is still connected has gone", async () => {
    const path = tempSocketPath();
    const server = await within(say`listenUnix() to resolve`, listenUnix(path));
    const client = await openClient({ path });
    // A first echo: the server has accepted this client before close() is called.
    await client.write("first\n");
    await client.receiveText("first\n");
    await expectCloseWaitsFor(server, client, () => client.write("still here\n").then(() => client.receiveText("still here\n")));
  });

  it("echoes all 8 MiB to a client that ends at once and reads only later (the end waits for the echo still queued)", async () => {
    const path = tempSocketPath();
    await serve(path);
    const payload = randomBytes(8 * 1024 * 1024);
    const { client, received } = await echoAfterEarlyEnd({ path }, payload);
    if (bytesDifference(received, payload) !== undefined) expect.fail(say`the echo ${client.label} got before the server's end: ${bytesDifference(received, payload)}`);
  });

  it("removes the socket file on close() (leaving it is the mistake)", async (context) => {
    needsSocketFiles(context);
    const path = tempSocketPath();
    const server = await within(say`listenUnix() to resolve`, listenUnix(path));
    await within(say`close() to resolve`, server.close());
    expect(existsSync(path), say`${path} should be gone after close()`).toBe(false);
  });

  it("serves several clients at once, each its own echo", async () => {
    const path = tempSocketPath();
    await serve(path);
    const clients = await openClients(5, { path });
    for (const client of [...clients].reverse()) await client.write(`I am ${client.label}\n`);
    for (const client of clients) {
      await client.receiveText(`I am ${client.label}\n`);
      expect(client.text, say`${client.label} should get back only its own bytes`).toBe(`I am ${client.label}\n`);
    }
  });

  it("survives a client that resets, and serves the next one", async () => {
    const path = tempSocketPath();
    await serve(path);
    const rude = await openClient({ path });
    await rude.write("first\n");
    await rude.receiveText("first\n"); // the server surely holds this connection now
    await rude.write("half a messa");
    rude.reset();
    const next = await openClient({ path });
    await next.write("still there?\n");
    await next.receiveText("still there?\n");
  });
});

describe("10-unix-socket: what is already at the path", () => {
  it("replaces a stale socket file that nobody listens on", async (context) => {
    needsSocketFiles(context);
    const path = tempSocketPath();
    await staleSocket(path);
    await serve(path);
    const client = await openClient({ path });
    await client.write("fresh\n");
    await client.receiveText("fresh\n");
  });

  it("refuses a live server's path with EADDRINUSE and leaves its socket alone", async (context) => {
    needsSocketFiles(context);
    const path = tempSocketPath();
    await liveServer(path);
    await rejectionOf(say`listenUnix() on a live server's path`, listenUnix(path), "EADDRINUSE");
    expect(existsSync(path), say`the live server's socket file should still be there`).toBe(true);
    const client = await openClient({ path });
    await client.receiveText("live\n");
  });

  it("refuses the path of a live server that is busy (its backlog full, connect() says EAGAIN): only ECONNREFUSED means stale", async (context) => {
    needsSocketFiles(context);
    needsFullBacklogEagain(context);
    const path = tempSocketPath();
    await busyServer(path);
    await rejectionOf(say`listenUnix() on the path of a live server whose backlog is full`, listenUnix(path), "EADDRINUSE");
    expect(lstatSync(path).isSocket(), say`the busy server's socket file should still be there`).toBe(true);
  });

  it("never follows a symlink at the path: a link to a stale socket is not a socket, so it is refused and left alone", async (context) => {
    needsSocketFiles(context);
    const path = tempSocketPath();
    const stale = join(dirname(path), "stale.sock");
    await staleSocket(stale);
    symlinkSync(stale, path);
    await rejectionOf(say`listenUnix() on a symlink to a stale socket`, listenUnix(path), "EADDRINUSE");
    expect(lstatSync(path).isSymbolicLink(), say`the symlink at ${path} should be untouched`).toBe(true);
  });

  it("never deletes a file at the path that is not a socket", async (context) => {
    needsSocketFiles(context);
    const path = tempSocketPath();
    writeFileSync(path, "precious data\n");
    await rejectionOf(say`listenUnix() on a regular file's path`, listenUnix(path), "EADDRINUSE");
    expect(readFileSync(path, "utf8"), say`the regular file should be untouched`).toBe("precious data\n");
  });
});

describe("10-unix-socket: the path length limit", () => {
  it(`refuses a path over ${MAX_SOCKET_PATH_BYTES} bytes before binding: ${MAX_SOCKET_PATH_BYTES + 1} bytes (it fills sun_path, no room for the NUL) and 120 (Node 22 would truncate it)`, async (context) => {
    needsSocketFiles(context);
    // Watch, not mock: every listen() goes through, and we count them.
    const listens = vi.spyOn(net.Server.prototype, "listen");
    onTestFinished(() => listens.mockRestore());
    for (const bytes of [MAX_SOCKET_PATH_BYTES + 1, 120]) {
      const path = pathOfBytes(bytes);
      const err = await rejectionOf(say`listenUnix() with a ${bytes}-byte path`, listenUnix(path));
      expect(err, say`the rejection for a ${bytes}-byte path`).toBeInstanceOf(SocketPathTooLongError);
      expect(err.message, say`the message should give the byte count`).toContain(String(bytes));
      expect(err.message, say`the message should give the limit`).toContain(String(MAX_SOCKET_PATH_BYTES));
      expect(listens.mock.calls.length, say`calls to server.listen() by then: the length check comes before any bind (binding first already used the path, or on Node 22 a truncated one)`).toBe(0);
      expect(readdirSync(dirname(path)), say`nothing may be created, not even at a truncated path`).toEqual([]);
    }
  });

  it(`accepts a path of exactly ${MAX_SOCKET_PATH_BYTES} bytes`, async (context) => {
    needsSocketFiles(context);
    const path = pathOfBytes(MAX_SOCKET_PATH_BYTES);
    await serve(path);
    expect(statSync(path).isSocket(), say`the socket file at the longest allowed path`).toBe(true);
  });

  it("counts the limit in bytes, not characters (é is 2 bytes in UTF-8)", async (context) => {
    needsSocketFiles(context);
    const path = pathOfBytes(MAX_SOCKET_PATH_BYTES + 2, "é");
    expect(path.length, say`test setup: the path is short in characters`).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    const err = await rejectionOf(say`listenUnix() with a path long in bytes`, listenUnix(path));
    expect(err, say`the rejection for a path over the limit in bytes`).toBeInstanceOf(SocketPathTooLongError);
    expect((err as SocketPathTooLongError).bytes, say`the error's bytes: the path's length in bytes (${path.length} characters)`).toBe(MAX_SOCKET_PATH_BYTES + 2);
  });
});
