// Grading a class (tools/lib/class.mjs, tools/lib/class-report.mjs) on a
// generated class of 12 (tools/test/fixtures/class.mjs) with a fake
// grader: every repository graded, a few at a time, one bad one a row that
// says why; the CSV and the HTML page agree with each student's own
// grade.json; the class from grade.json files a Classroom run wrote.
// The page in a real browser: node tools/check-class.mjs (by hand).
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { classFromReports, gradeByProcess, gradeClass, mergeGrades, progressLine, studentOut, writeClassReports } from "../lib/class.mjs";
import { classCsv, classHtml, classStats, csvField, studentLink } from "../lib/class-report.mjs";
import { CLASS, EXERCISES, SOCKET_FILE_TESTS, fakeGradeStudent, gradeOf, makeClass } from "./fixtures/class.mjs";

/**
 * RFC 4180, read back: fields split on commas outside quotes, "" a quote, CRLF between records.
 * @param {string} text
 * @returns {string[][]}
 */
function parseCsv(text) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 1;
    } else field += c;
  }
  return rows;
}

/** @param {string} path @returns {import("../lib/grading.mjs").Grade} */
const readGrade = (path) => {
  /** @type {unknown} */
  const parsed = JSON.parse(readFileSync(path, "utf8"));
  return /** @type {import("../lib/grading.mjs").Grade} */ (parsed);
};

const planOf = (/** @type {string} */ name) => CLASS.find(([n]) => n === name)?.[1];

