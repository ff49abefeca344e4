// The class reports, as pure functions of the students' grades (the
// grade.json shape of tools/lib/grading.mjs, one per student, or a reason
// it has none): the numbers (classStats), reports/class.csv (classCsv) and
// the self-contained reports/class.html (classHtml: inline CSS and SVG, no
// script, nothing loaded from elsewhere).

/**
 * The scoring rule of the class's grades, for the page: `--class` gives partial credit
 * unless told `--all-or-nothing`; Classroom's runs (`--class-from`) score all or nothing.
 * @param {import("./grading.mjs").Grade[]} grades
 * @returns {{ mode: string, text: string }}
 */
export function classScoring(grades) {
  const modes = [...new Set(grades.map((g) => g.mode))].sort();
  if (modes.length > 1) return { mode: "mixed", text: "Scoring: both rules, all or nothing and in proportion to the passing tests (the flags name each student whose reports mix them)." };
  if (modes[0] === "all-or-nothing") return { mode: "all-or-nothing", text: "Scoring: all or nothing per exercise, as GitHub Classroom scores (an exercise earns its points only when all its tests pass)." };
  return { mode: "proportional", text: "Scoring: in proportion to the passing tests. GitHub Classroom scores all or nothing per exercise: add --all-or-nothing to --class for its scores." };
}

/**
 * @typedef {import("./class.mjs").Student} Student
 * @typedef {import("./grading.mjs").Grade} Grade
 * @typedef {{ id: string, title: string, points: number, graded: number, passed: number }} ExerciseStat
 *   graded: students with a grade for it; passed: those whose every test passed.
 * @typedef {{ exercise: string, name: string, applicable: number, passed: number }} TestStat
 *   applicable: students graded on it (not counting where it did not apply); passed: where it passed.
 * @typedef {{ from: number, to: number, count: number }} Bin  a tenth of the score range, in percent
 * @typedef {{ students: number, graded: number, mean: number | undefined, median: number | undefined,
 *   exercises: ExerciseStat[], tests: TestStat[], mostFailed: TestStat[], histogram: Bin[] }} ClassStats
 */

/** @param {number} n */
const round2 = (n) => Math.round(n * 100) / 100;

/** A student's score as a percentage of the points possible. @param {Grade} g */
export const percentOf = (g) => (g.maxScore > 0 ? (100 * g.score) / g.maxScore : 0);

/** How many tests appear in the "most often failed" list. */
export const MOST_FAILED = 10;

/**
 * The class's numbers: how many graded, the mean and median score, the
 * score histogram (ten bins of the percentage, 100 % in the last), per
 * exercise and per test how many students pass, and the tests most often
 * failed. A test that did not apply for a student (a platform skip) counts
 * for neither side; an exercise that earned nothing for another reason than
 * its tests (tampered, could not run, imports a solution) fails its every test.
 * @param {Student[]} students
 * @returns {ClassStats}
 */
