// The speed targets of npm run bench, and how a measurement is judged and shown.

/**
 * What each measurement should stay under, and why.
 * @type {Record<string, { targetMs?: number, why: string }>}
 */
export const TARGETS = {
  stubRun: { targetMs: 3_000, why: "a learner's first npm test answers at once (all stubs, a fresh process)" },
  slowestStubTest: { targetMs: 250, why: "rule 2 of CONTRIBUTING.md: against the stub every test fails within milliseconds, never by a deadline" },
  solutionRun: { targetMs: 10_000, why: "the whole kata, green, in a fresh process: a maintainer's quick check, run again and again by npm run soak" },
  watchFirstFrame: { targetMs: 1_000, why: "npm run watch draws its first screen at once, before its first run ends" },
  saveToRerun: { targetMs: 1_000, why: "npm run watch reruns within a second of a save" },
  saveToResult: { targetMs: 1_000, why: "on a stub, the new screen follows the save within a second" },
  slowestSolvedRerun: { targetMs: 3_000, why: "a solved exercise reruns all its tests on every save; the slowest sets how long a learner waits for ✓" },
};

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * @typedef {{ key: string, what: string, ms: number, targetMs: number | undefined, ok: boolean, note?: string }} Measurement
 * @param {string} key @param {string} what @param {number} ms @param {string} [note]
 * @returns {Measurement}
 */
export function measured(key, what, ms, note) {
  const targetMs = TARGETS[key]?.targetMs;
  return { key, what, ms: Math.round(ms), targetMs, ok: targetMs === undefined || ms <= targetMs, ...(note ? { note } : {}) };
}

/** @param {Measurement[]} rows */
export function renderTable(rows) {
  const cells = rows.map((r) => [r.what, `${r.ms} ms`, r.targetMs === undefined ? "—" : `≤ ${r.targetMs} ms`, r.targetMs === undefined ? "" : r.ok ? "ok" : "MISSED", r.note ?? ""]);
  const head = ["measurement", "median", "target", "", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (/** @type {string[]} */ c) => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(head), ...cells.map(line)].join("\n");
}
