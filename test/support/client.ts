import net from "node:net";
import { show } from "./bytes.ts";
import { DEADLINE_MS, DeadlineError, pause, preparing, within } from "./deadline.ts";
import { explain } from "./errors.ts";
import { say } from "./say.ts";
import { noteTimeline, timelineBlock } from "./timeline.ts";

/** Every client opened and not yet destroyed; setup.ts destroys them after each test. */
const open = new Set<RawClient>();
let numbered = 0;

/**
 * A raw TCP (or Unix socket) client that behaves the way real peers do and
 * records everything: what it sent, what it received, when the peer ended or
 * reset. Its waits have deadlines and fail with a protocol log:
 *
 *     waited 2000 ms for [client 2] to receive "PONG\n"
 *     [client 2] sent "PING\n" (5 bytes)
 *     [client 2] received "" (0 bytes); the connection is still open
 */
export class RawClient {
  readonly label: string;
  readonly socket: net.Socket;
  #chunks: Buffer[] = [];
  #length = 0;
  #sent: Buffer[] = [];
  #ended = false;
  #closed = false;
  #error: Error | undefined;
  #waiters = new Set<() => void>();
  #local: { address: string | undefined; port: number | undefined } = { address: undefined, port: undefined };

  constructor(socket: net.Socket, label: string) {
    this.socket = socket;
    this.label = label;
    // Remember this end: after the socket closes, Node no longer reports it.
    const noteLocal = () => {
      this.#local = { address: socket.localAddress, port: socket.localPort };
    };
    if (socket.connecting) {
      socket.once("connect", noteLocal);
      socket.once("connect", () => noteTimeline(label, "connect"));
    } else noteLocal();
    socket.on("data", (chunk: Buffer) => {
      noteTimeline(label, "receive", chunk);
      this.#chunks.push(chunk);
      this.#length += chunk.length;
      this.#wake();
    });
    socket.on("end", () => {
      noteTimeline(label, "fin-received");
      this.#ended = true;
      this.#wake();
    });
    socket.on("error", (err) => {
      noteTimeline(label, "error", err);
      this.#error = err;
      this.#wake();
    });
    socket.on("close", () => {
      noteTimeline(label, "close");
      this.#closed = true;
      open.delete(this);
      this.#wake();
    });
    open.add(this);
  }

  /** This client's own port (TCP), as it was when connected; stays after close. */
  get localPort(): number | undefined {
    return this.#local.port;
  }

  /** This client's own address (TCP), as it was when connected; stays after close. */
  get localAddress(): string | undefined {
    return this.#local.address;
  }

  /** How many bytes have arrived so far (cheap, unlike `received`: use it to wait for large amounts). */
  get receivedLength(): number {
    return this.#length;
  }

