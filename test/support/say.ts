/**
 * The learner's language for what a failing test says. Every message the
 * tests and this support write goes through the `say` tag:
 *
 *     expect(client.text, say`what ${client.label} got back`).toBe("hi\n");
 *
 * In English the template reads as written. In Portuguese its key, the
 * English text with each `${…}` numbered ("what {0} got back"), is looked up
 * in test/messages.pt.json, and the values are put back into the Portuguese
 * text by number. `npm run verify` (the labels check) keeps that catalogue
 * complete, so a missing entry only falls back to English between commits.
 *
 * The language: KATA_LANG ("en" or "pt", set by npm test / npm run watch
 * from --lang), else LC_ALL, LC_MESSAGES or LANG starting with "pt", as the
 * tools choose it.
 */
import { readFileSync } from "node:fs";

export type KataLang = "en" | "pt";

function pickLang(): KataLang {
  const env = process.env;
  // An empty variable counts as unset, as POSIX says (and as tools/lib/lang.mjs reads them).
  const chosen = env.KATA_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return chosen.toLowerCase().startsWith("pt") ? "pt" : "en";
}

/** The language the tests speak in this run. */
export const KATA_LANG: KataLang = pickLang();

let catalogue: Readonly<Record<string, string>> | undefined;

function portuguese(): Readonly<Record<string, string>> {
  if (catalogue === undefined) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(new URL("../messages.pt.json", import.meta.url), "utf8"));
      catalogue = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch {
      catalogue = {};
    }
  }
  return catalogue;
}

/** The catalogue key of a template: its text with each `${…}` as {0}, {1}, … */
export function messageKey(strings: readonly string[]): string {
  return strings.reduce((key, part, i) => (i === 0 ? part : `${key}{${i - 1}}${part}`), "");
}

/** Fill {0}, {1}, … of `text` with `values`, in whatever order the text names them. */
function fill(text: string, values: readonly unknown[]): string {
  return text.replace(/\{(\d+)\}/g, (whole, n: string) => (Number(n) < values.length ? String(values[Number(n)]) : whole));
}

/** A message in the learner's language (a template tag; see the top of this file). */
export function say(strings: TemplateStringsArray, ...values: unknown[]): string {
  if (KATA_LANG === "pt") {
    const text = portuguese()[messageKey(strings)];
    if (text !== undefined) return fill(text, values);
  }
  return strings.reduce((out, part, i) => `${out}${String(values[i - 1])}${part}`);
}
