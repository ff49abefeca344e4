#!/usr/bin/env node
// Proves the class report renders and tells the truth: writes class.csv and
// class.html for a generated class of 12 (tools/test/fixtures/class.mjs:
// one tampered, one graded on Windows, one whose grading crashes, one that is
// no kata), or for the grade.json files in a folder (as `npm run grade --
// --class-from` reads them), loads the page in headless Chromium (Debian's
// `chromium` package) and reads it through the DevTools protocol: it
// renders (the histogram has its bars, every table its rows), it loaded
// nothing from elsewhere, every student's number is the CSV's, every link
// leads to a grade.md that exists. Not part of CI or verify (it needs a
// browser); run it by hand after changing the class report:
//
//   node tools/check-class.mjs [--from DIR] [--keep] [--browser /usr/bin/chromium]
//
//   --from DIR   the grade.json files of a class (default: a generated class)
//   --keep       keep the reports (their folder is printed), to look at them
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseCommand } from "./lib/args.mjs";
import { classFromReports, gradeClass, writeClassReports } from "./lib/class.mjs";
import { classStats } from "./lib/class-report.mjs";
import { openPage, poll } from "./lib/chromium.mjs";
import { fakeGradeStudent, makeClass } from "./test/fixtures/class.mjs";

const { values } = parseCommand({
  options: { from: { type: "string" }, keep: { type: "boolean" }, browser: { type: "string", default: "/usr/bin/chromium" } },
});

/**
 * RFC 4180 records: fields split on commas outside quotes, "" a quote.
 * @param {string} text
 */
function parseCsv(text) {
  /** @type {string[][]} */
  const rows = [[]];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? "";
    const row = /** @type {string[]} */ (rows.at(-1));
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ",") {
      row.push(field);
      field = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      field = "";
      rows.push([]);
      i += 1;
    } else field += c;
  }
  return rows.filter((r) => r.length > 0);
}

/** What the page shows, read in the browser. */
const READ_PAGE = `(() => {
  const num = (el, key) => el && el.dataset[key] !== undefined ? el.dataset[key] : undefined;
  const box = (el) => el ? el.getBoundingClientRect() : { width: 0, height: 0 };
  return {
    title: document.title,
    resources: performance.getEntriesByType("resource").map((r) => r.name),
    histogram: { width: box(document.querySelector("svg.histogram")).width,
      bins: [...document.querySelectorAll("svg.histogram g.bin")].map((g) => ({ count: Number(g.dataset.count), height: Number(g.querySelector("rect").getAttribute("height")) })) },
    summary: { ...document.getElementById("summary").dataset },
    exercises: [...document.querySelectorAll("#exercises tbody tr")].map((tr) => ({ id: tr.dataset.exercise, passed: num(tr.querySelector("[data-passed]"), "passed"), graded: num(tr.querySelector("[data-graded]"), "graded") })),
    tests: document.querySelectorAll("#tests tbody tr").length,
    mostFailed: document.querySelectorAll("#most-failed tbody tr").length,
    students: [...document.querySelectorAll("#students tbody tr")].map((tr) => ({
      name: tr.dataset.student,
      shown: box(tr).height > 0,
      score: num(tr.querySelector("[data-score]"), "score"),
      maxScore: num(tr.querySelector("[data-max-score]"), "maxScore"),
      earned: Object.fromEntries([...tr.querySelectorAll("[data-exercise]")].map((td) => [td.dataset.exercise, td.dataset.earned ?? ""])),
      problem: num(tr.querySelector("[data-problem]"), "problem"),
      link: tr.querySelector("a") ? tr.querySelector("a").href : undefined,
    })),
  };
})()`;

/**
 * @typedef {{ title: string, resources: string[], histogram: { width: number, bins: { count: number, height: number }[] },
 *   summary: Record<string, string>, exercises: { id: string, passed?: string, graded?: string }[], tests: number, mostFailed: number,
 *   students: { name: string, shown: boolean, score?: string, maxScore?: string, earned: Record<string, string>, problem?: string, link?: string }[] }} Page
 */

