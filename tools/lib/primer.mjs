// The primer, docs/sockets.md and docs/sockets.pt.md, is the course's map
// of the subject: every exercise README links to it (in its own language),
// and it names every exercise, so neither can drift from kata.json.
import { posix } from "node:path";

/** The primer in each language, and the README that links to it. */
export const PRIMERS = /** @type {const} */ ([
  { primer: "docs/sockets.md", readme: "README.md" },
  { primer: "docs/sockets.pt.md", readme: "README.pt.md" },
]);

/**
 * The targets of the Markdown links and images in `text`, without any
 * `#fragment`.
 * @param {string} text
 */
export function linkTargets(text) {
  return [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => (m[1] ?? "").split("#")[0] ?? "");
}

/**
 * Problems with the primer and the links to it.
 * @param {string[]} ids every exercise id of kata.json
 * @param {{ read: (path: string) => string, exists: (path: string) => boolean }} io paths relative to the root
 * @returns {string[]}
 */
export function judgePrimer(ids, { read, exists }) {
  /** @type {string[]} */
  const problems = [];
  for (const { primer, readme } of PRIMERS) {
    if (!exists(primer)) {
      problems.push(`${primer} is missing: every exercise's ${readme} links to it`);
      continue;
    }
    const text = read(primer);
    const missing = ids.filter((id) => !new RegExp(`(?<![\\w-])${id}(?![\\w-])`).test(text));
    if (missing.length > 0) problems.push(`${primer} does not name ${missing.join(", ")}: name each where the primer explains its step`);
    // Every local link or image of the primer leads to a file that exists (the diagram among them).
    for (const target of linkTargets(text)) {
      if (target === "" || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const path = posix.normalize(posix.join(posix.dirname(primer), target));
      if (!exists(path)) problems.push(`${primer} links to ${target}, which does not exist`);
    }
    for (const id of ids) {
      const file = `exercises/${id}/${readme}`;
      if (!exists(file)) continue; // the manifest check reports a missing README
      const wanted = posix.relative(`exercises/${id}`, primer);
      if (!linkTargets(read(file)).includes(wanted)) problems.push(`${file} does not link to the primer (${wanted})`);
    }
  }
  return problems;
}
