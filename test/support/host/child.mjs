// The learner's process. The tests' process (test/support/remote.ts) starts
// it, asks it to import the learner's module, and then reaches what that
// module exports by number: read a property, call a function, construct a
// class (./endpoint.mjs). Nothing here decides a verdict: the tests and
// their expect()s run in the other process, which only ever receives copies
// of values and stand-ins. What this process observes of itself (the
// handles it holds, the servers it starts: ./ops.ts) it reports as
// testimony.
import { register } from "node:module";
import { pathToFileURL } from "node:url";
import { Endpoint } from "./endpoint.mjs";

register("./loader.mjs", import.meta.url);

/** The host's own operations (./ops.ts), loaded with the learner's module. */
/** @type {Record<string, (...args: never[]) => unknown>} */
let ops = {};

/** @type {Endpoint} */
const endpoint = new Endpoint({
  trusting: true,
  keepAlive: true,
  // The tests' handlers run in the tests' process, which may be busy: wait long, it is trusted.
  limitMs: 60_000,
  timeoutText: (ms) => `socket-kata: the tests' process did not answer within ${ms / 1000} s`,
  /** @returns {unknown} */
  extra: (req) => {
    if (req.op === "load") {
      return import("./ops.ts").then((loaded) => {
        ops = loaded.ops;
        // Before the learner's module runs: what it opens at import time is then a leak like any other.
        ops.beginLeakWatch?.();
        return import(pathToFileURL(String(req.file)).href);
      });
    }
    if (req.op === "host") {
      const op = ops[String(req.name)];
      if (op === undefined) throw new Error(`socket-kata: the learner's process has no operation "${String(req.name)}"`);
      const args = /** @type {unknown[]} */ (req.args ?? []).map((arg) => endpoint.wire.decode(arg));
      return /** @type {(...a: unknown[]) => unknown} */ (op)(...args);
    }
    throw new Error(`socket-kata: unknown request "${String(req.op)}"`);
  },
  notice: (message) => {
    if (message.k === "gone") process.exit(0);
  },
});

// An error that escapes the learner's code (a throw in a timer, a rejection no one handles) is
// the tests' to report, in the test that is running: this process keeps going, as Vitest's does.
process.on("uncaughtException", (err) => endpoint.send({ k: "uncaught", kind: "exception", value: endpoint.encodeSafely(err) }));
process.on("unhandledRejection", (err) => endpoint.send({ k: "uncaught", kind: "rejection", value: endpoint.encodeSafely(err) }));