export function classStats(students) {
  const grades = students.flatMap((s) => (s.grade ? [s.grade] : []));
  /** @type {Map<string, ExerciseStat>} */
  const exercises = new Map();
  /** @type {Map<string, Map<string, TestStat>>} */
  const tests = new Map();
  for (const g of grades) {
    for (const e of g.exercises) {
      if (!exercises.has(e.id)) exercises.set(e.id, { id: e.id, title: e.title, points: e.points, graded: 0, passed: 0 });
      /** @type {Map<string, TestStat>} */
      const named = tests.get(e.id) ?? new Map();
      tests.set(e.id, named);
      for (const c of e.cases ?? []) if (!named.has(c.name)) named.set(c.name, { exercise: e.id, name: c.name, applicable: 0, passed: 0 });
    }
  }
  for (const g of grades) {
    for (const e of g.exercises) {
      const stat = /** @type {ExerciseStat} */ (exercises.get(e.id));
      stat.graded += 1;
      if (e.status === "passed") stat.passed += 1;
      const named = /** @type {Map<string, TestStat>} */ (tests.get(e.id));
      const counted = e.status === "passed" || e.status === "failed";
      /** @type {Map<string, string>} */
      const states = new Map((e.cases ?? []).map((c) => [c.name, c.state]));
      // A failed exercise without the state of each test (a report from before grade.json had them) says nothing per test.
      if (e.status === "failed" && !e.cases) continue;
      for (const t of named.values()) {
        const state = states.get(t.name);
        if (state === "not applicable") continue;
        t.applicable += 1;
        if (counted && (state === "passed" || (state === undefined && e.status === "passed"))) t.passed += 1;
      }
    }
  }
  const ids = [...exercises.keys()].sort();
  const allTests = ids.flatMap((id) => [...(tests.get(id)?.values() ?? [])]);
  const mostFailed = allTests
    .filter((t) => t.applicable > t.passed)
    .sort((a, b) => b.applicable - b.passed - (a.applicable - a.passed) || a.passed / a.applicable - b.passed / b.applicable)
    .slice(0, MOST_FAILED);
  const scores = grades.map((g) => g.score).sort((a, b) => a - b);
  const middle = Math.floor(scores.length / 2);
  const median = scores.length === 0 ? undefined : scores.length % 2 === 1 ? scores[middle] : round2(((scores[middle - 1] ?? 0) + (scores[middle] ?? 0)) / 2);
  const histogram = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: (i + 1) * 10, count: 0 }));
  for (const g of grades) {
    const bin = histogram[Math.min(9, Math.floor(percentOf(g) / 10 + 1e-9))];
    if (bin) bin.count += 1;
  }
  return {
    students: students.length,
    graded: grades.length,
    mean: scores.length === 0 ? undefined : round2(scores.reduce((a, b) => a + b, 0) / scores.length),
    median,
    exercises: ids.map((id) => /** @type {ExerciseStat} */ (exercises.get(id))),
    tests: allTests,
    mostFailed,
    histogram,
  };
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line
 * break, its quotes doubled. A text that a spreadsheet would run as a
 * formula (=, +, -, @ first) gets a leading apostrophe.
 * @param {string | number | undefined} value
 */
