// A small unified-diff applier for mutants kept as patches of their
// solution (test/mutants/<id>/<mistake>.diff): exact context, no fuzz, so
// a patch that no longer fits its solution is reported, never guessed.

/**
 * @typedef {{ oldStart: number, lines: string[] }} Hunk
 */

/**
 * The hunks of a unified diff (anything before the first "@@" is ignored).
 * @param {string} diff
 * @returns {Hunk[]}
 */
export function parseHunks(diff) {
  /** @type {Hunk[]} */
  const hunks = [];
  /** @type {Hunk | undefined} */
  let hunk;
  for (const line of diff.replace(/\n+$/, "").split("\n")) {
    const head = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line);
    if (head) {
      hunk = { oldStart: Number(head[1]), lines: [] };
      hunks.push(hunk);
    } else if (hunk && /^[ +-]/.test(line)) {
      hunk.lines.push(line);
    } else if (hunk && line === "") {
      hunk.lines.push(" "); // an empty context line whose space an editor trimmed
    }
    // Anything else ("\ No newline at end of file", the header) is not part of a hunk.
  }
  return hunks;
}

/**
 * Apply a unified diff to `text`. Throws, naming the hunk, when its lines
 * are not found exactly.
 * @param {string} text
 * @param {string} diff
 * @returns {string}
 */
export function applyPatch(text, diff) {
  const lines = text.split("\n");
  let offset = 0;
  parseHunks(diff).forEach((hunk, index) => {
    const before = hunk.lines.filter((l) => !l.startsWith("+")).map((l) => l.slice(1));
    const after = hunk.lines.filter((l) => !l.startsWith("-")).map((l) => l.slice(1));
    const matches = (/** @type {number} */ at) => before.every((line, i) => lines[at + i] === line);
    let at = hunk.oldStart - 1 + offset;
    if (!matches(at)) {
      const found = lines.findIndex((_, i) => matches(i));
      if (found === -1) throw new Error(`hunk ${index + 1} (at line ${hunk.oldStart}) does not match the solution any more`);
      at = found;
    }
    lines.splice(at, before.length, ...after);
    offset = at - (hunk.oldStart - 1) + after.length - before.length;
  });
  return lines.join("\n");
}
