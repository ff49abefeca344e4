// How values cross between the tests and the learner's code when that code
// runs in a process of its own (test/support/remote.ts, ./child.mjs).
//
// Data is copied: primitives, bytes (Buffer, typed arrays), arrays, errors,
// and, from the tests to the learner's code, plain objects. Everything else
// stays where it lives and crosses as a handle: the other side gets a
// stand-in (a Proxy on the tests' side, a function on the learner's) that
// reaches the real thing by its number. Promises cross as a number and
// settle later. Both sides share this file; it runs in plain Node, without
// Vite, so it is JavaScript with JSDoc types.

/** @typedef {{ t: string, [key: string]: unknown }} Tagged */

const WELL_KNOWN = /** @type {const} */ (["iterator", "asyncIterator", "hasInstance", "toPrimitive", "toStringTag"]);

/**
 * A property key as it crosses: strings as they are, symbols by name when
 * the other side can make the same one (well-known or Symbol.for).
 * @param {string | symbol} key
 * @returns {string | { sym: string } | { symFor: string } | undefined}
 */
export function encodeKey(key) {
  if (typeof key === "string") return key;
  for (const name of WELL_KNOWN) if (Symbol[name] === key) return { sym: name };
  const shared = Symbol.keyFor(key);
  return shared === undefined ? undefined : { symFor: shared };
}

/**
 * @param {string | { sym?: string, symFor?: string }} key
 * @returns {string | symbol}
 */
export function decodeKey(key) {
  if (typeof key === "string") return key;
  if (key.sym !== undefined) return /** @type {symbol} */ (Symbol[/** @type {(typeof WELL_KNOWN)[number]} */ (key.sym)]);
  return Symbol.for(String(key.symFor));
}

/**
 * The prototype of `value`.
 * @param {object} value
 * @returns {{ constructor?: unknown } | null}
 */
const protoOf = (value) => Reflect.getPrototypeOf(value);

/** Built-in error classes an error may be rebuilt as, so `instanceof RangeError` holds on both sides. */
const ERRORS = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError };

/**
 * The built-in error class an error was made from (a subclass counts as its nearest built-in).
 * @param {Error} err
 */
function builtinOf(err) {
  for (let proto = protoOf(err); proto !== null; proto = protoOf(proto)) {
    for (const [name, ctor] of Object.entries(ERRORS)) if (proto === ctor.prototype) return name;
  }
  return "Error";
}

/**
 * One side of the wire: what it has handed out (by number) and the stand-ins
 * it holds for what the other side handed out.
 */
export class Wire {
  /**
   * @param {object} how
   * @param {boolean} how.copyPlainObjects plain objects cross as copies (the tests' side), or as handles (the learner's)
   * @param {(id: number, tagged: Tagged) => unknown} how.standIn a stand-in for the other side's object `id`
   * @param {(id: number) => Promise<unknown>} how.promise a promise for the other side's promise `id`
   * @param {(id: number, promise: Promise<unknown>) => void} [how.handedOutPromise] told of each promise of this side handed out
   * @param {boolean} [how.objectsByHandle] objects that are not copied cross as handles; else they are refused
   */
  constructor(how) {
    this.how = how;
    /** @type {Map<number, unknown>} what this side handed out, by number */
    this.mine = new Map();
    /** @type {Map<unknown, number>} */
    this.numbers = new Map();
    /** @type {Map<number, unknown>} stand-ins for the other side's things */
    this.theirs = new Map();
    /** @type {WeakMap<object, number>} stand-in → its number on the other side */
    this.standInIds = new WeakMap();
    /** @type {WeakMap<object, number[]>} an error copied from the other side → the numbers of its classes there */
    this.errorClasses = new WeakMap();
    this.next = 1;
  }

  /**
   * Hand out a thing of this side; the same thing always gets the same number.
   * @param {unknown} thing
   */
  handOut(thing) {
    let id = this.numbers.get(thing);
    if (id === undefined) {
      id = this.next++;
      this.mine.set(id, thing);
      this.numbers.set(thing, id);
    }
    return id;
  }

  /**
   * @param {number} id
   * @returns {unknown}
   */
  local(id) {
    if (!this.mine.has(id)) throw new Error(`socket-kata: no object #${id} on this side`);
    return this.mine.get(id);
  }

  /**
   * What crosses for `value`.
   * @param {unknown} value
   * @param {number} [depth]
   * @returns {unknown}
   */
  encode(value, depth = 0) {
    if (depth > 64) throw new Error("socket-kata: a value nested more than 64 deep cannot cross to the other process");
    if (value === null || (typeof value !== "object" && typeof value !== "function")) {
      if (typeof value === "symbol") return { t: "symbol", key: encodeKey(value), text: value.description };
      return value;
    }
    const theirId = this.standInIds.get(value);
    if (theirId !== undefined) return { t: "ref", id: theirId };
    if (ArrayBuffer.isView(value)) {
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
      return { t: "bytes", kind: Buffer.isBuffer(value) ? "Buffer" : value.constructor.name, bytes };
    }
    if (value instanceof ArrayBuffer) return { t: "bytes", kind: "ArrayBuffer", bytes: new Uint8Array(value.slice(0)) };
    if (value instanceof Error) return this.encodeError(value, depth);
    if (typeof value === "function") return { t: "fn", id: this.handOut(value) };
    if (Array.isArray(value)) return { t: "array", items: value.map((item) => this.encode(item, depth + 1)) };
    if (value instanceof Promise) {
      const known = this.numbers.has(value);
      const id = this.handOut(value);
      if (!known) this.how.handedOutPromise?.(id, value);
      return { t: "promise", id };
    }
    const proto = protoOf(value);
    if (this.how.copyPlainObjects && (proto === Object.prototype || proto === null)) {
      /** @type {Record<string, unknown>} */
      const entries = {};
      for (const [key, item] of Object.entries(value)) entries[key] = this.encode(item, depth + 1);
      return { t: "plain", entries };
    }
    if (this.how.objectsByHandle !== true) {
      const kind = typeof proto?.constructor === "function" ? proto.constructor.name : "object";
      throw new TypeError(`socket-kata: a ${kind} cannot be passed to code in another process`);
    }
    return { t: "object", id: this.handOut(value), plain: proto === Object.prototype || proto === null };
  }

