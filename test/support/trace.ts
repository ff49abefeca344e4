/**
 * For `npm run trace` only (tools/trace.mjs sets KATA_TRACE=1 and runs the
 * tests under strace): marks, in the system-call trace itself, which test is
 * running and who opened each socket. A mark is an `access()` call on a path
 * under /kata-trace/ that never exists, so strace records it in order with
 * the socket calls around it, and the test sees nothing but ENOENT, caught
 * here. Without KATA_TRACE nothing is wrapped and every mark returns at once.
 *
 * Who opened a socket comes from the JavaScript stack of the Node call that
 * made it (`server.listen()`, `socket.connect()`, `dgramSocket.bind()`): a
 * frame in exercises/, solutions/ or test/mutants/ makes it "yours", any
 * other the test's. A mark names the socket by its local address once it
 * has one (TCP, UDP, a Unix server's path), or by where it tried to connect.
 */
import dgram from "node:dgram";
import { accessSync } from "node:fs";
import net from "node:net";

export const TRACING = process.env.KATA_TRACE === "1";

/** One mark: `/kata-trace/<kind>/<part>/…`, each part URI-encoded and cut to fit a path component. */
export function traceMark(kind: string, ...parts: string[]): void {
  if (!TRACING) return;
  const path = ["/kata-trace", kind, ...parts.map((p) => encodeURIComponent(p.slice(0, 200)) || "-")].join("/");
  try {
    accessSync(path);
  } catch {
    // Never exists: the call is only there for strace to see.
  }
}

/** Who made this call: "yours" and the frame, or "test" and the first frame outside Node and this file. */
function callerOf(stack: string | undefined): { role: "yours" | "test"; site: string } {
  const frames = (stack ?? "").split("\n").slice(1);
  const learner = frames.find((f) => /\/(exercises|solutions|test\/mutants)\//.test(f));
  const site = (frame: string | undefined) => /((?:exercises|solutions|test)\/[^\s:)]+:\d+)/.exec(frame ?? "")?.[1] ?? "";
  if (learner) return { role: "yours", site: site(learner) };
  return { role: "test", site: site(frames.find((f) => /\/test\//.test(f) && !f.includes("support/trace.ts"))) };
}

/** How strace -yy writes a TCP/UDP address: 127.0.0.1:80, [::1]:80. */
function addressKey(address: string | undefined, port: number | undefined): string {
  if (!address || port === undefined) return "";
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * Run `seen` when `target` emits `event`, without adding a listener (an 'error' listener would change
 * what an error does). The prototype's emit is looked up at each call, so a spy a test puts on it
 * later (watchAccepted) still sees every event.
 */
function onEmit(target: { emit: (event: string | symbol, ...args: unknown[]) => boolean }, seen: (event: string | symbol, args: unknown[]) => void): void {
  const own = Object.hasOwn(target, "emit") ? target.emit : undefined;
  target.emit = function (this: typeof target, event: string | symbol, ...args: unknown[]): boolean {
    seen(event, args);
    const emit = own ?? (Object.getPrototypeOf(this) as typeof target).emit;
    return emit.call(this, event, ...args);
  };
}

function wrap<T extends object>(proto: T, name: string, call: string, watch: (self: T, who: { role: string; site: string; call: string }, args: unknown[]) => void): void {
  const original = (proto as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
  Object.defineProperty(proto, name, {
    configurable: true,
    writable: true,
    value: function (this: T, ...args: unknown[]): unknown {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 40; // the learner's frame may lie deep under Node's own
      const stack = new Error().stack;
      Error.stackTraceLimit = limit;
      // dgram binds for you on send() and connect(): name the call that did.
      const implicit = /at Socket\.(send|connect) \(node:dgram/.exec(stack ?? "")?.[1];
      watch(this, { ...callerOf(stack), call: implicit ? `dgramSocket.${implicit}()` : call }, args);
      return Reflect.apply(original, this, args);
    },
  });
}

let installed = false;

/** Wrap the Node calls that create sockets, so each one marks its owner (only with KATA_TRACE=1). */
export function installTraceMarks(): void {
  if (!TRACING || installed) return;
  installed = true;
  wrap(net.Server.prototype, "listen", "server.listen()", (server, who) => {
    onEmit(server, (event, args) => {
      if (event === "listening") {
        const address = server.address();
        const key = typeof address === "string" ? `path:${address}` : addressKey(address?.address, address?.port);
        traceMark("own", who.role, who.call, who.site, key);
      } else if (event === "error") {
        // bind() or listen() failed (EADDRINUSE, EACCES): name the socket by the address it asked for.
        const err = args[0] as { address?: string; port?: number };
        traceMark("own", who.role, who.call, who.site, `at:${err.address?.includes("/") ? `path:${err.address}` : addressKey(err.address, err.port)}`);
      }
    });
  });
  wrap(net.Socket.prototype, "connect", "socket.connect()", (socket, who, callArgs) => {
    // A Unix socket client has no address of its own: name it by the path it connected to.
    const first = Array.isArray(callArgs[0]) ? (callArgs[0] as unknown[])[0] : callArgs[0];
    const path = typeof first === "string" && Number.isNaN(Number(first)) ? first : typeof first === "object" && first !== null && "path" in first ? String(first.path) : undefined;
    onEmit(socket, (event, args) => {
      if (event === "connect") {
        // Its own address, and where it connected, for when strace has not yet shown the first.
        const key = path !== undefined ? `to:path:${path}` : `${addressKey(socket.localAddress, socket.localPort)}>${addressKey(socket.remoteAddress, socket.remotePort)}`;
        traceMark("own", who.role, who.call, who.site, key);
      } else if (event === "error") {
        const err = args[0] as { address?: string; port?: number };
        const key = path !== undefined ? `to:path:${path}` : `to:${addressKey(err.address, err.port)}`;
        traceMark("own", who.role, who.call, who.site, key);
      }
    });
  });
  wrap(dgram.Socket.prototype, "bind", "dgramSocket.bind()", (socket, who) => {
    onEmit(socket, (event) => {
      if (event !== "listening") return;
      const address = socket.address();
      traceMark("own", who.role, who.call, who.site, addressKey(address.address, address.port));
    });
  });
}
