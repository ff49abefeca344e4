// The exercise tables in README.md and README.pt.md are generated from the
// manifest, between the markers below, so the docs cannot drift from it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./manifest.mjs";

const START = "<!-- exercises:start (generated from kata.json by npm run sync) -->";
const END = "<!-- exercises:end -->";

/**
 * @param {import("./manifest.mjs").Manifest} manifest
 * @param {"en" | "pt"} lang
 */
export function exerciseTable(manifest, lang) {
  const head = lang === "pt" ? "| # | exercício | pontos |\n| --- | --- | --- |" : "| # | exercise | points |\n| --- | --- | --- |";
  const readme = lang === "pt" ? "README.pt.md" : "README.md";
  const rows = manifest.exercises.map(
    (e) => `| ${e.id.slice(0, 2)} | [${e.title[lang]}](exercises/${e.id}/${readme}) | ${e.points} |`,
  );
  return [START, head, ...rows, END].join("\n");
}

/** The two READMEs and the language of each. */
export const READMES = /** @type {const} */ ([
  ["README.md", "en"],
  ["README.pt.md", "pt"],
]);

/**
 * The README text with its table brought up to date, or undefined when it
 * has no markers.
 * @param {string} text
 * @param {string} table
 */
export function withTable(text, table) {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return text.slice(0, start) + table + text.slice(end + END.length);
}

/**
 * The READMEs whose table is out of date, and the problems that no rewrite
 * fixes (a README without the markers).
 * @param {import("./manifest.mjs").Manifest} manifest
 * @param {string} [root]
 * @returns {{ stale: { file: string, text: string }[], problems: string[] }} `text`: the README brought up to date
 */
export function readmeTables(manifest, root = ROOT) {
  /** @type {{ file: string, text: string }[]} */
  const stale = [];
  /** @type {string[]} */
  const problems = [];
  for (const [file, lang] of READMES) {
    const text = readFileSync(join(root, file), "utf8");
    const updated = withTable(text, exerciseTable(manifest, lang));
    if (updated === undefined) problems.push(`${file} has no exercise table markers (${START} … ${END})`);
    else if (updated !== text) stale.push({ file, text: updated });
  }
  return { stale, problems };
}

/**
 * Problems with the READMEs' tables (for verify).
 * @param {import("./manifest.mjs").Manifest} manifest
 * @param {string} [root]
 * @returns {string[]}
 */
export function judgeReadmeTables(manifest, root = ROOT) {
  const { stale, problems } = readmeTables(manifest, root);
  return [...problems, ...stale.map(({ file }) => `${file}: the exercise table is out of date (run npm run sync)`)];
}