describe("grading a class of 12", () => {
  /** @type {string} */
  let dir;
  /** @type {string} */
  let out;
  /** @type {import("../lib/class.mjs").Student[]} */
  let students;
  /** @type {{ done: number, total: number, name: string }[]} */
  const progress = [];
  let active = 0;
  let mostActive = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kata-class-"));
    out = join(dir, "reports");
    makeClass(join(dir, "class"));
    students = await gradeClass({
      dir: join(dir, "class"),
      out,
      jobs: 3,
      gradeStudent: async (repo, outDir) => {
        active += 1;
        mostActive = Math.max(mostActive, active);
        try {
          // Let the other workers start theirs before this one ends.
          for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
          return await fakeGradeStudent(repo, outDir);
        } finally {
          active -= 1;
        }
      },
      onProgress: ({ done, total, student }) => progress.push({ done, total, name: student.name }),
    });
    writeClassReports({ out, students, lockDigest: "trusted", now: new Date("2026-11-30T21:00:00Z") });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("grades every repository, in the order of their names, 3 at a time, and reports progress for each", () => {
    assert.deepEqual(students.map((s) => s.name), CLASS.map(([name]) => name).sort());
    assert.equal(mostActive, 3);
    assert.deepEqual(progress.map((p) => [p.done, p.total]), CLASS.map((_, i) => [i + 1, 12]));
    assert.match(progressLine({ done: 1, total: 12, student: { name: "ana", grade: gradeOf({ passes: {} }) } }), /^\[ 1\/12\] ana: 0 \/ 45$/);
  });

  it("makes a row that says why of a repository that cannot be graded, and grades the rest", () => {
    const problems = Object.fromEntries(students.filter((s) => s.problem).map((s) => [s.name, s.problem]));
    assert.deepEqual(problems, {
      "kiko-broken": "grading failed: npm ci failed: ENOTFOUND registry.npmjs.org",
      notes: "no exercises/ folder: not a checkout of the kata",
    });
    assert.equal(students.filter((s) => s.grade).length, 10);
  });

  it("writes a CSV (RFC 4180) whose every number is the student's own grade.json", () => {
    const text = readFileSync(join(out, "class.csv"), "utf8");
    assert.ok(text.endsWith("\r\n"));
    const [header, ...rows] = parseCsv(text);
    assert.deepEqual(header, ["student", "score", "max_score", "percent", ...EXERCISES.map((e) => e.id), "tampered", "not_graded"]);
    assert.equal(rows.length, 12);
    for (const row of rows) {
      const name = row[0] ?? "";
      const own = join(studentOut(out, name), "grade.json");
      if (!existsSync(own)) {
        assert.ok((row.at(-1) ?? "").length > 0, `${name} has neither a grade nor a reason`);
        continue;
      }
      const g = readGrade(own);
      assert.deepEqual(row.slice(1, 3).map(Number), [g.score, g.maxScore], name);
      assert.deepEqual(row.slice(4, 4 + EXERCISES.length).map(Number), g.exercises.map((e) => e.earned), name);
    }
    const dana = rows.find((r) => r[0] === 'dana, "the tester"');
    assert.deepEqual(dana?.slice(1, 3), ["13.33", "45"]);
    assert.ok(text.includes('"dana, ""the tester"""'), "quoted, its quotes doubled");
    assert.deepEqual(rows.find((r) => r[0] === "ines-tampered")?.slice(1, 2).concat(rows.find((r) => r[0] === "ines-tampered")?.at(-2) ?? ""), ["35", "02-resolve"]);
  });

  it("counts over the applicable tests for a student graded on Windows", () => {
    const joao = students.find((s) => s.name === "joao-windows")?.grade;
    const ten = joao?.exercises.find((e) => e.id === "10-unix-socket");
    assert.deepEqual([ten?.status, ten?.earned, ten?.tests], ["passed", 10, { passed: 1, total: 1, notApplicable: 4 }]);
  });

  it("counts, per exercise and per test, the students who pass, from the plans", () => {
    const stats = classStats(students);
    const graded = CLASS.filter(([, plan]) => plan && !plan.broken);
    assert.deepEqual([stats.students, stats.graded], [12, 10]);
    for (const exercise of EXERCISES) {
      const stat = stats.exercises.find((e) => e.id === exercise.id);
      const passing = graded.filter(([, plan]) => {
        if (!plan || plan.tampered === exercise.id) return false;
        const applicable = exercise.tests.filter((t) => !(plan.windows && exercise.id === "10-unix-socket" && SOCKET_FILE_TESTS.has(t))).length;
        return (plan.passes[exercise.id] ?? 0) >= applicable;
      }).length;
      assert.deepEqual([stat?.graded, stat?.passed], [10, passing], exercise.id);
      exercise.tests.forEach((name, index) => {
        const t = stats.tests.find((x) => x.exercise === exercise.id && x.name === name);
        const applies = graded.filter(([, plan]) => !(plan?.windows && exercise.id === "10-unix-socket" && SOCKET_FILE_TESTS.has(name)));
        const passes = applies.filter(([, plan]) => plan && plan.tampered !== exercise.id && (plan.passes[exercise.id] ?? 0) > index);
        assert.deepEqual([t?.applicable, t?.passed], [applies.length, passes.length], `${exercise.id} > ${name}`);
      });
    }
    assert.deepEqual(stats.histogram.reduce((n, b) => n + b.count, 0), 10);
    assert.equal(stats.histogram[9]?.count, 3, "90% to 100%, 100% included: ana, eva (42.5), joao");
    // Most failures first (ties in the order of the tests): 10's tests after its first fail for 6 of the 9 they apply to.
    assert.deepEqual(stats.mostFailed[0], { exercise: "10-unix-socket", name: "removes the socket file on close", applicable: 9, passed: 3 });
    const failures = stats.mostFailed.map((t) => t.applicable - t.passed);
    assert.deepEqual(failures, failures.toSorted((a, b) => b - a));
    assert.equal(failures[0], Math.max(...stats.tests.map((t) => t.applicable - t.passed)));
  });

  it("writes an HTML page that loads nothing from elsewhere and runs no script", () => {
    const page = readFileSync(join(out, "class.html"), "utf8");
    assert.doesNotMatch(page, /<script|<link|<img|<iframe|\bsrc=|url\(|@import|href="(?:https?:)?\/\//i);
    assert.match(page, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.match(page, /<svg class="histogram"/);
  });

  it("links each graded student's row to their grade.md, by a relative path that exists", () => {
    const page = readFileSync(join(out, "class.html"), "utf8");
    for (const s of students.filter((x) => x.grade)) {
      const href = studentLink(s.name);
      assert.ok(page.includes(`href="${href.replaceAll("&", "&amp;").replaceAll('"', "&quot;")}"`), s.name);
      assert.ok(existsSync(join(out, ...href.split("/").map(decodeURIComponent))), href);
    }
    assert.equal(studentLink('dana, "the tester"'), "students/dana%2C%20%22the%20tester%22/grade.md");
  });

  it("puts the CSV's numbers on the page, and flags a tampered test file and another lock", () => {
    const page = classHtml(students, { lockDigest: "published" });
    for (const s of students) {
      if (!s.grade) continue;
      const row = page.split("\n").find((line) => line.startsWith(`<tr data-student="${s.name.replaceAll('"', "&quot;")}"`)) ?? "";
      assert.match(row, new RegExp(`data-score="${s.grade.score}"`), s.name);
      assert.match(row, /graded with another lock \(trusted\)/);
    }
    assert.match(page, /tampered: test\/02-resolve\.test\.ts/);
  });
});

describe("class.csv fields (RFC 4180)", () => {
  it("quotes a comma, a quote or a line break, doubles quotes, and defuses a formula", () => {
    assert.deepEqual(["plain", "a,b", 'say "hi"', "two\r\nlines", "=HYPERLINK(1)", 9.23, undefined].map(csvField), [
      "plain",
      '"a,b"',
      '"say ""hi"""',
      '"two\r\nlines"',
      "'=HYPERLINK(1)",
      "9.23",
      "",
    ]);
  });

  it("has a header only for an empty class", () => {
    assert.equal(classCsv([]), "student,score,max_score,percent,tampered,not_graded\r\n");
  });
});

describe("a class from grade.json files (--class-from)", () => {
  /** @type {string} */
  let dir;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "kata-class-from-"));
    // As the Classroom workflow leaves them: one grade.json per exercise, in reports/NN-name/.
    for (const [name, plan] of CLASS.slice(0, 4)) {
      if (!plan) continue;
      for (const e of EXERCISES) {
        mkdirSync(join(dir, name, "reports", e.id), { recursive: true });
        writeFileSync(join(dir, name, "reports", e.id, "grade.json"), JSON.stringify(gradeOf(plan, { only: e.id })));
      }
    }
    writeFileSync(join(dir, "eva.json"), JSON.stringify(gradeOf(/** @type {import("./fixtures/class.mjs").Plan} */ (planOf("eva")))));
    mkdirSync(join(dir, "empty"));
    mkdirSync(join(dir, "garbled"));
    writeFileSync(join(dir, "garbled", "grade.json"), "{ not json");
    writeFileSync(join(dir, "readme.txt"), "hello");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("merges a student's per-exercise reports into the grade a whole run gives", () => {
    const students = classFromReports(dir);
    for (const [name, plan] of CLASS.slice(0, 4)) {
      if (!plan) continue;
      const whole = gradeOf(plan);
      const merged = students.find((s) => s.name === name)?.grade;
      assert.deepEqual([merged?.score, merged?.maxScore, merged?.exercises.map((e) => e.earned)], [whole.score, whole.maxScore, whole.exercises.map((e) => e.earned)], name);
    }
    assert.equal(students.find((s) => s.name === "eva")?.grade?.score, gradeOf(/** @type {import("./fixtures/class.mjs").Plan} */ (planOf("eva"))).score);
  });

  it("makes a row that says why of a folder without a report, a report that cannot be read, and a stray file", () => {
    const problems = Object.fromEntries(classFromReports(dir).filter((s) => s.problem).map((s) => [s.name, s.problem]));
    assert.equal(problems.empty, "no grade.json in this folder");
    assert.match(problems.garbled ?? "", /^garbled[\\/]grade\.json could not be read: /);
    assert.match(problems["readme.txt"] ?? "", /not a grade\.json/);
  });

  it("writes a grade.md for each merged student, so the page's links lead somewhere", () => {
    const out = join(dir, "out");
    const students = classFromReports(dir);
    writeClassReports({ out, students });
    for (const s of students.filter((x) => x.grade)) assert.ok(existsSync(join(studentOut(out, s.name), "grade.md")), s.name);
    assert.match(readFileSync(join(studentOut(out, "ana"), "grade.md"), "utf8"), /grade: 45 \/ 45/);
  });

  it("takes each exercise from its latest report when one was graded twice", () => {
    const early = gradeOf({ passes: { "01-port-ranges": 1 } }, { only: "01-port-ranges", now: new Date("2026-11-01T00:00:00Z") });
    const late = gradeOf({ passes: { "01-port-ranges": 4 } }, { only: "01-port-ranges", now: new Date("2026-11-02T00:00:00Z") });
    assert.equal(mergeGrades([late, early]).score, 10);
  });
});

describe("a grader process per student", { skip: process.platform === "win32" ? "a shell script stands in for the grader" : false }, () => {
  /** @type {string} */
  let dir;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "kata-class-process-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in for grade.mjs: writes this grade.json (if any), says this on stderr, exits so. @param {string} body */
  const script = (body) => {
    const path = join(dir, `grader-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(path, `import { writeFileSync } from "node:fs";\nconst out = process.argv[process.argv.indexOf("--out") + 1];\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };

  it("reads the grade.json the grader wrote, whether the pass mark was reached (exit 0) or not (exit 1)", async () => {
    const grade = gradeOf({ passes: { "01-port-ranges": 2 } });
    const path = script(`writeFileSync(out + "/grade.json", ${JSON.stringify(JSON.stringify(grade))}); process.exit(1);`);
    mkdirSync(join(dir, "a"));
    const result = await gradeByProcess({ script: path })(join(dir, "repo"), join(dir, "a"));
    assert.deepEqual(result, grade);
  });

  it("turns a grader that could not run (exit 2) into the problem it printed", async () => {
    const path = script(`console.error("grading could not run: Vitest is not installed for /x: run npm ci first"); process.exit(2);`);
    mkdirSync(join(dir, "b"));
    const result = await gradeByProcess({ script: path })(join(dir, "repo"), join(dir, "b"));
    assert.deepEqual(result, { problem: "Vitest is not installed for /x: run npm ci first" });
  });
});