const work = mkdtempSync(join(tmpdir(), "kata-check-class-"));
const out = join(work, "reports");
/** @type {string[]} */
const wrong = [];
/** @param {boolean} ok @param {string} what */
const check = (ok, what) => {
  if (ok) console.log(`✔ ${what}`);
  else {
    console.error(`✘ ${what}`);
    wrong.push(what);
  }
};
try {
  let students;
  if (values.from) {
    students = classFromReports(resolve(values.from));
  } else {
    makeClass(join(work, "class"));
    students = await gradeClass({ dir: join(work, "class"), out, gradeStudent: fakeGradeStudent });
  }
  const { csv, html } = writeClassReports({ out, students });
  const stats = classStats(students);
  const [header = [], ...rows] = parseCsv(readFileSync(csv, "utf8"));
  const ids = stats.exercises.map((e) => e.id);
  const page = await openPage(pathToFileURL(html).href, values.browser ? { browser: values.browser } : {});
  try {
    const shown = /** @type {Page} */ (
      await poll("the class report to load", async () => {
        const value = /** @type {Page | undefined} */ (await page.evaluate(READ_PAGE));
        return value && value.title ? value : undefined;
      }, 20_000)
    );
    check(shown.title === "socket-kata: class report", `the page loads in Chromium (${html})`);
    check(shown.resources.length === 0, `it loads nothing else (${shown.resources.length} resources${shown.resources.length ? `: ${shown.resources.join(", ")}` : ""})`);
    const bars = shown.histogram.bins;
    check(
      shown.histogram.width > 0 && bars.length === 10 && bars.every((b) => (b.count > 0) === (b.height > 0)),
      `the histogram is drawn: ${bars.map((b) => b.count).join(" ")} students per tenth`,
    );
    check(bars.reduce((n, b) => n + b.count, 0) === stats.graded && shown.summary.graded === String(stats.graded), `its bars add up to the ${stats.graded} students graded`);
    check(
      shown.exercises.length === ids.length && shown.exercises.every((e, i) => e.id === ids[i] && e.passed === String(stats.exercises[i]?.passed) && e.graded === String(stats.exercises[i]?.graded)),
      `the share passing of each of the ${ids.length} exercises`,
    );
    check(shown.tests === stats.tests.length && shown.mostFailed === Math.max(1, stats.mostFailed.length), `a row for each of the ${stats.tests.length} tests, and the ${stats.mostFailed.length} most often failed`);
    check(shown.students.length === rows.length && shown.students.every((s) => s.shown), `a visible row for each of the CSV's ${rows.length} students`);
    const column = (/** @type {string} */ name) => header.indexOf(name);
    for (const row of rows) {
      const name = row[0] ?? "";
      const s = shown.students.find((x) => x.name === name);
      const notGraded = row[column("not_graded")] ?? "";
      if (notGraded) {
        check(s?.problem === notGraded, `${name}: not graded, as the CSV says: ${notGraded}`);
        continue;
      }
      const earned = ids.map((id) => s?.earned[id] ?? "");
      const csvEarned = ids.map((id) => row[column(id)] ?? "");
      const link = s?.link ? fileURLToPath(s.link) : "";
      check(
        s?.score === row[column("score")] && s?.maxScore === row[column("max_score")] && earned.join() === csvEarned.join() && existsSync(link),
        `${name}: ${s?.score} / ${s?.maxScore} (${earned.join(", ")}) as in the CSV, and a link to an existing grade.md`,
      );
    }
  } finally {
    page.close();
  }
} finally {
  if (values.keep) console.log(`reports kept in ${out}`);
  else rmSync(work, { recursive: true, force: true });
}
if (wrong.length > 0) {
  console.error(`\n${wrong.length} check(s) failed`);
  process.exitCode = 1;
}
