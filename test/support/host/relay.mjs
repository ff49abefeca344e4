// A worker thread that carries messages between one side (the tests, or the
// learner's code) and the other, over the socket pair between the two
// processes. It exists so that its side's main thread can wait for an
// answer synchronously (a property read, a sync call) in Atomics.wait while
// this thread keeps listening: every message that comes in is queued on
// `inbox`, the waiting thread is woken, and a poke on `poke` lets it take
// the message when it is not waiting.
//
// On the tests' side this thread starts the learner's process (./child.mjs)
// with the socket pair as its fd 3; on the learner's side it opens fd 3.
// Messages are v8-serialized, each after its length (4 bytes, big-endian).
import { spawn } from "node:child_process";
import net from "node:net";
import { deserialize, serialize } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";

// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- workerData is typed any; the cast says what Endpoint sends
const { flag, inbox, poke, spawn: start } = /** @type {{ flag: Int32Array, inbox: import("node:worker_threads").MessagePort, poke: import("node:worker_threads").MessagePort, spawn?: { entry: string, execArgv: string[], env: NodeJS.ProcessEnv, cwd: string } }} */ (/** @type {unknown} */ (workerData));

/** @param {unknown} message */
const deliver = (message) => {
  inbox.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  poke.postMessage(0);
};

/** @type {import("node:child_process").ChildProcess | undefined} */
let child;
/** @type {net.Socket} */
let pair;
if (start === undefined) {
  pair = new net.Socket({ fd: 3, readable: true, writable: true });
} else {
  child = spawn(process.execPath, [...start.execArgv, start.entry], { env: start.env, cwd: start.cwd, stdio: ["ignore", "pipe", "pipe", "pipe"] });
  pair = /** @type {net.Socket} */ (child.stdio[3]);
  child.stdout?.on("data", (/** @type {Buffer} */ data) => deliver({ k: "output", fd: 1, data }));
  child.stderr?.on("data", (/** @type {Buffer} */ data) => deliver({ k: "output", fd: 2, data }));
  child.on("error", (err) => deliver({ k: "gone", why: "spawn", message: err.message }));
  child.on("exit", (code, signal) => deliver({ k: "gone", why: "exit", code, signal }));
}

/** @type {Buffer} */
let pending = Buffer.alloc(0);
pair.on("data", (/** @type {Buffer} */ data) => {
  pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
  while (pending.length >= 4) {
    const size = pending.readUInt32BE(0);
    if (pending.length < 4 + size) break;
    deliver(deserialize(pending.subarray(4, 4 + size)));
    pending = pending.subarray(4 + size);
  }
});
pair.on("error", () => {});
pair.on("close", () => {
  if (child === undefined) deliver({ k: "gone", why: "closed" });
  parentPort?.close();
});

parentPort?.on("message", (/** @type {unknown} */ message) => {
  if (message === "kill") {
    child?.kill("SIGKILL");
    pair.destroy();
    return;
  }
  if (pair.destroyed) return;
  const body = serialize(message);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  pair.write(Buffer.concat([head, body]));
});
