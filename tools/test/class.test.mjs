// Grading a class (tools/lib/class.mjs, tools/lib/class-report.mjs) on a
// generated class of 12 (tools/test/fixtures/class.mjs) with a fake
// grader: every repository graded, a few at a time, one bad one a row that
// says why; the CSV and the HTML page agree with each student's own
// grade.json; the class from grade.json files a Classroom run wrote.
// The page in a real browser: node tools/check-class.mjs (by hand).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { NO_REPORT, changedByAll, changesOutsideExercises, classFromReports, gradeByProcess, gradeClass, mergeGrades, progressLine, studentOut, writeClassReports } from "../lib/class.mjs";
import { classCsv, classHtml, classStats, csvField, studentLink } from "../lib/class-report.mjs";
import { HANDOUT_IMPORTS, acceptedDigests, handoutLock } from "../lib/handout.mjs";
import { computeLock, lockDigest, readLock } from "../lib/lock.mjs";
import { ROOT, loadManifest } from "../lib/manifest.mjs";
import { scratchKata } from "./scratch.mjs";
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
    writeClassReports({ out, students, lockDigests: ["trusted"], now: new Date("2026-11-30T21:00:00Z") });
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
    assert.deepEqual(header, ["student", "score", "max_score", "percent", ...EXERCISES.map((e) => e.id), "tampered", "missing", "changed_outside_exercises", "flags", "not_graded"]);
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
    const ines = rows.find((r) => r[0] === "ines-tampered") ?? [];
    assert.deepEqual([ines[1], ines[header?.indexOf("tampered") ?? -1]], ["35", "02-resolve"]);
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
    const page = classHtml(students, { lockDigests: ["published"] });
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
    assert.equal(classCsv([]), "student,score,max_score,percent,tampered,missing,changed_outside_exercises,flags,not_graded\r\n");
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
    assert.equal(problems.empty, NO_REPORT);
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

  it("flags a student without a report for some exercises, scored out of every point, in the CSV and on the page", () => {
    const partial = mkdtempSync(join(tmpdir(), "kata-class-partial-"));
    try {
      const plan = /** @type {import("./fixtures/class.mjs").Plan} */ (planOf("ana"));
      for (const e of EXERCISES.slice(0, 2)) {
        mkdirSync(join(partial, "ana", e.id), { recursive: true });
        writeFileSync(join(partial, "ana", e.id, "grade.json"), JSON.stringify(gradeOf(plan, { only: e.id })));
      }
      const students = classFromReports(partial, { exercises: EXERCISES });
      const ana = students[0];
      const max = EXERCISES.reduce((sum, e) => sum + e.points, 0);
      assert.deepEqual([ana?.grade?.maxScore, ana?.grade?.passed, ana?.missing], [max, false, EXERCISES.slice(2).map((e) => e.id)]);
      const [header = [], row = []] = parseCsv(classCsv(students));
      assert.equal(row[header.indexOf("missing")], EXERCISES.slice(2).map((e) => e.id).join(" "));
      assert.match(classHtml(students), new RegExp(`no report for ${EXERCISES.slice(2).map((e) => e.id).join(", ")}`));
      // Without the kata's exercises, only what the reports hold.
      assert.equal(classFromReports(partial)[0]?.missing, undefined);
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  });

  it("notes a student whose reports mix proportional and all-or-nothing scoring", () => {
    const mixed = mkdtempSync(join(tmpdir(), "kata-class-mixed-"));
    try {
      const plan = /** @type {import("./fixtures/class.mjs").Plan} */ (planOf("ana"));
      const [first, second] = EXERCISES;
      mkdirSync(join(mixed, "ana", "a"), { recursive: true });
      mkdirSync(join(mixed, "ana", "b"), { recursive: true });
      writeFileSync(join(mixed, "ana", "a", "grade.json"), JSON.stringify(gradeOf(plan, { only: first?.id })));
      writeFileSync(join(mixed, "ana", "b", "grade.json"), JSON.stringify({ ...gradeOf(plan, { only: second?.id }), mode: "all-or-nothing" }));
      const [ana] = classFromReports(mixed);
      assert.match(ana?.notes?.join() ?? "", /both scoring rules merged \(all-or-nothing and proportional\)/);
      const [header = [], row = []] = parseCsv(classCsv(classFromReports(mixed)));
      assert.match(row[header.indexOf("flags")] ?? "", /both scoring rules/);
    } finally {
      rmSync(mixed, { recursive: true, force: true });
    }
  });

  it("says on the page which scoring rule the grades follow: --class's partial credit, Classroom's all or nothing, or both", () => {
    const plan = /** @type {import("./fixtures/class.mjs").Plan} */ (planOf("ana"));
    const proportional = gradeOf(plan);
    const allOrNothing = { ...gradeOf(plan), mode: /** @type {const} */ ("all-or-nothing") };
    const scoring = (/** @type {import("../lib/grading.mjs").Grade[]} */ ...grades) =>
      /<p id="scoring" data-mode="([^"]+)">([^<]*)<\/p>/.exec(classHtml(grades.map((grade, i) => ({ name: `s${i}`, grade }))))?.slice(1) ?? [];
    assert.deepEqual(scoring(proportional, proportional)[0], "proportional");
    assert.match(scoring(proportional)[1] ?? "", /in proportion to the passing tests.*add --all-or-nothing to --class/);
    assert.deepEqual(scoring(allOrNothing)[0], "all-or-nothing");
    assert.match(scoring(allOrNothing)[1] ?? "", /all or nothing per exercise, as GitHub Classroom scores/);
    assert.equal(scoring(proportional, allOrNothing)[0], "mixed");
  });

  it("flags only a report graded with a lock that is neither the kata's nor its hand-out copy's", () => {
    const students = [{ name: "a", grade: gradeOf({ passes: {} }) }];
    const flags = (/** @type {string[]} */ digests) => parseCsv(classCsv(students, { lockDigests: digests }))[1]?.at(-2) ?? "";
    assert.equal(flags(["kata", "trusted"]), "");
    assert.match(flags(["kata", "handout"]), /graded with another lock \(trusted\)/);
  });

  it("can be run again into the same folder: each student's page is this run's", () => {
    const out = join(dir, "again");
    const first = gradeOf({ passes: {} });
    const second = gradeOf({ passes: { "01-port-ranges": 4 } });
    writeClassReports({ out, students: [{ name: "ana", grade: first }] });
    writeClassReports({ out, students: [{ name: "ana", grade: second }] });
    assert.match(readFileSync(join(studentOut(out, "ana"), "grade.md"), "utf8"), new RegExp(`grade: ${second.score} / ${second.maxScore}`));
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

describe("what a student's repository changed outside exercises/ (--class)", () => {
  /** @type {string} */
  let kata;
  /** @type {string} */
  let repo;
  before(() => {
    kata = scratchKata("kata-class-trusted-", { modules: false });
    repo = scratchKata("kata-class-student-", { modules: false });
    // As a hand-out copy has them: its own imports map and lock.
    /** @type {unknown} */
    const raw = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
    writeFileSync(join(repo, "package.json"), JSON.stringify({ .../** @type {object} */ (raw), imports: HANDOUT_IMPORTS }, null, 2));
    writeFileSync(join(repo, "grading.lock.json"), JSON.stringify(handoutLock(readLock(kata)), null, 2));
  });
  after(() => {
    rmSync(kata, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  });

  it("finds nothing in an honest hand-out copy, whatever its exercises/ hold", () => {
    appendFileSync(join(repo, "exercises", "01-port-ranges", "index.ts"), "\nexport const mine = 1;\n");
    assert.deepEqual(changesOutsideExercises(kata, repo), []);
  });

  it("names a changed test, tool and Classroom workflow, and a lock of its own, which Classroom runs and --class does not", async () => {
    appendFileSync(join(repo, "test", "01-port-ranges.test.ts"), "\n// easier\n");
    appendFileSync(join(repo, "tools", "grade.mjs"), "\n// always 0\n");
    appendFileSync(join(repo, ".github", "workflows", "classroom.yml"), "\n# mine\n");
    writeFileSync(join(repo, "tools", "lib", "extra.mjs"), "export {};\n");
    writeFileSync(join(repo, "grading.lock.json"), JSON.stringify(computeLock(repo), null, 2));
    assert.deepEqual(changesOutsideExercises(kata, repo), [".github/workflows/classroom.yml", "grading.lock.json", "test/01-port-ranges.test.ts", "tools/grade.mjs", "tools/lib/extra.mjs"]);
    // In the class's row: information, not a grade change.
    const dir = mkdtempSync(join(tmpdir(), "kata-class-changed-"));
    try {
      mkdirSync(join(dir, "class", "ana", "exercises"), { recursive: true });
      const grade = gradeOf({ passes: {} });
      const students = await gradeClass({ dir: join(dir, "class"), out: join(dir, "out"), gradeStudent: () => Promise.resolve(grade), changedFiles: () => ["test/01-port-ranges.test.ts"] });
      assert.deepEqual([students[0]?.grade, students[0]?.changed], [grade, ["test/01-port-ranges.test.ts"]]);
      const [header = [], row = []] = parseCsv(classCsv(students));
      assert.equal(row[header.indexOf("changed_outside_exercises")], "test/01-port-ranges.test.ts");
      assert.match(classHtml(students), /changed outside exercises\/ \(not graded by --class, but run by Classroom\): test\/01-port-ranges\.test\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("files every repository changed (a checkout that moved on since the hand-out)", () => {
  it("are those in every graded student's list, when there are two or more", () => {
    const grade = gradeOf({ passes: {} });
    const students = [
      { name: "a", grade, changed: ["test/support/setup.ts", "tools/grade.mjs"] },
      { name: "b", grade, changed: ["test/01-port-ranges.test.ts", "test/support/setup.ts", "tools/grade.mjs"] },
      { name: "c", problem: "no exercises/ folder: not a checkout of the kata" },
    ];
    assert.deepEqual(changedByAll(students), ["test/support/setup.ts", "tools/grade.mjs"]);
    assert.deepEqual(changedByAll(students.slice(0, 1)), []);
    assert.deepEqual(changedByAll([...students, { name: "d", grade }]), []);
  });
});

describe("the lock digests a class report accepts", () => {
  it("are the kata's and its hand-out copy's, which differs only in the imports map", () => {
    const lock = readLock(ROOT);
    const handout = handoutLock(lock);
    assert.deepEqual(acceptedDigests(ROOT), [lockDigest(lock), lockDigest(handout)]);
    assert.deepEqual(Object.keys(handout.files), Object.keys(lock.files));
    assert.deepEqual(Object.keys(lock.files).filter((k) => lock.files[k] !== handout.files[k]), ["package.json#imports"]);
  });
});

describe("npm run grade -- --class-from, run from the kata's checkout", () => {
  /** @type {string} */
  let dir;
  /** @type {{ code: number, stdout: string }} */
  let result;
  const manifest = loadManifest(ROOT);
  /** A Classroom step's report of exercise `id`, graded with the lock of this digest. @param {string} id @param {string} digest */
  const report = (id, digest) => {
    const e = /** @type {import("../lib/manifest.mjs").Exercise} */ (manifest.exercises.find((x) => x.id === id));
    return {
      schema: "socket-kata/grade@1",
      generatedAt: "2026-11-30T20:00:00.000Z",
      mode: "all-or-nothing",
      score: e.points,
      maxScore: e.points,
      minScore: e.points,
      passed: true,
      lockDigest: digest,
      tampered: [],
      exercises: [{ id, title: e.title.en, points: e.points, earned: e.points, tests: { passed: 1, total: 1 }, status: "passed", reason: "" }],
    };
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kata-class-from-cli-"));
    const [kata = "", handout = ""] = acceptedDigests(ROOT);
    const write = (/** @type {string} */ student, /** @type {string} */ id, /** @type {string} */ digest) => {
      mkdirSync(join(dir, "runs", student, id), { recursive: true });
      writeFileSync(join(dir, "runs", student, id, "grade.json"), JSON.stringify(report(id, digest)));
    };
    // ana: every exercise, graded in her hand-out repository; bob: only 01 (run cut short); carl: his own lock; dan: never pushed.
    for (const { id } of manifest.exercises) write("ana", id, handout);
    write("bob", "01-port-ranges", kata);
    write("carl", "01-port-ranges", "0123456789abcdef");
    mkdirSync(join(dir, "runs", "dan"));
    result = await new Promise((done) =>
      execFile(process.execPath, [join(ROOT, "tools", "grade.mjs"), "--class-from", join(dir, "runs"), "--out", join(dir, "out")], { cwd: ROOT }, (err, stdout, stderr) =>
        done({ code: err ? Number(err.code ?? -1) : 0, stdout: `${stdout}${stderr}` }),
      ),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("flags no honest student's lock, names the missing exercises, scores out of every point, and gives a row to one with no report", () => {
    assert.equal(result.code, 0, result.stdout);
    const [header = [], ...rows] = parseCsv(readFileSync(join(dir, "out", "class.csv"), "utf8"));
    const cell = (/** @type {string} */ name, /** @type {string} */ column) => rows.find((r) => r[0] === name)?.[header.indexOf(column)] ?? "";
    const max = String(manifest.exercises.reduce((sum, e) => sum + e.points, 0));
    assert.deepEqual([cell("ana", "score"), cell("ana", "max_score"), cell("ana", "flags")], [max, max, ""]);
    const rest = manifest.exercises.slice(1).map((e) => e.id);
    assert.deepEqual([cell("bob", "max_score"), cell("bob", "missing"), cell("bob", "flags")], [max, rest.join(" "), `no report for ${rest.join(", ")}`]);
    assert.match(cell("carl", "flags"), /graded with another lock \(0123456789abcdef\)/);
    assert.equal(cell("dan", "not_graded"), NO_REPORT);
    assert.match(result.stdout, new RegExp(`bob: no report for ${rest[0]}`));
  });

  it("prints its usage on --help and exits 0", async () => {
    /** @type {{ code: unknown, stdout: string }} */
    const help = await new Promise((done) => execFile(process.execPath, [join(ROOT, "tools", "grade.mjs"), "--help"], (err, stdout) => done({ code: err ? err.code : 0, stdout })));
    assert.deepEqual([help.code, /--class-from DIR/.test(help.stdout), /--min-score N {7}pass mark, in points/.test(help.stdout)], [0, true, true]);
  });
});
