// The grading lock: hashes of everything that decides a grade besides the
// learner's own code (the tests, their shared support, the Vitest config,
// the manifest, the `imports` map that points #kata at exercises/). `npm run
// lock` writes grading.lock.json; verify checks it is current; `npm run
// grade` refuses points for anything that does not match.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, loadManifest } from "./manifest.mjs";

export const LOCK_FILE = "grading.lock.json";

/** @typedef {{ schema: "socket-kata/grading-lock@1", files: Record<string, string> }} Lock */

/** @param {string} text */
const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/**
 * What the lock covers, as lock keys: paths, and "package.json#imports".
 * @param {string} [root]
 */
export function lockedKeys(root = ROOT) {
  const ids = loadManifest(root).exercises.map((e) => e.id);
  // Every file of the support, in its folders too (host/: the learner's process under isolation; fixtures/).
  const support = existsSync(join(root, "test", "support"))
    ? readdirSync(join(root, "test", "support"), { recursive: true, encoding: "utf8" })
        .filter((f) => /\.(?:ts|mjs)$/.test(f))
        .map((f) => `test/support/${f.replaceAll("\\", "/")}`)
        .sort()
    : [];
  return ["kata.json", "vitest.config.ts", "package.json#imports", ...support, ...ids.map((id) => `test/${id}.test.ts`)];
}

/**
 * The hash of one key as the tree has it now, or "missing".
 * @param {string} key
 * @param {string} [root]
 */
export function hashOf(key, root = ROOT) {
  if (key === "package.json#imports") {
    /** @type {unknown} */
    const raw = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const pkg = /** @type {{ imports?: unknown }} */ (raw);
    return sha256(JSON.stringify(pkg.imports ?? null));
  }
  const path = join(root, key);
  return existsSync(path) ? sha256(readFileSync(path, "utf8").replaceAll("\r\n", "\n")) : "missing";
}

/** @param {string} [root] @returns {Lock} */
export function computeLock(root = ROOT) {
  return { schema: "socket-kata/grading-lock@1", files: Object.fromEntries(lockedKeys(root).map((key) => [key, hashOf(key, root)])) };
}

/** grading.lock.json as the tree needs it now. @param {string} [root] */
export function lockText(root = ROOT) {
  return `${JSON.stringify(computeLock(root), null, 2)}\n`;
}

/** @param {string} [root] */
export function writeLock(root = ROOT) {
  writeFileSync(join(root, LOCK_FILE), lockText(root));
}

/**
 * Compare the committed lock with the tree: the keys that differ.
 * @param {string} [root]
 * @returns {{ key: string, expected: string, actual: string }[] | undefined} undefined when there is no lock file
 */
export function lockDifferences(root = ROOT) {
  const path = join(root, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  /** @type {unknown} */
  const raw = JSON.parse(readFileSync(path, "utf8"));
  return differencesFrom(/** @type {Lock} */ (raw), root);
}

/**
 * Compare a lock already read (the one grading began with) with the tree.
 * @param {Lock} lock
 * @param {string} [root]
 * @returns {{ key: string, expected: string, actual: string }[]}
 */
export function differencesFrom(lock, root = ROOT) {
  const now = computeLock(root).files;
  const keys = new Set([...Object.keys(lock.files), ...Object.keys(now)]);
  return [...keys]
    .map((key) => ({ key, expected: lock.files[key] ?? "not in the lock", actual: now[key] ?? "missing" }))
    .filter((d) => d.expected !== d.actual);
}

/**
 * A short digest of a lock, for instructors to compare reports with the copy
 * they published.
 * @param {Lock} lock
 */
export function lockDigest(lock) {
  return sha256(JSON.stringify(lock)).slice(0, 16);
}

/**
 * The committed lock.
 * @param {string} [root]
 * @returns {Lock}
 */
export function readLock(root = ROOT) {
  /** @type {unknown} */
  const raw = JSON.parse(readFileSync(join(root, LOCK_FILE), "utf8"));
  return /** @type {Lock} */ (raw);
}
