// The manifest (kata.json) is the single source of truth for the order, ids,
// titles, points and hints of the exercises. Every tool reads it through here.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * @typedef {{ en: string, pt: string }} Text
 * @typedef {{ en: string[], pt: string[] }} Hints
 * @typedef {{ id: string, title: Text, points: number, hints: Hints, server?: boolean }} Exercise
 *   `server`: it builds a server, which `npm run serve` starts (tools/lib/serving.mjs) and its READMEs' "Try it by hand" talks to
 * @typedef {{ exercises: Exercise[] }} Manifest
 */

/**
 * Read kata.json.
 * @param {string} [root]
 * @returns {Manifest}
 */
export function loadManifest(root = ROOT) {
  const text = readFileSync(join(root, "kata.json"), "utf8");
  /** @type {unknown} */
  const parsed = JSON.parse(text);
  return /** @type {Manifest} */ (parsed);
}

/**
 * The paths of one exercise, relative to the root: everything a newcomer
 * finds from the id alone.
 * @param {string} id
 */
export function pathsOf(id) {
  return {
    stub: `exercises/${id}/index.ts`,
    solution: `solutions/${id}/index.ts`,
    test: `test/${id}.test.ts`,
    readme: `exercises/${id}/README.md`,
    readmePt: `exercises/${id}/README.pt.md`,
  };
}

/**
 * Find an exercise by its id or its number ("03", "3", "03-listen").
 * @param {Manifest} manifest
 * @param {string} query
 * @returns {Exercise | undefined}
 */
export function findExercise(manifest, query) {
  const number = /^\d+$/.test(query) ? query.padStart(2, "0") : undefined;
  return manifest.exercises.find((e) => e.id === query || (number !== undefined && e.id.startsWith(`${number}-`)));
}

/**
 * The exercise a tool's positional argument names. Without one, or with an
 * unknown one, print the tool's own line on stderr and exit 2.
 * @param {Manifest} manifest
 * @param {string | undefined} query
 * @param {{ usage: string, unknown: (query: string) => string }} text
 * @returns {Exercise}
 */
export function exerciseOrExit(manifest, query, text) {
  const exercise = query === undefined ? undefined : findExercise(manifest, query);
  if (!exercise) {
    console.error(query === undefined ? text.usage : text.unknown(query));
    process.exit(2);
  }
  return exercise;
}
