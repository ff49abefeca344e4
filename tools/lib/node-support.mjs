// The Node.js versions the kata runs on, from package.json "engines" (the one
// place they are stated), and the one-line refusal on any other version.
//
// Every `npm run` tool preloads this file (`node --import ./tools/lib/node-support.mjs …`),
// so it runs before the tool's own imports are even linked: on Node 20 a
// learner reads one line, not a stack trace from deep inside Vitest.
// `node tools/lib/node-support.mjs` alone exits 0 on a supported Node, 2 on
// any other (.ci/use-node asks it whether the system's Node will do).
import { readFileSync } from "node:fs";
import { pickLang } from "./lang.mjs";

/** @param {string} version "22.12.0", "v24.1.0" */
const parse = (version) => version.replace(/^v/, "").split(/[.-]/, 3).map(Number);

/**
 * Whether `version` is in `range`, for the forms package.json "engines" uses
 * here: alternatives joined by `||`, each `^X.Y.Z` (same major, at least
 * X.Y.Z) or `>=X.Y.Z`.
 * @param {string} version
 * @param {string} range
 */
export function satisfies(version, range) {
  const [major = 0, minor = 0, patch = 0] = parse(version);
  const at = major * 1e8 + minor * 1e4 + patch;
  return range.split("||").some((part) => {
    const m = /^\s*(\^|>=)\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(part);
    if (!m) throw new Error(`package.json engines.node: cannot read "${part.trim()}"`);
    const [low, lowMinor, lowPatch] = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
    const floor = low * 1e8 + lowMinor * 1e4 + lowPatch;
    return at >= floor && (m[1] === ">=" || major === low);
  });
}

/**
 * The range in words: "^22.22.1 || ^24.0.0 || >=26.0.0" → "22.22.1+, 24 or 26+".
 * @param {string} range
 * @param {"en" | "pt"} lang
 */
export function rangeInWords(range, lang = "en") {
  const words = range.split("||").map((part) => {
    const m = /^\s*(\^|>=)\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(part);
    if (!m) return part.trim();
    const exact = [m[2], m[3] ?? "0", m[4] ?? "0"].join(".");
    const bare = m[3] === undefined || (m[3] === "0" && (m[4] ?? "0") === "0");
    const base = bare ? String(m[2]) : exact;
    return m[1] === ">=" || !bare ? `${base}+` : base;
  });
  const or = lang === "pt" ? " ou " : " or ";
  return words.length > 1 ? `${words.slice(0, -1).join(", ")}${or}${words.at(-1)}` : (words[0] ?? range);
}

/** package.json engines.node of the kata this file belongs to. */
export function supportedRange() {
  /** @type {unknown} */
  const raw = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return /** @type {{ engines?: { node?: string } }} */ (raw).engines?.node ?? ">=0";
}

/**
 * The one line a learner reads on an unsupported Node.
 * @param {string} version
 * @param {string} range
 * @param {"en" | "pt"} lang
 */
export function refusal(version, range, lang = "en") {
  return lang === "pt"
    ? `Este kata precisa do Node.js ${rangeInWords(range, "pt")}; tens o ${version}. Vê "Do que precisas" no README.pt.md.`
    : `This kata needs Node.js ${rangeInWords(range, "en")}; you have ${version}. See "What you need" in README.md.`;
}

const range = supportedRange();
const version = process.versions.node;
if (!satisfies(version, range)) {
  const flag = process.argv.indexOf("--lang");
  console.error(refusal(version, range, pickLang(flag >= 0 ? process.argv[flag + 1] : undefined)));
  process.exit(2);
}
