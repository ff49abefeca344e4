/**
 * What the tests may ask of the learner's process besides the learner's
 * module (./child.mjs, "host" requests): the observers that must watch from
 * inside that process. Their answers are testimony: code in that process
 * could forge them (CONTRIBUTING.md, "Grading integrity").
 */
import { beginLeakWatch, endLeakWatch, extraHere, markHandles } from "../leaks.ts";
import { acceptedSeen, connectsSeen, listeningSeen, lookupsSeen, udpBindingsSeen } from "../watchers.ts";

/** What undoes the running test's watches. */
let undo: (() => void)[] = [];
const cleanup = (fn: () => void) => {
  undo.push(fn);
};

export const ops: Record<string, (...args: never[]) => unknown> = {
  beginLeakWatch,
  endLeakWatch,
  markHandles,
  extraHere,
  lookupsSeen: () => lookupsSeen(cleanup),
  listeningSeen: () => listeningSeen(cleanup),
  acceptedSeen: () => acceptedSeen(cleanup),
  connectsSeen: () => connectsSeen(cleanup),
  udpBindingsSeen: () => udpBindingsSeen(cleanup),
  /** Run a test's fixture here, beside the learner's code (support/beside.ts). */
  fixture: async (id: string, name: string, ...args: unknown[]) => {
    if (!/^\d\d-[a-z-]+$/.test(id)) throw new Error(`socket-kata: no fixtures for "${id}"`);
    const fixtures = (await import(new URL(`../fixtures/${id}.ts`, import.meta.url).href)) as Record<string, (...a: unknown[]) => unknown>;
    const fn = fixtures[name];
    if (typeof fn !== "function") throw new Error(`socket-kata: fixtures/${id}.ts has no function "${name}"`);
    return fn(...args);
  },
  /** Nothing: its answer comes after every message sent before it (remote.ts, caughtUp). */
  ping: () => true,
  /** The test ended: undo its watches, last first. */
  testFinished: () => {
    for (const fn of undo.reverse()) fn();
    undo = [];
  },
};
