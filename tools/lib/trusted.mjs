// The grader's trusted copy. A learner's code runs inside the grader and
// can write files: the grader itself, a test and its lock hash, a module of
// Vitest. So grading never runs in the kata it grades: it copies the kata's
// own files (tests, tools, configuration, the lock) and the learner's
// exercises/ into a fresh temp directory, links the kata's node_modules,
// takes fingerprints of everything that is not the learner's before any
// learner code runs, and compares them afterwards: whatever changed, in the
// copy or in the kata it came from, voids the grade and is named.
import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";

/** Top-level entries of a kata that are not copied: the learner's own (exercises/ comes from the learner), outputs, caches, git. */
const NOT_COPIED = new Set(["exercises", "node_modules", "reports", "coverage", ".git", ".kata", ".stryker-tmp"]);

/**
 * Vitest's and Vite's caches inside node_modules, which every run writes. The grader
 * turns Vitest's module cache off, so nothing in them decides a grade.
 */
const CACHES = new Set([".vite", ".vite-temp", ".vitest-cache", ".cache"]);

/**
 * @typedef {Map<string, string>} Fingerprint
 *   path (relative, "/"-separated) -> a digest of its content (the kata's own files)
 *   or of its inode, change time and size (node_modules: tens of thousands of files,
 *   and no write, chmod or utimes leaves the change time as it was)
 */

/**
 * @param {string} dir
 * @param {string} base the prefix the paths get
 * @param {(path: string, full: string) => string} digest
 * @param {(path: string) => boolean} skip
 * @param {Fingerprint} into
 */
function walk(dir, base, digest, skip, into) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = base ? `${base}/${entry.name}` : entry.name;
    if (skip(path)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, path, digest, skip, into);
    else into.set(path, digest(path, full));
  }
}

/** @param {string} full */
const contentDigest = (full) => {
  const stat = lstatSync(full);
  return stat.isSymbolicLink() ? `link ${realpathSync(full)}` : createHash("sha256").update(readFileSync(full)).digest("hex");
};

/** @param {string} full */
const inodeDigest = (full) => {
  const s = lstatSync(full, { bigint: true });
  return `${s.ino}:${s.ctimeNs}:${s.size}`;
};

/**
 * Everything in a kata that grading trusts: its files but exercises/ (and outputs), and,
 * with `modules`, its node_modules.
 * @param {string} root
 * @param {{ modules?: boolean, skip?: string[] }} [options] `skip`: more paths the grader itself writes (its --out)
 * @returns {Fingerprint}
 */
export function fingerprint(root, { modules: withModules = true, skip = [] } = {}) {
  /** @type {Fingerprint} */
  const prints = new Map();
  walk(root, "", (_, full) => contentDigest(full), (path) => NOT_COPIED.has(path) || path === ".ci/node" || skip.includes(path), prints);
  const modules = join(root, "node_modules");
  if (withModules && existsSync(modules)) {
    const real = realpathSync(modules);
    walk(real, "node_modules", (_, full) => inodeDigest(full), (path) => CACHES.has(path.split("/")[1] ?? ""), prints);
  }
  return prints;
}

/**
 * What differs between two fingerprints, as the grade's tampered entries.
 * @param {Fingerprint} before
 * @param {Fingerprint} after
 * @param {string} where prefix for the names ("" for the kata graded)
 * @returns {{ key: string, expected: string, actual: string }[]}
 */
export function changes(before, after, where = "") {
  /** @type {{ key: string, expected: string, actual: string }[]} */
  const found = [];
  for (const [path, print] of before) {
    const now = after.get(path);
    if (now !== print) found.push({ key: `${where}${path}`, expected: "unchanged while grading", actual: now === undefined ? "deleted during grading" : "changed during grading" });
  }
  for (const path of after.keys()) {
    if (!before.has(path)) found.push({ key: `${where}${path}`, expected: "absent", actual: "added during grading" });
  }
  return found;
}

/**
 * A fresh copy to grade in: the kata's own files from `kata`, the exercises from `learner`,
 * the kata's node_modules linked.
 * @param {string} kata the trusted kata (its tests, tools, configuration)
 * @param {string} learner the checkout whose exercises/ are graded
 */
export function makeTrustedCopy(kata, learner) {
  const dir = mkdtempSync(join(tmpdir(), "socket-kata-grading-"));
  cpSync(kata, dir, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => {
      const path = relative(kata, src).split(sep).join("/");
      return !NOT_COPIED.has(path.split("/")[0] ?? "") && !path.startsWith(".ci/node");
    },
  });
  cpSync(join(learner, "exercises"), join(dir, "exercises"), { recursive: true });
  if (existsSync(join(kata, "node_modules"))) symlinkSync(realpathSync(join(kata, "node_modules")), join(dir, "node_modules"), process.platform === "win32" ? "junction" : "dir");
  return dir;
}

/** @param {string} dir */
export function removeTrustedCopy(dir) {
  rmSync(dir, { recursive: true, force: true });
}
