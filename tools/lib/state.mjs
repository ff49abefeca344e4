// The learner's progress that is not in their code: how many hints of each
// exercise they have seen, which exercises passed at the last run (so
// npm run watch can draw its first screen before its first run ends), and
// the exercise watch showed last (so it can say when it starts elsewhere). Kept
// in .kata/state.json (gitignored).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./manifest.mjs";

/**
 * @typedef {{ hintsSeen: Record<string, number>, passed?: string[], current?: string }} State
 *   `current`: the exercise npm run watch showed last (where the learner left off)
 */

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
    const passed = parsed && typeof parsed === "object" && "passed" in parsed && Array.isArray(parsed.passed) ? parsed.passed.map(String) : undefined;
    const current = parsed && typeof parsed === "object" && "current" in parsed && typeof parsed.current === "string" ? parsed.current : undefined;
    return { hintsSeen: /** @type {Record<string, number>} */ (hintsSeen ?? {}), ...(passed ? { passed } : {}), ...(current ? { current } : {}) };
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
