// The learner's progress that is not in their code: how many hints of each
// exercise they have seen. Kept in .kata/state.json (gitignored).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./manifest.mjs";

/** @typedef {{ hintsSeen: Record<string, number> }} State */

/** @param {string} [root] */
function fileOf(root = ROOT) {
  return join(root, ".kata", "state.json");
}

/**
 * @param {string} [root]
 * @returns {State}
 */
export function readState(root = ROOT) {
  try {
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(fileOf(root), "utf8"));
    const hintsSeen = parsed && typeof parsed === "object" && "hintsSeen" in parsed ? parsed.hintsSeen : {};
    return { hintsSeen: /** @type {Record<string, number>} */ (hintsSeen ?? {}) };
  } catch {
    return { hintsSeen: {} };
  }
}

/**
 * @param {State} state
 * @param {string} [root]
 */
export function writeState(state, root = ROOT) {
  mkdirSync(join(root, ".kata"), { recursive: true });
  writeFileSync(fileOf(root), `${JSON.stringify(state, null, 2)}\n`);
}