  /**
   * @param {Error} err
   * @param {number} depth
   */
  encodeError(err, depth) {
    /** @type {Record<string, unknown>} */
    const props = {};
    // An AggregateError's `errors` is its own but not enumerable.
    const keys = err instanceof AggregateError ? [...new Set([...Object.keys(err), "errors"])] : Object.keys(err);
    for (const key of keys) {
      try {
        props[key] = this.encode(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (err))[key], depth + 1);
      } catch {
        props[key] = String(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (err))[key]);
      }
    }
    /** @type {number[]} the classes it was made from, nearest first, so `instanceof` works across */
    const classes = [];
    /** @type {unknown[]} */
    const builtins = Object.values(ERRORS);
    for (let proto = protoOf(err); proto !== null && proto !== Error.prototype; proto = protoOf(proto)) {
      const ctor = proto.constructor;
      if (typeof ctor === "function" && !builtins.includes(ctor)) classes.push(this.handOut(ctor));
    }
    return { t: "error", builtin: builtinOf(err), name: err.name, message: err.message, stack: err.stack, cause: err.cause === undefined ? undefined : this.encode(err.cause, depth + 1), props, classes };
  }

  /**
   * The value for what crossed.
   * @param {unknown} enc
   * @returns {unknown}
   */
  decode(enc) {
    if (enc === null || typeof enc !== "object") return enc;
    const tagged = /** @type {Tagged} */ (enc);
    switch (tagged.t) {
      case "symbol": {
        const key = /** @type {Parameters<typeof decodeKey>[0] | undefined} */ (tagged.key);
        return key === undefined ? Symbol(/** @type {string | undefined} */ (tagged.text)) : decodeKey(key);
      }
      case "ref":
        return this.local(/** @type {number} */ (tagged.id));
      case "bytes": {
        const bytes = /** @type {Uint8Array} */ (tagged.bytes);
        if (tagged.kind === "Buffer") return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        if (tagged.kind === "ArrayBuffer") return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        return new Uint8Array(bytes);
      }
      case "array":
        return /** @type {unknown[]} */ (tagged.items).map((item) => this.decode(item));
      case "plain": {
        /** @type {Record<string, unknown>} */
        const copy = {};
        for (const [key, item] of Object.entries(/** @type {Record<string, unknown>} */ (tagged.entries))) copy[key] = this.decode(item);
        return copy;
      }
      case "error":
        return this.decodeError(tagged);
      case "promise": {
        // The same promise each time it crosses: `a === b` holds here when it held there.
        const id = /** @type {number} */ (tagged.id);
        let standIn = this.theirs.get(id);
        if (standIn === undefined) {
          standIn = this.how.promise(id);
          this.theirs.set(id, standIn);
        }
        return standIn;
      }
      case "fn":
      case "object": {
        const id = /** @type {number} */ (tagged.id);
        let standIn = this.theirs.get(id);
        if (standIn === undefined) {
          standIn = this.how.standIn(id, tagged);
          this.theirs.set(id, standIn);
          this.standInIds.set(/** @type {object} */ (standIn), id);
        }
        return standIn;
      }
      default:
        throw new Error(`socket-kata: unknown value kind "${String(tagged.t)}" from the other process`);
    }
  }

  /** @param {Tagged} tagged */
  decodeError(tagged) {
    const Builtin = /** @type {ErrorConstructor} */ (ERRORS[/** @type {keyof typeof ERRORS} */ (tagged.builtin)] ?? Error);
    const err = tagged.builtin === "AggregateError" ? new AggregateError([], String(tagged.message)) : new Builtin(String(tagged.message));
    Object.defineProperty(err, "name", { value: tagged.name, writable: true, configurable: true });
    Object.defineProperty(err, "stack", { value: tagged.stack, writable: true, configurable: true });
    if (tagged.cause !== undefined) Object.defineProperty(err, "cause", { value: this.decode(tagged.cause), writable: true, configurable: true });
    for (const [key, item] of Object.entries(/** @type {Record<string, unknown>} */ (tagged.props))) {
      if (key === "errors" && err instanceof AggregateError) Object.defineProperty(err, key, { value: this.decode(item), writable: true, configurable: true });
      else /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (err))[key] = this.decode(item);
    }
    this.errorClasses.set(err, /** @type {number[]} */ (tagged.classes));
    return err;
  }
}
