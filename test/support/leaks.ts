/**
 * The leak check. Before a test file runs we note which handles the process
 * holds (`process.getActiveResourcesInfo()`); after it, every handle that is
 * still there beyond that baseline is a leak: the file fails with a list of
 * what is still open, and we close it so the next file starts clean.
 *
 * To name a leaked socket or server (and not only count it) we note every
 * net.Server that listens, every net.Socket that connects or is accepted and
 * every dgram socket that binds while the file runs.
 *
 * Timers are counted differently: Vitest itself sets and clears timers
 * while a test runs (it keeps its own copies of the timer functions), so
 * counting every active Timeout would blur a leaked one. We count only the
 * timers made through setTimeout/setInterval as tests and learners' code
 * see them (the globals and node:timers), which we wrap; one still
 * pending counts though unref()'d, since it will still fire.
 */
import dgram from "node:dgram";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import timers from "node:timers";
import { learner } from "./remote.ts";
import { say } from "./say.ts";

interface Tracked {
  servers: Set<net.Server>;
  sockets: Set<net.Socket>;
  datagrams: Set<dgram.Socket>;
}

const tracked: Tracked = { servers: new Set(), sockets: new Set(), datagrams: new Set() };
const PATCHED = Symbol.for("socket-kata.leaks.patched");

type Patchable = Record<PropertyKey, unknown>;

function trackSocket(socket: net.Socket): void {
  tracked.sockets.add(socket);
  socket.once("close", () => tracked.sockets.delete(socket));
}

/** Every timer made through the wrapped setTimeout/setInterval that may still be pending. */
const timersMade = new Set<NodeJS.Timeout>();

/**
 * A timer still waiting to fire (or repeating), unref()'d or not: unref()
 * only lets the process exit without waiting for it; it still fires later.
 */
function pending(timer: NodeJS.Timeout): boolean {
  const destroyed = (timer as unknown as { _destroyed?: boolean })._destroyed === true;
  if (destroyed) timersMade.delete(timer);
  return !destroyed;
}

/** Wrap setTimeout and setInterval (global and node:timers) to note each timer. */
function wrapTimers(): void {
  for (const name of ["setTimeout", "setInterval"] as const) {
    const original = globalThis[name];
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const timer = Reflect.apply(original, this, args) as NodeJS.Timeout;
      timersMade.add(timer);
      return timer;
    };
    // Keep util.promisify.custom and the rest of the original's properties.
    Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(original));
    (globalThis as unknown as Record<string, unknown>)[name] = wrapped;
    (timers as unknown as Record<string, unknown>)[name] = wrapped;
  }
  syncBuiltinESMExports();
}

/** Wrap `listen`, `connect`, `bind` and the timer functions once per process to note what opens. */
function patchOnce(): void {
  const marker = net as unknown as Patchable;
  if (marker[PATCHED] === true) return;
  marker[PATCHED] = true;
  wrapTimers();

  // Wrap a prototype method: note the object, then call the original.
  const wrap = <T extends object>(proto: T, name: keyof T & string, note: (self: T) => void): void => {
    const original = proto[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value: function (this: T, ...args: unknown[]): unknown {
        note(this);
        return Reflect.apply(original, this, args);
      },
    });
  };
  wrap(net.Server.prototype, "listen", (server) => {
    tracked.servers.add(server);
    if (!server.listeners("connection").includes(trackSocket)) server.on("connection", trackSocket);
  });
  wrap(net.Socket.prototype, "connect", trackSocket);
  wrap(dgram.Socket.prototype, "bind", (socket) => {
    if (tracked.datagrams.has(socket)) return;
    tracked.datagrams.add(socket);
    socket.once("close", () => tracked.datagrams.delete(socket));
  });
}

/** Plain names for the handle types Node reports. */
const KINDS: Readonly<Record<string, string>> = {
  TCPServerWrap: say`TCP server`,
  TCPSocketWrap: say`TCP socket`,
  TCPWRAP: say`TCP socket`,
  PipeServerWrap: say`Unix socket server`,
  PipeWrap: say`Unix socket or pipe`,
  UDPWrap: say`UDP socket`,
  Timeout: say`timer (setTimeout/setInterval)`,
  Immediate: say`setImmediate callback`,
  GetAddrInfoReqWrap: say`name lookup (dns.lookup)`,
  QueryReqWrap: say`DNS query`,
  FSReqCallback: say`file system request`,
};

function count(list: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of list) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/**
 * What the process holds at one moment: handles by type, and our pending
 * timers. Under isolation (remote.ts), `there` marks the learner's process
 * too, and what is open counts in both, as it would in one process.
 */
export interface HandleMark {
  readonly counts: ReadonlyMap<string, number>;
  readonly timers: ReadonlySet<NodeJS.Timeout>;
  readonly there?: HandleMark;
}

/** Note the handles open now, to compare with later (see handlesSince). */
export function markHandles(): HandleMark {
  const here = markHere();
  const remote = learner();
  return remote === undefined ? here : { ...here, there: remote.host("markHandles") as HandleMark };
}

