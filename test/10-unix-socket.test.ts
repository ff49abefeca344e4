import { existsSync, linkSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import { dirname, join } from "node:path";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { MAX_SOCKET_PATH_BYTES, SocketPathTooLongError, listenUnix } from "#kata/10-unix-socket";
import type { UnixEchoServer } from "#kata/10-unix-socket";
import { needsSocketFiles, openClient, openClients, rejectionOf, say, tempSocketPath, within } from "./support/index.ts";

/** listenUnix(path), closed when the test ends. */
async function serve(path: string): Promise<UnixEchoServer> {
  const server = await within(say`listenUnix(${JSON.stringify(path)}) to resolve`, listenUnix(path));
  onTestFinished(() => within(say`close() to resolve`, server.close()));
  return server;
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
  });
});
