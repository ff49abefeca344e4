/**
 * What the observers of observe.ts see, without Vitest: each starts watching
 * in the process it runs in and returns a function that reads what it saw.
 * `cleanup` is handed what undoes the watch once the test ends. Under
 * isolation (remote.ts) these run in the learner's process (host/ops.ts)
 * and the tests read them from there; otherwise observe.ts runs them here.
 */
import { createHook } from "node:async_hooks";
import dgram from "node:dgram";
import net from "node:net";

/** Hands over what undoes a watch, to run when the test ends. */
export type Cleanup = (undo: () => void) => void;

/** One getaddrinfo() request. */
export interface LookupCall {
  host: string;
  /** The family asked for: 0 (both), 4 or 6. */
  family: number;
  /** Whether it asked for every address (`all: true`), not only the first. */
  all: boolean;
}

/** What Node's request object carries (lib/dns.js, lib/internal/dns/promises.js). */
interface AddrInfoRequest {
  hostname?: unknown;
  family?: unknown;
  oncomplete?: { name?: string };
}

/**
 * Replace `proto[name]` by `wrap(original)` until the test ends. Watching,
 * not mocking: every wrapper calls the original with the same arguments.
 */
function wrapMethod<T extends object, K extends keyof T>(cleanup: Cleanup, proto: T, name: K, wrap: (original: T[K]) => T[K]): void {
  const original = proto[name];
  proto[name] = wrap(original);
  cleanup(() => {
    proto[name] = original;
  });
}

/** Note getaddrinfo() requests (see observe.ts, watchLookups). */
export function lookupsSeen(cleanup: Cleanup): () => LookupCall[] {
  const requests: AddrInfoRequest[] = [];
  const hook = createHook({
    init(_id, type, _trigger, resource) {
      if (type === "GETADDRINFOREQWRAP") requests.push(resource);
    },
  }).enable();
  cleanup(() => hook.disable());
  // Node sets the request's fields right after making it, before any answer: read them when asked.
  return () =>
    requests.map((r) => ({
      host: String(r.hostname),
      family: typeof r.family === "number" ? r.family : 0,
      all: r.oncomplete?.name === "onlookupall",
    }));
}

/** Where each TCP server started from now on listens (see observe.ts, watchListening). */
export function listeningSeen(cleanup: Cleanup): () => string[] {
  const seen: string[] = [];
  wrapMethod(cleanup, net.Server.prototype, "listen", (original) =>
    function (this: net.Server, ...args: unknown[]) {
      this.once("listening", () => {
        const address = this.address();
        seen.push(typeof address === "string" ? address : address === null ? "(none)" : address.address);
      });
      return Reflect.apply(original, this, args) as net.Server;
    } as typeof original,
  );
  return () => [...seen];
}

/** Every connection any TCP or Unix server accepts from now on (the server's end of each). */
export function acceptedSeen(cleanup: Cleanup): () => net.Socket[] {
  const accepted: net.Socket[] = [];
  wrapMethod(cleanup, net.Server.prototype, "emit", (original) =>
    function (this: net.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "connection" && args[0] instanceof net.Socket) accepted.push(args[0]);
      return Reflect.apply(original, this, [event, ...args]) as boolean;
    } as typeof original,
  );
  return () => [...accepted];
}

/** Every TCP or Unix socket that connects out from now on (each net.Socket connect() is called on). */
export function connectsSeen(cleanup: Cleanup): () => net.Socket[] {
  const sockets: net.Socket[] = [];
  wrapMethod(cleanup, net.Socket.prototype, "connect", (original) =>
    function (this: net.Socket, ...args: unknown[]) {
      if (!sockets.includes(this)) sockets.push(this);
      return Reflect.apply(original, this, args) as net.Socket;
    },
  );
  return () => [...sockets];
}

/** A UDP socket bound during the test, as the OS reports it once bound. */
export interface UdpBinding {
  /** socket.address().address: "127.0.0.1", "::1", "0.0.0.0" (every interface), … */
  readonly address: string;
  readonly port: number;
  /** Whether the socket has emitted 'close' (its close() callback's event) yet. */
  readonly closed: boolean;
}

/** Every UDP socket bound from now on (see observe.ts, watchUdpBinding). */
export function udpBindingsSeen(cleanup: Cleanup): () => UdpBinding[] {
  const seen: UdpBinding[] = [];
  wrapMethod(cleanup, dgram.Socket.prototype, "bind", (original) =>
    function (this: dgram.Socket, ...args: unknown[]) {
      let closed = false;
      // Set in the 'close' event itself, so it is true by the time any promise a close listener resolves goes on.
      this.once("close", () => {
        closed = true;
      });
      this.once("listening", () => {
        const { address, port } = this.address();
        seen.push({
          address,
          port,
          get closed() {
            return closed;
          },
        });
      });
      return Reflect.apply(original, this, args) as dgram.Socket;
    },
  );
  return () => [...seen];
}