  /** Everything received so far, in one buffer. */
  get received(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  /** Everything received so far, decoded as UTF-8. */
  get text(): string {
    return this.received.toString("utf8");
  }

  /** How many `data` events brought the bytes (to show that chunks ≠ messages). */
  get chunkCount(): number {
    return this.#chunks.length;
  }

  /** True once the peer sent FIN (the socket's 'end' event). */
  get ended(): boolean {
    return this.#ended;
  }

  /** True once the socket is fully closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The socket error, if one came (ECONNRESET, EPIPE, …). */
  get error(): Error | undefined {
    return this.#error;
  }

  /** The protocol log of this client so far, one line per fact. */
  transcript(): string {
    const state = this.#error
      ? say`the connection failed: ${explain(this.#error)}`
      : this.#closed
        ? say`the connection is closed`
        : this.#ended
          ? say`the peer ended its side (FIN)`
          : say`the connection is still open`;
    return [
      say`${this.label} sent ${show(Buffer.concat(this.#sent))}`,
      say`${this.label} received ${show(this.received)}; ${state}`,
    ].join("\n");
  }

  /** Write and resolve once the bytes are handed to the kernel. */
  write(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
    this.#sent.push(bytes);
    noteTimeline(this.label, "send", bytes);
    return new Promise((resolve, reject) => {
      // A failed write says what came back before it (an error line, a timeout notice): often the reason.
      this.socket.write(bytes, (err) =>
        err ? reject(new Error(`${say`${this.label} could not write: ${explain(err)}`}\n${this.transcript()}`, { cause: err })) : resolve(),
      );
    });
  }

  /**
   * Write one byte at a time with Nagle off and a short pause between bytes,
   * so the server gets many small chunks, split at every possible place.
   */
  async writeBytewise(data: string | Uint8Array, pauseMs = 1): Promise<void> {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
    this.socket.setNoDelay(true);
    for (const byte of bytes) {
      await this.write(Buffer.of(byte));
      if (pauseMs > 0) await pause(pauseMs);
    }
  }

  /**
   * Talk, led by the replies and not by a clock: send `message`, wait until
   * `reply` came back for it, pause `gapMs`, again, until `enough()` holds;
   * then one exchange more, so that anything the server's timers did
   * meanwhile has reached this client. The connection is never silent for
   * longer than a round trip plus `gapMs`, however busy the machine.
   * Resolves with the number of exchanges.
   */
  async talkUntil(enough: () => boolean, message: string, reply: string, gapMs = 10): Promise<number> {
    this.socket.setNoDelay(true);
    const from = this.#length;
    let exchanges = 0;
    for (let last = false; ; last = last || enough()) {
      if (exchanges > 0) await pause(gapMs);
      exchanges += 1;
      const expected = reply.repeat(exchanges);
      await this.write(message);
      await this.until(say`receive ${show(reply)} in answer to ${show(message)} (exchange ${exchanges})`, () => this.received.subarray(from).toString("utf8").startsWith(expected));
      if (last) return exchanges;
    }
  }

  /**
   * Wait until `done()` holds while bytes keep coming: fail as stuck when
   * none arrives for `stallMs`, or as slow once `totalMs` passed since
   * `since` (a performance.now()), saying how far it got (`howFar()`, e.g.
   * "9 of 16 MiB"): "9 of 16 MiB after 20 s, still arriving".
   */
  async untilSteady(what: string, done: () => boolean, howFar: () => string, { since, totalMs, stallMs = DEADLINE_MS }: { since: number; totalMs: number; stallMs?: number }): Promise<void> {
    while (!done()) {
      const seconds = (performance.now() - since) / 1000;
      if (seconds * 1000 > totalMs) throw new DeadlineError(`${say`${howFar()} after ${Math.round(seconds)} s, still arriving, waiting for ${say`${this.label} to ${what}`}`}\n${this.transcript()}`);
      const before = this.#length;
      await this.until(say`${what} (${howFar()} so far; nothing more came)`, () => done() || this.#length > before, stallMs);
    }
  }

  /** Write several messages in one go (cork/uncork), as one TCP segment where possible. */
  async writeCoalesced(parts: readonly (string | Uint8Array)[]): Promise<void> {
    this.socket.cork();
    const writes = parts.map((part) => this.write(part));
    this.socket.uncork();
    await Promise.all(writes);
  }

  /** Half-close: send FIN, keep reading. The POSIX call is shutdown(fd, SHUT_WR). */
  end(): void {
    noteTimeline(this.label, "fin-sent");
    this.socket.end();
  }

  /**
   * Abort the connection with a TCP RST, as a crashing peer does. A Unix
   * socket has no RST: there it is an abrupt close without a shutdown.
   */
  reset(): void {
    if (this.socket.destroyed) return;
    noteTimeline(this.label, "reset-sent");
    try {
      this.socket.resetAndDestroy();
    } catch {
      this.socket.destroy();
    }
  }

  /** Close at once (no reset). */
  destroy(): void {
    this.socket.destroy();
  }

  /**
   * Wait until `done()` holds. `what` completes "waited 2000 ms for [client N] to …".
   * Fails early, with the transcript, if the connection closes first.
   */
  until(what: string, done: () => boolean, ms = DEADLINE_MS): Promise<void> {
    return this.#wait(what, done, true, ms);
  }

  /** Wait until at least `count` bytes arrived; resolves with all received bytes. */
  async receiveBytes(count: number, ms = DEADLINE_MS): Promise<Buffer> {
    await this.until(say`receive ${count} bytes`, () => this.#length >= count, ms);
    return this.received;
  }

  /** Wait until the received text contains `expected`; resolves with all received text. */
  async receiveText(expected: string, ms = DEADLINE_MS): Promise<string> {
    await this.until(say`receive ${show(expected)}`, () => this.text.includes(expected), ms);
    return this.text;
  }

  /** Wait for the peer's FIN (or the close); resolves with everything received. */
  async receiveEnd(ms = DEADLINE_MS): Promise<Buffer> {
    await this.#wait(say`see the server end the connection`, () => this.#ended || this.#closed, false, ms);
    return this.received;
  }

  async #wait(what: string, done: () => boolean, failOnClose: boolean, ms: number): Promise<void> {
    const sentence = say`${this.label} to ${what}`;
    let check = (): void => undefined;
    const reached = new Promise<void>((resolve, reject) => {
      check = () => {
        if (done()) resolve();
        else if (failOnClose && this.#closed) {
          reject(new Error(`${say`expected ${this.label} to ${what}, but the connection closed first`}\n${this.transcript()}${timelineBlock()}`));
        }
      };
    });
    this.#waiters.add(check);
    check();
    // The client's own events wake the check; a condition on something else (what the
    // server was handed, in this process or in the learner's) is looked at every few ms too.
    const poll = setInterval(check, 5);
    try {
      await within(sentence, reached, ms);
    } catch (err) {
      if (err instanceof DeadlineError) throw new DeadlineError(`${err.message}\n${this.transcript()}${timelineBlock()}`);
      throw err;
    } finally {
      clearInterval(poll);
      this.#waiters.delete(check);
    }
  }

  #wake(): void {
    for (const check of [...this.#waiters]) check();
  }
}

export interface ConnectOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to "[client N]", numbered per test file. */
  label?: string;
  /**
   * True when connecting to the test's own peer (`startTestServer`): then the
   * wait is preparation, not a wait on the code under test (see `preparing`).
   */
  preparing?: boolean;
  /**
   * True for a client that ignores the server's end: when the server's FIN
   * comes it keeps its own side open (and may still write), instead of
   * ending it too as Node does by default.
   */
  allowHalfOpen?: boolean;
  /** The local address to connect from (bind() before connect()), e.g. 127.0.0.2; the OS picks by default. */
  localAddress?: string;
}

/** Where to connect: a TCP port (with an optional host) or a Unix socket path. */
export type Target = number | { port: number; host?: string } | { path: string };

/**
 * Open a raw client and wait until it is connected. A refused or failed
 * connect rejects with a message that says where and why.
 */
export async function openClient(target: Target, options: ConnectOptions = {}): Promise<RawClient> {
  numbered += 1;
  const label = options.label ?? say`[client ${numbered}]`;
  const where =
    typeof target === "number"
      ? { port: target, host: options.host ?? "127.0.0.1" }
      : "path" in target
        ? { path: target.path }
        : { port: target.port, host: target.host ?? options.host ?? "127.0.0.1" };
  const shown = "path" in where ? where.path : `${where.host}:${where.port}`;
  const from = options.localAddress === undefined ? {} : { localAddress: options.localAddress };
  const socket = net.connect({ ...where, ...from, allowHalfOpen: options.allowHalfOpen ?? false });
  const client = new RawClient(socket, label);
  try {
    await (options.preparing ? preparing : within)(
      say`${label} to connect to ${shown}`,
      new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("error", reject);
      }),
    );
  } catch (err) {
    socket.destroy();
    throw new Error(say`${label} could not connect to ${shown}: ${explain(err)}`, { cause: err });
  }
  return client;
}

/** Open `count` clients, all connected; numbered in order of opening. */
export async function openClients(count: number, target: Target, options: ConnectOptions = {}): Promise<RawClient[]> {
  const clients: RawClient[] = [];
  for (let i = 0; i < count; i += 1) clients.push(await openClient(target, options));
  return clients;
}

/** Destroy every client still open (called after each test by setup.ts). */
export function destroyAllClients(): void {
  for (const client of open) client.destroy();
  open.clear();
}

/** Restart the [client N] numbering (called before each test file). */
export function resetClientNumbers(): void {
  numbered = 0;
}
