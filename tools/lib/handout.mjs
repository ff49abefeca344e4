// What a hand-out copy (npm run export) changes that grading must know: its
// package.json `imports` map points #kata at exercises/ only, so its
// grading.lock.json, and the digest every grade report made in it carries,
// differ from the kata's in that one hash. The class reports accept both.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCK_FILE, lockDigest } from "./lock.mjs";

/** The `imports` map of a hand-out copy's package.json. */
export const HANDOUT_IMPORTS = { "#kata/*": "./exercises/*/index.ts" };

/** Its hash in a lock (as tools/lib/lock.mjs takes it). */
export const HANDOUT_IMPORTS_HASH = createHash("sha256").update(JSON.stringify(HANDOUT_IMPORTS)).digest("hex");

/**
 * The lock a hand-out copy of a kata gets, from the kata's own: the same
 * hashes, but for the `imports` map the export rewrites.
 * @param {import("./lock.mjs").Lock} lock
 * @returns {import("./lock.mjs").Lock}
 */
export function handoutLock(lock) {
  const files = { ...lock.files };
  if ("package.json#imports" in files) files["package.json#imports"] = HANDOUT_IMPORTS_HASH;
  return { ...lock, files };
}

/**
 * The lock digests a report of this kata may honestly carry: the kata's own
 * (graded in this checkout, or with --class) and its hand-out copy's (a
 * Classroom run in a student's repository). None when the kata has no
 * readable lock.
 * @param {string} root the kata's checkout (or a hand-out copy: then both are its own)
 * @returns {string[]}
 */
export function acceptedDigests(root) {
  const path = join(root, LOCK_FILE);
  if (!existsSync(path)) return [];
  try {
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(path, "utf8"));
    const lock = /** @type {import("./lock.mjs").Lock} */ (parsed);
    return [...new Set([lockDigest(lock), lockDigest(handoutLock(lock))])];
  } catch {
    return [];
  }
}