export function csvField(value) {
  if (value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * What a row flags besides its points: the files a grade voided
 * (`tampered`), the exercises without a report (`missing`), a report graded
 * with a lock whose digest is not one of `lockDigests` (the kata's and its
 * hand-out copy's), files outside exercises/ the repository changed, notes.
 * @param {Student} s
 * @param {string[] | undefined} lockDigests
 * @returns {string[]}
 */
export function flagsOf(s, lockDigests) {
  const g = s.grade;
  if (!g) return [];
  const digests = g.lockDigest.split(", ");
  const otherLock = lockDigests !== undefined && lockDigests.length > 0 && digests.some((d) => !lockDigests.includes(d));
  return [
    ...(g.tampered.length > 0 ? [`tampered: ${g.tampered.map((t) => t.file).join(", ")}`] : []),
    ...(s.missing && s.missing.length > 0 ? [`no report for ${s.missing.join(", ")}`] : []),
    ...(otherLock ? [`graded with another lock (${g.lockDigest})`] : []),
    ...(s.changed && s.changed.length > 0 ? [`changed outside exercises/ (not graded by --class, but run by Classroom): ${s.changed.join(", ")}`] : []),
    ...(s.notes ?? []),
  ];
}

/**
 * reports/class.csv: a header, then one row per student: name, score, the
 * points possible, the points earned in each exercise (empty when not
 * graded), the exercises that earned nothing for tampering, the exercises
 * without a report, the files changed outside exercises/, every flag of the
 * row (flagsOf), and why a student has no grade. Lines end in CRLF, as RFC
 * 4180 has it.
 * @param {Student[]} students
 * @param {{ lockDigests?: string[] }} [options]
 */
export function classCsv(students, { lockDigests } = {}) {
  const ids = classStats(students).exercises.map((e) => e.id);
  const header = ["student", "score", "max_score", "percent", ...ids, "tampered", "missing", "changed_outside_exercises", "flags", "not_graded"];
  /** @param {string[] | undefined} list */
  const joined = (list) => (list && list.length > 0 ? list.join(" ") : undefined);
  const rows = students.map((s) => {
    const g = s.grade;
    const byId = new Map((g?.exercises ?? []).map((e) => [e.id, e]));
    const tampered = (g?.exercises ?? []).filter((e) => e.status === "tampered").map((e) => e.id);
    const flags = flagsOf(s, lockDigests);
    return [
      s.name,
      g?.score,
      g?.maxScore,
      g ? round2(percentOf(g)) : undefined,
      ...ids.map((id) => byId.get(id)?.earned),
      joined(tampered),
      joined(s.missing),
      joined(s.changed),
      flags.length > 0 ? flags.join("; ") : undefined,
      s.problem,
    ];
  });
  return [header, ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

/** @param {string} text */
const html = (text) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

/** A relative link to a student's grade.md, each path segment encoded. @param {string} name */
export const studentLink = (name) => ["students", name, "grade.md"].map(encodeURIComponent).join("/");

/** @param {number} passed @param {number} of */
const share = (passed, of) => (of === 0 ? "–" : `${Math.round((100 * passed) / of)}%`);

/** A bar of a share, in inline SVG. @param {number} passed @param {number} of */
function shareBar(passed, of) {
  const width = of === 0 ? 0 : Math.round((100 * passed) / of);
  return `<svg class="bar" width="100" height="10" viewBox="0 0 100 10" aria-hidden="true"><rect width="100" height="10" class="bar-bg"/><rect width="${width}" height="10" class="bar-fg"/></svg>`;
}

/** The score histogram, in inline SVG. @param {Bin[]} bins */
function histogramSvg(bins) {
  const top = Math.max(1, ...bins.map((b) => b.count));
  const [w, h, pad] = [44, 160, 24];
  const bars = bins.map((b, i) => {
    const height = Math.round((b.count / top) * h);
    const x = i * w + 4;
    const y = pad + h - height;
    const label = `${b.from}–${b.to}%`;
    return [
      `<g class="bin" data-from="${b.from}" data-to="${b.to}" data-count="${b.count}">`,
      `<title>${label}: ${b.count}</title>`,
      `<rect x="${x}" y="${y}" width="${w - 8}" height="${height}"/>`,
      `<text x="${x + (w - 8) / 2}" y="${y - 4}" text-anchor="middle">${b.count}</text>`,
      `<text x="${x + (w - 8) / 2}" y="${pad + h + 16}" text-anchor="middle" class="axis">${b.from}%</text>`,
      `</g>`,
    ].join("");
  });
  return `<svg class="histogram" role="img" aria-label="score histogram" width="${bins.length * w + 8}" height="${pad + h + 24}" viewBox="0 0 ${bins.length * w + 8} ${pad + h + 24}">${bars.join("")}</svg>`;
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #1f2328; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #d0d7de; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.passed { background: #dafbe1; } .failed { background: #fff8c5; } .tampered, .outside, .error { background: #ffebe9; }
.not-graded { color: #cf222e; } .flag { color: #cf222e; font-weight: bold; }
.histogram rect { fill: #0969da; } .histogram text { font-size: 12px; } .histogram .axis { fill: #57606a; }
.bar .bar-bg { fill: #eaeef2; } .bar .bar-fg { fill: #1a7f37; }
.muted { color: #57606a; }
`;

/**
 * reports/class.html: one page, no script, nothing fetched: the numbers of
 * classStats and each student's row, linking to students/<name>/grade.md.
 * Every number a reader checks carries a data- attribute with the value
 * class.csv has (tools/check-class.mjs compares them in Chromium).
 * @param {Student[]} students
 * @param {{ now?: Date, lockDigests?: string[] }} [options] `lockDigests`: the trusted lock's and its hand-out copy's, to flag others
 */
export function classHtml(students, { now = new Date(), lockDigests } = {}) {
  const stats = classStats(students);
  const ids = stats.exercises.map((e) => e.id);
  const studentRows = students.map((s) => {
    const g = s.grade;
    if (!g) {
      return `<tr data-student="${html(s.name)}"><td>${html(s.name)}</td><td class="not-graded" colspan="${ids.length + 3}" data-problem="${html(s.problem ?? "")}">not graded: ${html(s.problem ?? "no reason given")}</td></tr>`;
    }
    const byId = new Map(g.exercises.map((e) => [e.id, e]));
    const cells = ids.map((id) => {
      const e = byId.get(id);
      if (!e) return `<td class="num" data-exercise="${html(id)}"></td>`;
      const why = `${e.status}${e.reason ? `: ${e.reason}` : ""} (${e.tests.passed}/${e.tests.total} tests)`;
      return `<td class="num ${html(e.status)}" data-exercise="${html(id)}" data-earned="${e.earned}" title="${html(why)}">${e.earned}</td>`;
    });
    const flags = flagsOf(s, lockDigests);
    return [
      `<tr data-student="${html(s.name)}">`,
      `<td><a href="${html(studentLink(s.name))}">${html(s.name)}</a></td>`,
      `<td class="num" data-score="${g.score}">${g.score}</td>`,
      `<td class="num" data-max-score="${g.maxScore}">${g.maxScore}</td>`,
      ...cells,
      `<td>${flags.length > 0 ? `<span class="flag">${html(flags.join("; "))}</span>` : ""}</td>`,
      `</tr>`,
    ].join("");
  });
  const exerciseRows = stats.exercises.map(
    (e) =>
      `<tr data-exercise="${html(e.id)}"><td>${html(e.id)}</td><td>${html(e.title)}</td><td class="num">${e.points}</td><td class="num" data-passed="${e.passed}" data-graded="${e.graded}">${e.passed} / ${e.graded}</td><td class="num">${share(e.passed, e.graded)}</td><td>${shareBar(e.passed, e.graded)}</td></tr>`,
  );
  const testRow = (/** @type {TestStat} */ t) =>
    `<tr data-test="${html(`${t.exercise} > ${t.name}`)}"><td>${html(t.exercise)}</td><td>${html(t.name)}</td><td class="num" data-passed="${t.passed}" data-applicable="${t.applicable}">${t.passed} / ${t.applicable}</td><td class="num">${share(t.passed, t.applicable)}</td><td>${shareBar(t.passed, t.applicable)}</td></tr>`;
  const failedRows = stats.mostFailed.map(
    (t) =>
      `<tr><td>${html(t.exercise)}</td><td>${html(t.name)}</td><td class="num" data-failed="${t.applicable - t.passed}">${t.applicable - t.passed} / ${t.applicable}</td></tr>`,
  );
  const number = (/** @type {number | undefined} */ n) => (n === undefined ? "–" : String(n));
  const scoring = classScoring(students.flatMap((s) => (s.grade ? [s.grade] : [])));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>socket-kata: class report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>socket-kata: class report</h1>
<p class="muted">Generated ${html(now.toISOString())}. Each student's own report: the link on their name (students/&lt;name&gt;/grade.md).</p>
<p id="summary" data-students="${stats.students}" data-graded="${stats.graded}" data-mean="${number(stats.mean)}" data-median="${number(stats.median)}">
${stats.students} students, ${stats.graded} graded${stats.students > stats.graded ? `, <span class="not-graded">${stats.students - stats.graded} not graded</span>` : ""}; mean score ${number(stats.mean)}, median ${number(stats.median)}.</p>
<p id="scoring" data-mode="${scoring.mode}">${html(scoring.text)}</p>

<h2>Scores</h2>
<p class="muted">Students per tenth of the points possible (the last bar includes 100%).</p>
${histogramSvg(stats.histogram)}

<h2>Exercises</h2>
<table id="exercises">
<thead><tr><th>#</th><th>exercise</th><th class="num">points</th><th class="num">students passing</th><th class="num">share</th><th></th></tr></thead>
<tbody>
${exerciseRows.join("\n")}
</tbody>
</table>

<h2>Tests most often failed</h2>
<table id="most-failed">
<thead><tr><th>#</th><th>test</th><th class="num">students failing</th></tr></thead>
<tbody>
${failedRows.length > 0 ? failedRows.join("\n") : '<tr><td colspan="3">none: every test passes for every student</td></tr>'}
</tbody>
</table>

<h2>Students</h2>
<table id="students">
<thead><tr><th>student</th><th class="num">score</th><th class="num">of</th>${ids.map((id) => `<th class="num" title="${html(stats.exercises.find((e) => e.id === id)?.title ?? "")}">${html(id.slice(0, 2))}</th>`).join("")}<th>flags</th></tr></thead>
<tbody>
${studentRows.join("\n")}
</tbody>
</table>

<h2>Every test</h2>
<p class="muted">Students for whom a test passes, of those it applies to (a test that skips itself on a student's platform does not count).</p>
<table id="tests">
<thead><tr><th>#</th><th>test</th><th class="num">students passing</th><th class="num">share</th><th></th></tr></thead>
<tbody>
${stats.tests.map(testRow).join("\n")}
</tbody>
</table>
</body>
</html>
`;
}
