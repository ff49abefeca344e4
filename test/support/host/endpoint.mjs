// One side of the conversation between the tests' process and the
// learner's (test/support/remote.ts and ./child.mjs): ask the other side
// something and wait for the answer here, synchronously, while answering
// whatever the other side asks meanwhile (it may call one of our functions
// while working on our request: a test's handler, say). Either side may
// wait, so neither waits on the other forever.
//
// The two sides do not trust each other alike. The learner's side answers
// every request (read, write, call, construct): the tests may look at what
// it hands out. The tests' side answers one: call a function it handed out
// (a handler, a listener). It never hands out an object, so the learner's
// code reaches nothing of the tests' process but the functions the tests
// chose to give it.
import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import { Wire, decodeKey, encodeKey } from "./wire.mjs";

/**
 * What Vitest's equality asks of a value it compares: an object with an
 * `asymmetricMatch` method decides for itself whether it equals the other
 * side (expect.any() and the like). A learner's object never may: its
 * stand-in has no such property.
 */
const ASYMMETRIC = "asymmetricMatch";

/** @typedef {{ k: string, re?: number, op?: string, id?: number, ok?: boolean, value?: unknown, [field: string]: unknown }} Message */

export class Endpoint {
  /**
   * @param {object} how
   * @param {boolean} how.trusting whether the other side may read, write and construct (true on the learner's side)
   * @param {number} how.limitMs how long to wait for one answer before giving up on the other side
   * @param {(ms: number) => string} how.timeoutText what to say then
   * @param {{ entry: string, execArgv: string[], env: NodeJS.ProcessEnv, cwd: string }} [how.spawn] start the other side (the tests' side does)
   * @param {(req: Message) => unknown} [how.extra] requests beyond the common ones (the learner's side: load, host)
   * @param {(message: Message) => void} [how.notice] messages beyond the common ones (output, uncaught)
   * @param {boolean} [how.keepAlive] whether waiting for the other side keeps this process alive
   */
  constructor(how) {
    this.how = how;
    this.flag = new Int32Array(new SharedArrayBuffer(4));
    const inbox = new MessageChannel();
    const poke = new MessageChannel();
    this.inbox = inbox.port1;
    this.worker = new Worker(new URL("./relay.mjs", import.meta.url), {
      workerData: { flag: this.flag, inbox: inbox.port2, poke: poke.port2, spawn: how.spawn },
      transferList: [inbox.port2, poke.port2],
    });
    poke.port1.on("message", () => this.drain());
    if (how.keepAlive !== true) {
      this.worker.unref();
      poke.port1.unref();
    }
    this.nextRe = 1;
    /** @type {string | undefined} why the other side can no longer answer */
    this.gone = undefined;
    /** @type {Map<number, Message>} answers that came while another was awaited */
    this.replies = new Map();
    /** @type {Map<number, { resolve: (v: unknown) => void, reject: (e: unknown) => void }>} */
    this.asyncReplies = new Map();
    /** @type {Map<number, { resolve: (v: unknown) => void, reject: (e: unknown) => void }>} */
    this.promises = new Map();
    /** @type {Map<number, Message>} */
    this.earlySettles = new Map();
    /** @type {Wire} */
    this.wire = new Wire({
      copyPlainObjects: !how.trusting,
      objectsByHandle: how.trusting,
      standIn: (/** @type {number} */ id, /** @type {{ t: string }} */ tagged) => (how.trusting ? this.callerOf(id) : this.proxyOf(id, tagged.t === "fn")),
      promise: (id) =>
        new Promise((resolve, reject) => {
          const early = this.earlySettles.get(id);
          if (early === undefined) this.promises.set(id, { resolve, reject });
          else {
            this.earlySettles.delete(id);
            this.settle({ resolve, reject }, early);
          }
        }),
      handedOutPromise: (id, promise) => {
        promise.then(
          (value) => this.send({ k: "settle", id, ok: true, value: this.encodeSafely(value) }),
          (error) => this.send({ k: "settle", id, ok: false, value: this.encodeSafely(error) }),
        );
      },
    });
  }

  /** @param {Message | "kill"} message */
  send(message) {
    this.worker.postMessage(message);
  }

