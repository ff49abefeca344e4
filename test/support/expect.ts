/**
 * Assertions that read like the protocol log, and that let a stub's
 * NotImplementedError through untouched so the learner sees it first.
 */
import net from "node:net";
import { show } from "./bytes.ts";
import { DeadlineError, within } from "./deadline.ts";
import { errorCode, explain } from "./errors.ts";
import { say } from "./say.ts";

function isNotImplemented(err: unknown): boolean {
  return err instanceof Error && err.name === "NotImplementedError";
}

function describeValue(value: unknown): string {
  if (typeof value === "string" || value instanceof Uint8Array) return show(value);
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Call `fn` and return what it throws, checking the kind. `what` names the
 * call, e.g. "classifyPort(-1)". A NotImplementedError is rethrown as it is.
 */
export function thrownBy<E extends Error>(what: string, kind: abstract new (...args: never[]) => E, fn: () => unknown): E {
  let result: unknown;
  try {
    result = fn();
  } catch (err) {
    if (err instanceof kind) return err;
    if (isNotImplemented(err)) throw err;
    throw new Error(say`expected ${what} to throw a ${kind.name}, but it threw ${explain(err)}`, { cause: err });
  }
  throw new Error(say`expected ${what} to throw a ${kind.name}, but it returned ${describeValue(result)}`);
}

/**
 * Call `fn` and return what it returns. If it throws, fail with what was
 * being done and the error ("push() of … threw RangeError: …"), not a bare
 * "Attempt to access memory outside buffer bounds" with no input in sight.
 * A NotImplementedError is rethrown as it is.
 */
export function attempt<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isNotImplemented(err)) throw err;
    const name = err instanceof Error ? `${err.name}: ` : "";
    throw new Error(say`${what} threw ${name}${explain(err)}`, { cause: err });
  }
}

/**
 * Await `work` and return the error it rejects with, within the deadline.
 * `what` names the call, e.g. "listen({ port })". With `code`, the error
 * must carry that code (EADDRINUSE, ENOTFOUND, …).
 */
export async function rejectionOf(what: string, work: PromiseLike<unknown>, code?: string): Promise<Error> {
  let value: unknown;
  try {
    value = await within(say`a result from ${what} (it neither resolved nor rejected)`, work);
  } catch (err) {
    // A hang is not a rejection: say what never settled.
    if (isNotImplemented(err) || err instanceof DeadlineError) throw err;
    if (!(err instanceof Error)) {
      throw new Error(say`expected ${what} to reject with an Error, but it rejected with ${describeValue(err)}`, { cause: err });
    }
    if (code !== undefined && errorCode(err) !== code) {
      throw new Error(say`expected ${what} to reject with ${code}, but it rejected with ${explain(err)}`, { cause: err });
    }
    return err;
  }
  throw new Error(
    code === undefined
      ? say`expected ${what} to reject, but it resolved with ${describeValue(value)}`
      : say`expected ${what} to reject with ${code}, but it resolved with ${describeValue(value)}`,
  );
}

/**
 * Try to connect and report what happened: "connected", or the error code
 * (ECONNREFUSED when nothing listens). The probe socket is always closed.
 */
export async function probeConnect(port: number, host = "127.0.0.1"): Promise<string> {
  const socket = net.connect({ port, host });
  try {
    await within(
      say`a probe connection to ${host}:${port}`,
      new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("error", reject);
      }),
    );
    return "connected";
  } catch (err) {
    return errorCode(err) ?? explain(err);
  } finally {
    socket.destroy();
  }
}