function markHere(): HandleMark {
  const counts = count(process.getActiveResourcesInfo().filter((type) => type !== "Timeout"));
  return { counts, timers: new Set([...timersMade].filter(pending)) };
}

/** How many of each handle type this process holds beyond `mark` ("Timeout": our timers). */
export function extraHere(mark: HandleMark): [string, number][] {
  const now = markHere();
  const extra: [string, number][] = [];
  for (const [type, n] of now.counts) {
    const more = n - (mark.counts.get(type) ?? 0);
    if (more > 0) extra.push([type, more]);
  }
  const newTimers = [...now.timers].filter((timer) => !mark.timers.has(timer)).length;
  if (newTimers > 0) extra.push(["Timeout", newTimers]);
  return extra;
}

/** What is open now beyond `mark`, e.g. ["1 × TCP server", "2 × timer (…)"]. */
export function handlesSince(mark: HandleMark): string[] {
  const total = new Map<string, number>();
  const remote = mark.there === undefined ? undefined : learner();
  const there = remote === undefined ? [] : (remote.host("extraHere", mark.there) as [string, number][]);
  for (const [type, n] of [...extraHere(mark), ...there]) total.set(type, (total.get(type) ?? 0) + n);
  return [...total].map(([type, n]) => `${n} × ${KINDS[type] ?? type}`);
}

/**
 * What is still open beyond `mark` once closing handles have had `graceMs`
 * to finish closing (Node emits a server's 'close' a moment before the
 * operating system handle is gone). Empty when nothing leaked.
 */
export async function openSince(mark: HandleMark, graceMs = 100): Promise<string[]> {
  const until = Date.now() + graceMs;
  let extra = handlesSince(mark);
  while (extra.length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    extra = handlesSince(mark);
  }
  return extra;
}

let baseline: HandleMark = { counts: new Map(), timers: new Set() };

/** Call before a file's tests: note the baseline, forget earlier files. */
export function beginLeakWatch(): void {
  patchOnce();
  tracked.servers.clear();
  tracked.sockets.clear();
  tracked.datagrams.clear();
  baseline = markHere();
}

function describeAddress(address: string | net.AddressInfo | null): string {
  if (address === null) return say`(no address)`;
  if (typeof address === "string") return address;
  return address.family === "IPv6" ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
}

/** One line per server or socket we saw open and still open. */
function describeTracked(): string[] {
  const lines: string[] = [];
  for (const server of tracked.servers) {
    if (server.listening) lines.push(say`a net.Server still listening on ${describeAddress(server.address())}: call server.close()`);
  }
  for (const socket of tracked.sockets) {
    if (socket.destroyed) continue;
    const local = socket.localAddress ? `${socket.localAddress}:${socket.localPort}` : say`(unbound)`;
    const remote = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : say`(not connected)`;
    lines.push(say`a net.Socket ${local} → ${remote} not closed: call socket.end() or socket.destroy()`);
  }
  for (const socket of tracked.datagrams) {
    let where = say`(unbound)`;
    try {
      where = describeAddress(socket.address());
    } catch {
      // not bound yet
    }
    lines.push(say`a dgram socket on ${where} not closed: call socket.close()`);
  }
  return lines;
}

/** Close what we know of, so the next file in this process starts clean. */
function tearDown(): void {
  for (const server of tracked.servers) if (server.listening) server.close();
  for (const socket of tracked.sockets) socket.destroy();
  for (const socket of tracked.datagrams) {
    try {
      socket.close();
    } catch {
      // already closed
    }
  }
  tracked.servers.clear();
  tracked.sockets.clear();
  tracked.datagrams.clear();
  for (const timer of timersMade) if (pending(timer) && !baseline.timers.has(timer)) clearTimeout(timer);
}

/**
 * Call after a file's tests. Closing is asynchronous, so we give handles up
 * to `graceMs` to go; then throw an error naming what is still open.
 */
export async function endLeakWatch(graceMs = 500): Promise<void> {
  // What the process counts, and what we saw open and still open: an unref()'d
  // server is missing from the first (Node would not wait for it) but is open all the same.
  const until = Date.now() + graceMs;
  let extra = handlesSince(baseline);
  let details = describeTracked();
  while ((extra.length > 0 || details.length > 0) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    extra = handlesSince(baseline);
    details = describeTracked();
  }
  if (extra.length === 0 && details.length === 0) {
    tearDown();
    return;
  }
  tearDown();
  throw new Error(
    [
      extra.length > 0
        ? say`leak: after this file's tests, still open: ${extra.join(", ")}`
        : say`leak: after this file's tests, still open, though unref()'d (unref() only lets the process exit; the socket stays open):`,
      ...details.map((line) => `  - ${line}`),
      say`Close every server and socket you open, and clear every timer, before the promise you return resolves.`,
    ].join("\n"),
  );
}