  /** @param {unknown} value */
  encodeSafely(value) {
    try {
      return this.wire.encode(value);
    } catch (err) {
      return this.wire.encode(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /**
   * Ask, and wait here for the answer (answering the other side meanwhile).
   * @param {string} op
   * @param {Record<string, unknown>} fields
   * @returns {unknown}
   */
  ask(op, fields) {
    if (this.gone !== undefined) throw new Error(this.gone);
    const re = this.nextRe++;
    this.send({ ...fields, k: "req", re, op });
    const deadline = Date.now() + this.how.limitMs;
    for (;;) {
      const reply = this.replies.get(re);
      if (reply !== undefined) {
        this.replies.delete(re);
        if (reply.ok === true) return this.wire.decode(reply.value);
        throw this.wire.decode(reply.value);
      }
      if (this.gone !== undefined) throw new Error(this.gone);
      Atomics.store(this.flag, 0, 0);
      const got = /** @type {{ message: unknown } | undefined} */ (receiveMessageOnPort(this.inbox));
      if (got !== undefined) {
        this.handle(/** @type {Message} */ (got.message));
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const why = this.how.timeoutText(this.how.limitMs);
        this.stop(why);
        throw new Error(why);
      }
      Atomics.wait(this.flag, 0, 0, left);
    }
  }

  /**
   * Ask, and resolve with the answer when it comes (the learner's module loading).
   * @param {string} op
   * @param {Record<string, unknown>} fields
   * @returns {Promise<unknown>}
   */
  askLater(op, fields) {
    if (this.gone !== undefined) return Promise.reject(new Error(this.gone));
    const re = this.nextRe++;
    const answered = new Promise((resolve, reject) => this.asyncReplies.set(re, { resolve, reject }));
    this.send({ ...fields, k: "req", re, op, later: true });
    return answered;
  }

  /** Take every message that came in while nothing waited. */
  drain() {
    for (;;) {
      const got = /** @type {{ message: unknown } | undefined} */ (receiveMessageOnPort(this.inbox));
      if (got === undefined) return;
      this.handle(/** @type {Message} */ (got.message));
    }
  }

  /** @param {Message} message */
  handle(message) {
    switch (message.k) {
      case "rep": {
        const re = /** @type {number} */ (message.re);
        const waiting = this.asyncReplies.get(re);
        if (waiting === undefined) this.replies.set(re, message);
        else {
          this.asyncReplies.delete(re);
          this.settle(waiting, message);
        }
        return;
      }
      case "req":
        this.serve(message);
        return;
      case "settle": {
        const id = /** @type {number} */ (message.id);
        const waiting = this.promises.get(id);
        if (waiting === undefined) this.earlySettles.set(id, message);
        else {
          this.promises.delete(id);
          this.settle(waiting, message);
        }
        return;
      }
      case "gone":
        this.gone ??= String(message.text ?? message.why);
        for (const waiting of this.asyncReplies.values()) waiting.reject(new Error(this.gone));
        this.asyncReplies.clear();
        this.how.notice?.(message);
        return;
      default:
        this.how.notice?.(message);
    }
  }

  /**
   * @param {{ resolve: (v: unknown) => void, reject: (e: unknown) => void }} waiting
   * @param {Message} message
   */
  settle(waiting, message) {
    let value;
    try {
      value = this.wire.decode(message.value);
    } catch (err) {
      waiting.reject(err);
      return;
    }
    if (message.ok === true) waiting.resolve(value);
    else waiting.reject(value);
  }

  /** @param {Message} req */
  serve(req) {
    const answer = (/** @type {boolean} */ ok, /** @type {unknown} */ value) => this.send({ k: "rep", re: req.re, ok, value: this.encodeSafely(value) });
    let result;
    try {
      result = this.perform(req);
    } catch (err) {
      answer(false, err);
      return;
    }
    if (req.later === true) {
      Promise.resolve(result).then(
        (value) => answer(true, value),
        (err) => answer(false, err),
      );
    } else {
      answer(true, result);
    }
  }

  /**
   * @param {Message} req
   * @returns {unknown}
   */
  perform(req) {
    const local = () => this.wire.local(/** @type {number} */ (req.id));
    const args = () => /** @type {unknown[]} */ (req.args ?? []).map((arg) => this.wire.decode(arg));
    if (req.op === "call") {
      const fn = local();
      if (typeof fn !== "function") throw new TypeError("socket-kata: not a function");
      return Reflect.apply(fn, this.how.trusting ? this.wire.decode(req.this) : undefined, args());
    }
    if (!this.how.trusting) throw new Error(`socket-kata: the learner's process may only call the functions it was given, not "${String(req.op)}"`);
    const target = () => /** @type {Record<string | symbol, unknown>} */ (local());
    const key = () => decodeKey(/** @type {Parameters<typeof decodeKey>[0]} */ (req.key));
    switch (req.op) {
      case "get":
        return Reflect.get(target(), key());
      case "set":
        return Reflect.set(target(), key(), this.wire.decode(req.value));
      case "has":
        return Reflect.has(target(), key());
      case "keys":
        return Reflect.ownKeys(target()).filter((k) => typeof k === "string" && Object.getOwnPropertyDescriptor(target(), k)?.enumerable === true);
      case "new":
        return Reflect.construct(/** @type {new (...a: unknown[]) => unknown} */ (/** @type {unknown} */ (target())), args());
      case "instanceof":
        return this.wire.decode(req.value) instanceof /** @type {Function} */ (/** @type {unknown} */ (target()));
      default:
        if (this.how.extra !== undefined) return this.how.extra(req);
        throw new Error(`socket-kata: unknown request "${String(req.op)}"`);
    }
  }

  /**
   * On the learner's side, a function of the tests' side: calling it waits for the tests to run it.
   * @param {number} id
   */
  callerOf(id) {
    return (/** @type {unknown[]} */ ...args) => this.ask("call", { id, args: args.map((arg) => this.wire.encode(arg)) });
  }

  /**
   * On the tests' side, a stand-in for the learner's object (or function) `id`.
   * @param {number} id
   * @param {boolean} callable
   * @returns {object}
   */
  proxyOf(id, callable) {
    const ask = (/** @type {string} */ op, /** @type {Record<string, unknown>} */ fields = {}) => this.ask(op, { id, ...fields });
    /** @type {Wire} */
    const wire = this.wire;
    const hasInstance = (/** @type {unknown} */ value) => {
      if (value !== null && (typeof value === "object" || typeof value === "function") && wire.standInIds.has(value)) {
        return ask("instanceof", { value: wire.encode(value) }) === true;
      }
      return value instanceof Error && (wire.errorClasses.get(value) ?? []).includes(id);
    };
    const target = callable ? function learnerFunction() {} : {};
    return new Proxy(target, {
      get(_, key) {
        if (key === Symbol.hasInstance && callable) return hasInstance;
        if (key === ASYMMETRIC) return undefined;
        const encoded = encodeKey(key);
        return encoded === undefined ? undefined : ask("get", { key: encoded });
      },
      set(_, key, value) {
        const encoded = encodeKey(key);
        return encoded !== undefined && ask("set", { key: encoded, value: wire.encode(value) }) === true;
      },
      has(_, key) {
        const encoded = encodeKey(key);
        return key !== ASYMMETRIC && encoded !== undefined && ask("has", { key: encoded }) === true;
      },
      ownKeys() {
        const keys = /** @type {string[]} */ (ask("keys"));
        return callable ? [...new Set([...keys, "prototype"])] : keys;
      },
      getOwnPropertyDescriptor(_, key) {
        if (callable && key === "prototype") return Reflect.getOwnPropertyDescriptor(target, key);
        const encoded = encodeKey(key);
        if (encoded === undefined || ask("has", { key: encoded }) !== true) return undefined;
        return { value: ask("get", { key: encoded }), enumerable: true, configurable: true, writable: true };
      },
      apply(_, thisArg, args) {
        return ask("call", { this: wire.encode(thisArg), args: args.map((arg) => wire.encode(arg)) });
      },
      construct(_, args) {
        /** @type {object} */
        const made = /** @type {object} */ (ask("new", { args: args.map((arg) => wire.encode(arg)) }));
        return made;
      },
    });
  }

  /**
   * Give up on the other side (and, on the tests' side, end its process).
   * @param {string} why
   */
  stop(why) {
    this.gone ??= why;
    this.send("kill");
  }
}
