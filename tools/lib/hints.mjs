// Hints, one step at a time: each call shows the next one and remembers it
// (in .kata/state.json), the last one again once all were seen.
import { ROOT } from "./manifest.mjs";
import { readState, writeState } from "./state.mjs";

/**
 * The next hint of an exercise, and note that it was seen.
 * @param {import("./manifest.mjs").Exercise} exercise
 * @param {"en" | "pt"} lang
 * @param {string} [root]
 * @returns {{ number: number, of: number, text: string, last: boolean }}
 */
export function takeNextHint(exercise, lang, root = ROOT) {
  const hints = exercise.hints[lang];
  const state = readState(root);
  const index = Math.min(state.hintsSeen[exercise.id] ?? 0, hints.length - 1);
  state.hintsSeen[exercise.id] = index + 1;
  writeState(state, root);
  return { number: index + 1, of: hints.length, text: hints[index] ?? "", last: index + 1 >= hints.length };
}

/**
 * Start an exercise's hints again from the first.
 * @param {string} id
 * @param {string} [root]
 */
export function resetHints(id, root = ROOT) {
  const state = readState(root);
  delete state.hintsSeen[id];
  writeState(state, root);
}
