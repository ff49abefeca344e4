// verify's judgements must be able to fail: each case below is a kata that
// is NOT whole, and the judgement has to say so.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { judgeExportParity } from "../lib/exports.mjs";
import { judgeExerciseParts, judgeImports, judgeManifest, judgeMutantRun, judgeSolutionRun, judgeStubRun, judgeTestNames, judgeTestSources } from "../lib/judge.mjs";
import { loadManifest } from "../lib/manifest.mjs";
import { judgeMessages, readMessages } from "../lib/messages.mjs";
import { applyPatch } from "../lib/patch.mjs";
import { CI, CLASSROOM, DEVCONTAINER, SUMMARY_STEP, classroomWorkflow, judgeDevcontainer, judgeWorkflows } from "../lib/workflows.mjs";

const manifest = {
  exercises: [
    { id: "01-alpha", title: { en: "Alpha", pt: "Alfa" }, points: 10, hints: { en: ["a"], pt: ["a"] } },
  ],
};
const NI = "not implemented: exercises/01-alpha/index.ts";

/** @param {Partial<import("../lib/run-tests.mjs").TestOutcome>[]} tests */
function run(tests, { wallMs = 100, errors = /** @type {string[]} */ ([]), unhandled = /** @type {string[]} */ ([]) } = {}) {
  return {
    wallMs,
    unhandled,
    files: [
      {
        file: "test/01-alpha.test.ts",
        project: "",
        state: "failed",
        errors,
        tests: tests.map((t, i) => ({ name: `test ${i + 1}`, fullName: `test ${i + 1}`, state: "failed", duration: 1, message: NI, waits: [], ...t })),
      },
    ],
  };
}

describe("judgeStubRun: every test fails fast with the stub's message", () => {
  it("accepts a stub run where every test fails with not implemented", () => {
    assert.deepEqual(judgeStubRun(run([{}, {}]), manifest), []);
  });
  it("catches a stub that accidentally passes a test", () => {
    const problems = judgeStubRun(run([{}, { state: "passed", message: undefined }]), manifest);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /passes against the stub/);
  });
  it("catches a test that fails on the stub for the wrong reason (its own assertion)", () => {
    const problems = judgeStubRun(run([{ message: "expected 3 to be 4" }]), manifest);
    assert.match(problems[0] ?? "", /another reason/);
  });
  it("catches a test that fails on the stub by timing out", () => {
    const problems = judgeStubRun(run([{ message: "Test timed out in 5000ms.", duration: 5000 }]), manifest);
    assert.match(problems[0] ?? "", /another reason/);
  });
  it("catches a not-implemented message that names another exercise's file", () => {
    const problems = judgeStubRun(run([{ message: "not implemented: exercises/02-beta/index.ts" }]), manifest);
    assert.match(problems[0] ?? "", /another reason/);
  });
  it("catches a test that waits before calling the stub, by cause, not by the clock", () => {
    const problems = judgeStubRun(run([{ waits: ["a pause of 20 ms"] }]), manifest);
    assert.match(problems[0] ?? "", /waited \(for a pause of 20 ms\) before it reached the stub/);
  });
  it("accepts a stub run however long the machine took, when no test waited before the stub", () => {
    assert.deepEqual(judgeStubRun(run([{ duration: 4000 }, {}], { wallMs: 60_000 }), manifest), []);
  });
  it("catches a skipped test, a file with no tests and an error outside tests", () => {
    assert.match(judgeStubRun(run([{ state: "skipped" }]), manifest)[0] ?? "", /skipped/);
    assert.match(judgeStubRun(run([]), manifest)[0] ?? "", /no tests/);
    assert.match(judgeStubRun(run([{}], { errors: ["leak: 1 × TCP server"] }), manifest)[0] ?? "", /outside any test/);
    assert.match(judgeStubRun({ files: [], unhandled: [], wallMs: 1 }, manifest)[0] ?? "", /did not run/);
    assert.match(judgeStubRun(run([{}], { unhandled: ["EADDRINUSE"] }), manifest)[0] ?? "", /unhandled error: EADDRINUSE/);
  });
});

describe("judgeSolutionRun: every test passes against the solutions", () => {
  it("accepts an all-green run", () => {
    assert.deepEqual(judgeSolutionRun(run([{ state: "passed", message: undefined }]), manifest), []);
  });
  it("catches a failing test, a skipped test and an unhandled error", () => {
    assert.match(judgeSolutionRun(run([{ state: "failed", message: "boom" }]), manifest)[0] ?? "", /failed: boom/);
    assert.match(judgeSolutionRun(run([{ state: "skipped" }]), manifest)[0] ?? "", /skipped/);
    assert.match(judgeSolutionRun(run([{ state: "passed" }], { unhandled: ["EADDRINUSE"] }), manifest)[0] ?? "", /unhandled/);
  });
  it("catches a file that did not run, a file with no tests and an error outside any test", () => {
    assert.match(judgeSolutionRun({ files: [], unhandled: [], wallMs: 1 }, manifest)[0] ?? "", /01-alpha: test\/01-alpha\.test\.ts did not run/);
    assert.match(judgeSolutionRun(run([]), manifest)[0] ?? "", /no tests collected/);
    assert.match(judgeSolutionRun(run([{ state: "passed" }], { errors: ["leak: 1 × TCP server"] }), manifest)[0] ?? "", /error outside any test: leak/);
  });
  it("lets a skipped test through only where named pipes stand in (platformSkips)", () => {
    assert.deepEqual(judgeSolutionRun(run([{ state: "skipped" }, { state: "passed" }]), manifest, { platformSkips: true }), []);
    assert.match(judgeSolutionRun(run([{ state: "failed", message: "boom" }]), manifest, { platformSkips: true })[0] ?? "", /boom/);
  });
});

describe("judgeMutantRun: each wrong solution is caught by its named test", () => {
  const mutant = { id: "01-alpha", project: "mutant 01-alpha/off-by-one", caughtBy: "test 2" };
  /** @param {string[]} states */
  const mutantRun = (states) => ({
    wallMs: 1,
    unhandled: [],
    files: [{ ...run(states.map((state) => ({ state }))).files[0], project: mutant.project }],
  });
  it("accepts a mutant whose named test fails", () => {
    assert.deepEqual(judgeMutantRun(/** @type {any} */ (mutantRun(["passed", "failed"])), [mutant]), []);
  });
  it("catches a mutant every test lets through", () => {
    assert.match(judgeMutantRun(/** @type {any} */ (mutantRun(["passed", "passed"])), [mutant])[0] ?? "", /every test passes/);
  });
  it("says so when the header names a test that does not exist (a renamed test), not that every test passes", () => {
    const renamed = { ...mutant, caughtBy: "test 2 (old name)" };
    assert.match(judgeMutantRun(/** @type {any} */ (mutantRun(["passed", "passed"])), [renamed])[0] ?? "", /names no test of test\/01-alpha\.test\.ts/);
  });
  it("catches a mutant project that did not run, or that ran another test file too", () => {
    assert.match(judgeMutantRun({ wallMs: 1, unhandled: [], files: [] }, [mutant])[0] ?? "", /mutant 01-alpha\/off-by-one: did not run/);
    const both = mutantRun(["passed", "failed"]);
    const other = { ...both.files[0], file: "test/02-beta.test.ts" };
    assert.match(judgeMutantRun(/** @type {any} */ ({ ...both, files: [...both.files, other] }), [mutant])[0] ?? "", /also ran test\/02-beta\.test\.ts/);
  });
  it("catches a mutant caught only by another test than the one named", () => {
    assert.match(judgeMutantRun(/** @type {any} */ (mutantRun(["failed", "passed"])), [mutant])[0] ?? "", /did not fail/);
  });
});

describe("judgeTestSources: no focused or skipped tests", () => {
  it("finds .only, .skip, .todo, skipIf, xit and xdescribe", () => {
    const text = ["it.only('a', () => {})", "describe.skip('b', () => {})", "test.todo('c')", "it.skipIf(x)('d', () => {})", "xit('e', () => {})", "xdescribe('f', () => {})"].join("\n");
    assert.equal(judgeTestSources([{ path: "test/x.test.ts", text }]).length, 6);
  });
  it("finds a skip from inside a test, except the named-pipe helper's", () => {
    const text = "it('a', (ctx) => { ctx.skip(true, 'why'); });";
    assert.equal(judgeTestSources([{ path: "test/x.test.ts", text }]).length, 1);
    assert.deepEqual(judgeTestSources([{ path: "test/support/platform.ts", text: "context.skip(NAMED_PIPES, 'why');" }]), []);
  });
  it("leaves ordinary code alone", () => {
    const text = "const onlyOnce = 1; socket.skip = 2; it('skips nothing', () => { exit(); });";
    assert.deepEqual(judgeTestSources([{ path: "test/x.test.ts", text }]), []);
  });
});

describe("judgeManifest: kata.json matches the tree", () => {
  const files = new Map([
    ["exercises/01-alpha/index.ts", "x"],
    ["solutions/01-alpha/index.ts", "x"],
    ["test/01-alpha.test.ts", "x"],
    ["exercises/01-alpha/README.md", "run it: npm test -- 01"],
    ["exercises/01-alpha/README.pt.md", "corre: npm test -- 01"],
  ]);
  const tree = (/** @type {Map<string, string>} */ f = files, extra = /** @type {string[]} */ ([])) => ({
    exerciseDirs: ["01-alpha", ...extra],
    solutionDirs: ["01-alpha"],
    testFiles: ["01-alpha.test.ts"],
    size: (/** @type {string} */ p) => f.get(p)?.length ?? -1,
    read: (/** @type {string} */ p) => f.get(p) ?? "",
  });
  it("accepts a whole exercise", () => {
    assert.deepEqual(judgeManifest(manifest, tree()), []);
  });
  it("catches a missing README.pt.md and a README that does not say how to run the exercise", () => {
    const f = new Map(files);
    f.delete("exercises/01-alpha/README.pt.md");
    f.set("exercises/01-alpha/README.md", "no command here");
    const problems = judgeManifest(manifest, tree(f));
    assert.equal(problems.length, 2);
  });
  it("catches a folder the manifest does not list, and ids that skip a number", () => {
    assert.match(judgeManifest(manifest, tree(files, ["02-beta"]))[0] ?? "", /not in kata.json/);
    const gap = { exercises: [{ ...manifest.exercises[0], id: "02-alpha" }] };
    assert.ok(judgeManifest(/** @type {any} */ (gap), tree()).some((p) => /expected number 01/.test(p)));
  });
  it("catches empty hints, hints missing a language, and points of 0", () => {
    const bad = { exercises: [{ ...manifest.exercises[0], points: 0, hints: { en: ["a", "b"], pt: ["a"] } }] };
    const problems = judgeManifest(/** @type {any} */ (bad), tree());
    assert.ok(problems.some((p) => /points/.test(p)));
    assert.ok(problems.some((p) => /2 English hints but 1 Portuguese/.test(p)));
    const judged = (/** @type {object} */ change) => judgeManifest(/** @type {any} */ ({ exercises: [{ ...manifest.exercises[0], ...change }] }), tree());
    assert.deepEqual(judged({ hints: { en: ["a"], pt: [" "] } }), ["01-alpha: a hint is empty"]);
    assert.deepEqual(judged({ hints: { en: ["a"] } }), ['01-alpha: hints need "en" and "pt", at least one each']);
    assert.deepEqual(judged({ title: { en: "Alpha", pt: "" } }), ['01-alpha: title needs "en" and "pt"']);
    assert.deepEqual(judged({ title: { en: "Alpha" } }), ['01-alpha: title needs "en" and "pt"']);
  });
  it("catches an id out of format, an id listed twice, and a solution folder or test file the manifest does not list", () => {
    assert.ok(judgeManifest(/** @type {any} */ ({ exercises: [{ ...manifest.exercises[0], id: "01_Alpha" }] }), tree()).includes("01_Alpha: an id is NN-name in lower case, e.g. 03-listen"));
    const twice = { exercises: [manifest.exercises[0], { ...manifest.exercises[0] }] };
    assert.ok(judgeManifest(/** @type {any} */ (twice), tree()).includes("the manifest lists an id twice"));
    const extra = { ...tree(), solutionDirs: ["01-alpha", "02-beta"], testFiles: ["01-alpha.test.ts", "03-gamma.test.ts"] };
    const problems = judgeManifest(manifest, extra);
    assert.ok(problems.includes("solutions/02-beta is not in kata.json"), problems.join("\n"));
    assert.ok(problems.includes("test/03-gamma.test.ts is not in kata.json"), problems.join("\n"));
  });
  it("catches a missing stub, solution or test, but no missing solution in a hand-out copy", () => {
    for (const path of ["exercises/01-alpha/index.ts", "solutions/01-alpha/index.ts", "test/01-alpha.test.ts"]) {
      const f = new Map(files);
      f.delete(path);
      assert.deepEqual(judgeManifest(manifest, tree(f)), [`01-alpha: ${path} is missing or empty`]);
    }
    const handout = new Map(files);
    handout.delete("solutions/01-alpha/index.ts");
    assert.deepEqual(judgeManifest(manifest, { ...tree(handout), solutionDirs: [], requireSolutions: false }), []);
  });
});

describe("judgeExerciseParts: what a new exercise still lacks, with its fix", () => {
  const readmes = (/** @type {boolean} */ tryIt) =>
    new Map([
      ["exercises/01-alpha/README.md", `# Alpha\n${tryIt ? "## Try it by hand\n" : ""}`],
      ["exercises/01-alpha/README.pt.md", `# Alfa\n${tryIt ? "## Experimenta à mão\n" : ""}`],
    ]);
  const parts = ({ server = /** @type {unknown} */ (undefined), serveIds = /** @type {string[]} */ ([]), tryIt = false, mutantIds = /** @type {string[] | undefined} */ (["01-alpha"]), files = /** @type {{ path: string, text: string }[]} */ ([]) } = {}) => {
    const f = readmes(tryIt);
    const m = { exercises: [{ ...manifest.exercises[0], ...(server === undefined ? {} : { server }) }] };
    return judgeExerciseParts(/** @type {any} */ (m), {
      files,
      serveIds,
      mutantIds,
      placeholder: "TODO(new)",
      tryHeadings: { en: "## Try it by hand", pt: "## Experimenta à mão" },
      read: (p) => f.get(p) ?? "",
      size: (p) => f.get(p)?.length ?? -1,
    });
  };
  it("accepts a whole exercise, and a whole server exercise", () => {
    assert.deepEqual(parts(), []);
    assert.deepEqual(parts({ server: true, serveIds: ["01-alpha"], tryIt: true }), []);
  });
  it("names each line still holding the placeholder, with file and line", () => {
    const problems = parts({ files: [{ path: "kata.json", text: '{\n  "pt": "TODO(new): Alfa"\n}' }, { path: "exercises/01-alpha/README.md", text: "TODO(new): the idea" }] });
    assert.deepEqual(problems, ['kata.json:2: still the skeleton of npm run new, to write: "pt": "TODO(new): Alfa"', "exercises/01-alpha/README.md:1: still the skeleton of npm run new, to write: TODO(new): the idea"]);
  });
  it("names an exercise without a mutant, except in a hand-out copy", () => {
    assert.match(parts({ mutantIds: [] })[0] ?? "", /01-alpha: test\/mutants\/01-alpha\/ holds no mutant: write one per classic mistake/);
    assert.deepEqual(parts({ mutantIds: undefined }), []);
  });
  it("names a server exercise without its serve entry or its Try-it sections, and says how to fix each", () => {
    const problems = parts({ server: true });
    assert.equal(problems.length, 3, problems.join("\n"));
    assert.match(problems[0] ?? "", /kata.json says it builds a server, but tools\/lib\/serving.mjs has no "01-alpha" entry: add how npm run serve -- 01 starts it/);
    assert.match(problems[1] ?? "", /exercises\/01-alpha\/README.md has no "## Try it by hand" section: say how to start it \(npm run serve -- 01\)/);
    assert.match(problems[2] ?? "", /exercises\/01-alpha\/README.pt.md has no "## Experimenta à mão" section/);
  });
  it("names a serve entry or Try-it sections for an exercise kata.json does not call a server, a serve entry for no exercise, and a server field that is not true", () => {
    const problems = parts({ serveIds: ["01-alpha", "09-gone"], tryIt: true });
    assert.ok(problems.some((p) => /tools\/lib\/serving.mjs starts 09-gone, which is not in kata.json/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /01-alpha: tools\/lib\/serving.mjs starts it as a server, but its kata.json entry lacks "server": true/.test(p)), problems.join("\n"));
    assert.equal(problems.filter((p) => /section, but kata.json does not say it builds a server/.test(p)).length, 2, problems.join("\n"));
    assert.ok(parts({ server: "yes", serveIds: ["01-alpha"] }).some((p) => /"server" in kata.json is true or absent/.test(p)));
  });
});

describe("judgeExportParity: stub and solution export the same names and types", () => {
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "parity");
  it("accepts identical exports, and classes whose private fields differ", () => {
    assert.deepEqual(judgeExportParity(["01-same"], root), []);
  });
  it("catches a missing export and a changed type", () => {
    const problems = judgeExportParity(["02-differs"], root);
    assert.ok(problems.some((p) => /stub exports onlyInStub, the solution does not/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /solution exports onlyInSolution, the stub does not/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /Box differs/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /open differs/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /class Counter differs in constructor parameters, add/.test(p)), problems.join("\n"));
  });
  it("says so when a stub or solution cannot be read", () => {
    assert.deepEqual(judgeExportParity(["03-absent"], root), ["03-absent: stub or solution could not be read"]);
  });
});

describe("judgeImports: each exercise stands alone", () => {
  it("accepts a test importing its own exercise, vitest, node:* and the support folder", () => {
    const text = 'import { it } from "vitest";\nimport net from "node:net";\nimport { x } from "#kata/01-alpha";\nimport { within } from "./support/index.ts";';
    assert.deepEqual(judgeImports([{ path: "test/01-alpha.test.ts", text }]), []);
  });
  it("catches a test importing another exercise, or a path instead of the #kata specifier", () => {
    const text = 'import { y } from "#kata/02-beta";\nimport { z } from "../exercises/01-alpha/index.ts";';
    assert.equal(judgeImports([{ path: "test/01-alpha.test.ts", text }]).length, 2);
  });
  it("reads only import and export statements, not calls such as Buffer.from(\"x\")", () => {
    const text = 'import {\n  a,\n  b,\n} from "#kata/01-alpha";\nconst x = Buffer.from("x");\nexport { c } from "./support/index.ts";';
    assert.deepEqual(judgeImports([{ path: "test/01-alpha.test.ts", text }]), []);
    assert.equal(judgeImports([{ path: "test/01-alpha.test.ts", text: 'const m = await import("#kata/02-beta");' }]).length, 1);
  });
  it("catches a solution or stub reaching into another folder", () => {
    assert.equal(judgeImports([{ path: "solutions/02-beta/index.ts", text: 'import { a } from "../01-alpha/index.ts";' }]).length, 1);
    assert.equal(judgeImports([{ path: "exercises/02-beta/index.ts", text: 'import { a } from "../../solutions/02-beta/index.ts";' }]).length, 1);
    assert.deepEqual(judgeImports([{ path: "exercises/02-beta/index.ts", text: 'import { notImplemented } from "../not-implemented.ts";' }]), []);
  });
});

describe("judgeWorkflows: the GitHub workflows", () => {
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
  it("accepts the committed workflows", () => {
    assert.deepEqual(judgeWorkflows(loadManifest(root), root), []);
  });
  it("catches a missing grader step, a wrong max-score, a step not graded all or nothing, no summary step, a CI matrix without Windows or with an unsupported Node, and old actions", () => {
    const dir = mkdtempSync(join(tmpdir(), "kata-workflows-"));
    try {
      mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
      const manifest = loadManifest(root);
      const classroom = classroomWorkflow(manifest).replace("max-score: 20", "max-score: 99").replace("id: ex02-resolve", "id: ex02-elsewhere");
      writeFileSync(join(dir, CLASSROOM), classroom);
      writeFileSync(join(dir, CI), readFileSync(join(root, CI), "utf8").replace(", windows-latest", ""));
      const problems = judgeWorkflows(manifest, dir);
      for (const expected of [/out of date/, /no grader step for 02-resolve/, /16-capstone's max-score is not its 20 points/, /does not run on windows-latest/]) {
        assert.ok(problems.some((p) => expected.test(p)), `${String(expected)} not in:\n${problems.join("\n")}`);
      }
      // The matrix and actions of Node 20's days: an end-of-life Node, no 26, actions on a deprecated runtime.
      const old = readFileSync(join(root, CI), "utf8").replace(/node-version: \[[^\]]*\]/, 'node-version: ["20", "22", "24"]').replaceAll("@v6", "@v4");
      writeFileSync(join(dir, CI), old);
      const oldProblems = judgeWorkflows(manifest, dir);
      for (const expected of [/does not run Node 26/, /runs Node 20, which package.json engines does not support/, /does not use actions\/checkout@v6/, /does not use actions\/setup-node@v6/]) {
        assert.ok(oldProblems.some((p) => expected.test(p)), `${String(expected)} not in:\n${oldProblems.join("\n")}`);
      }
      // A step graded in proportion, which Classroom would score all or nothing anyway; no summary step, no artifact of the reports.
      const lenient = classroomWorkflow(manifest)
        .replace("--exercise 03 --all-or-nothing", "--exercise 03")
        .replace(/\n {6}- name: Grade tables in the run's summary\n[\s\S]*$/, "\n");
      writeFileSync(join(dir, CLASSROOM), lenient);
      const lenientProblems = judgeWorkflows(manifest, dir);
      for (const expected of [/03-listen's command does not grade --all-or-nothing/, /no step \(if: always\(\)\) writes the grade tables to \$GITHUB_STEP_SUMMARY/, /no step \(if: always\(\)\) keeps the reports as the artifact "grade-reports"/]) {
        assert.ok(lenientProblems.some((p) => expected.test(p)), `${String(expected)} not in:\n${lenientProblems.join("\n")}`);
      }
      writeFileSync(join(dir, CI), "jobs: [unclosed");
      assert.ok(judgeWorkflows(manifest, dir).some((p) => /not valid YAML/.test(p)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("judgeWorkflows: each thing the workflows must have", () => {
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
  const manifest = loadManifest(root);
  /**
   * @typedef {{ id?: string, name?: string, run?: string, uses?: string, with?: Record<string, string>, env?: Record<string, string> }} Step
   * @typedef {{ jobs: Record<string, { steps: Step[] }> }} Doc
   */
  /** @param {Doc} doc */
  const stepsOf = (doc) => doc.jobs["run-autograding-tests"]?.steps ?? [];
  /** @param {Doc} doc @param {(step: Step) => boolean} which @returns {Step & { with: Record<string, string>, env: Record<string, string> }} */
  const stepOf = (doc, which) => /** @type {any} */ (stepsOf(doc).find(which) ?? assert.fail("no such step"));
  const reporter = (/** @type {Step} */ step) => String(step.uses).includes("grading-reporter");
  /** @type {[string, (doc: Doc) => void, RegExp][]} */
  const classroomCases = [
    ["the autograding job renamed", (doc) => { doc.jobs = { other: { steps: stepsOf(doc) } }; }, /no job "run-autograding-tests" with steps/],
    ["no reporter step", (doc) => { doc.jobs = { "run-autograding-tests": { steps: stepsOf(doc).filter((step) => !reporter(step)) } }; }, /no autograding-grading-reporter step/],
    ["the summary step first", (doc) => { const steps = stepsOf(doc); const at = steps.findIndex((step) => step.run === SUMMARY_STEP.run); steps.unshift(...steps.splice(at, 1)); }, /the summary step comes before a grader step/],
    ["a command for another exercise", (doc) => { const step = stepOf(doc, (s) => s.id === "ex02-resolve"); step.with.command = String(step.with.command).replace("--exercise 02", "--exercise 01"); }, /02-resolve's command does not grade exercise 02/],
    ["a reporter without a runner", (doc) => { const step = stepOf(doc, reporter); step.with.runners = String(step.with.runners).replace("ex02-resolve,", ""); }, /the reporter does not list ex02-resolve/],
    ["a reporter without a result", (doc) => { delete stepOf(doc, reporter).env["EX02-RESOLVE_RESULTS"]; }, /the reporter has no EX02-RESOLVE_RESULTS/],
  ];
  for (const [what, change, expected] of classroomCases) {
    it(`classroom.yml: catches ${what}`, () => {
      const dir = mkdtempSync(join(tmpdir(), "kata-workflows-"));
      try {
        mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
        /** @type {unknown} */
        const parsed = parseYaml(classroomWorkflow(manifest));
        const doc = /** @type {Doc} */ (parsed);
        change(doc);
        writeFileSync(join(dir, CLASSROOM), stringifyYaml(doc));
        writeFileSync(join(dir, CI), readFileSync(join(root, CI), "utf8"));
        const problems = judgeWorkflows(manifest, dir);
        assert.ok(problems.some((p) => expected.test(p)), `${String(expected)} not in:\n${problems.join("\n")}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
  it("classroom.yml: catches a missing file", () => {
    const dir = mkdtempSync(join(tmpdir(), "kata-workflows-"));
    try {
      mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
      writeFileSync(join(dir, CI), readFileSync(join(root, CI), "utf8"));
      assert.deepEqual(judgeWorkflows(manifest, dir), [`${CLASSROOM} is missing`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  /** @type {[string, string, string, RegExp][]} */
  const ciCases = [
    ["no verify", "npm run verify", "npm test", /no job runs npm run verify/],
    ["no npm ci", "run: npm ci", "run: npm install", /does not install with npm ci/],
    ["a missing workflow", "", "", /ci\.yml is missing/],
  ];
  for (const [what, from, to, expected] of ciCases) {
    it(`ci.yml: catches ${what}`, () => {
      const dir = mkdtempSync(join(tmpdir(), "kata-workflows-"));
      try {
        mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
        mkdirSync(join(dir, "solutions")); // the kata itself: a hand-out (no solutions/) has no ci.yml
        writeFileSync(join(dir, CLASSROOM), classroomWorkflow(manifest));
        if (from !== "") writeFileSync(join(dir, CI), readFileSync(join(root, CI), "utf8").replace(from, to));
        const problems = judgeWorkflows(manifest, dir);
        assert.ok(problems.some((p) => expected.test(p)), `${String(expected)} not in:\n${problems.join("\n")}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("judgeDevcontainer: the Codespaces devcontainer", () => {
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
  it("accepts the committed devcontainer", () => {
    assert.deepEqual(judgeDevcontainer(root), []);
  });
  it("catches another Node than .nvmrc's, and a setup without nc, socat or the install", () => {
    const dir = mkdtempSync(join(tmpdir(), "kata-devcontainer-"));
    try {
      mkdirSync(join(dir, ".devcontainer"));
      writeFileSync(join(dir, ".nvmrc"), "24\n");
      writeFileSync(join(dir, DEVCONTAINER), JSON.stringify({ image: "mcr.microsoft.com/devcontainers/javascript-node:20", postCreateCommand: "sudo apt-get install -y strace" }));
      const problems = judgeDevcontainer(dir);
      for (const expected of [/is not Node 24/, /does not install netcat-openbsd/, /does not install socat/, /does not run npm install/]) {
        assert.ok(problems.some((p) => expected.test(p)), `${String(expected)} not in:\n${problems.join("\n")}`);
      }
      writeFileSync(join(dir, DEVCONTAINER), "{ // a comment");
      assert.ok(judgeDevcontainer(dir).some((p) => /not valid JSON/.test(p)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("applyPatch: mutants kept as patches of their solution", () => {
  const solution = "export function f(n: number): number {\n  return n + 1;\n}\n\nexport const g = 2;\n";
  const diff = "Mistake: x\nCaught by: y\n\n--- a\n+++ b\n@@ -1,3 +1,3 @@\n export function f(n: number): number {\n-  return n + 1;\n+  return n + 2;\n }\n";
  it("applies a hunk, also where the solution moved", () => {
    assert.match(applyPatch(solution, diff), /return n \+ 2;/);
    assert.match(applyPatch(`// a new first line\n${solution}`, diff), /return n \+ 2;/);
  });
  it("refuses a hunk that no longer matches, naming it", () => {
    assert.throws(() => applyPatch(solution.replace("n + 1", "n + 10"), diff), /hunk 1 \(at line 1\) does not match the solution any more/);
  });
});

describe("judgeTestNames: every test has its Portuguese name", () => {
  const run = { wallMs: 1, unhandled: [], files: [{ file: "test/01-alpha.test.ts", project: "", state: "pass", errors: [], tests: [{ name: "a", fullName: "a", state: "passed", duration: 1, message: undefined, waits: [] }] }] };
  it("accepts a complete catalogue, and names what is missing or stale", () => {
    assert.deepEqual(judgeTestNames(run, { a: "um" }), []);
    const problems = judgeTestNames(run, { gone: "foi-se" });
    assert.ok(problems.some((p) => /no Portuguese name for "a"/.test(p)));
    assert.ok(problems.some((p) => /no longer exists: "gone"/.test(p)));
  });
});

describe("judgeMessages (failure messages in Portuguese)", () => {
  const source = [
    "async function expectCount(server: S, n: number, why: string) { expect(server.count(), say`count ${why}`).toBe(n); }",
    "it('x', async () => {",
    "  expect(client.text, `what ${client.label} got back`).toBe('hi');",
    "  await within('the server to start', start());",
    "  await client.until('receive the greeting', () => true);",
    "  thrownBy(`classifyPort(${bad})`, RangeError, () => classifyPort(bad));",
    "  thrownBy('push() of a 10th byte (maximum 8)', RangeError, () => push());",
    "  await expectCount(server, 2, 'after a reset');",
    "  expect.fail(`${lost}\\n${transcript}`);",
    "  expect(x, say`the reply to ${n} pings`).toBe(1);",
    "});",
  ].join("\n");

  it("finds the labels left as bare strings, but not calls written as code or text without words", () => {
    const bare = readMessages("test/01-x.test.ts", source).bare.map((b) => b.text);
    assert.deepEqual(bare, ["what {0} got back", "the server to start", "receive the greeting", "push() of a 10th byte (maximum 8)", "after a reset"]);
  });

  it("finds every say`…` key, with its substitutions numbered", () => {
    const keys = readMessages("test/01-x.test.ts", source).keys.map((k) => k.key);
    assert.deepEqual(keys, ["count {0}", "the reply to {0} pings"]);
  });

  it("wants Portuguese for each key, with the same {n}, and no entry nothing uses", () => {
    const files = [{ path: "test/01-x.test.ts", text: "expect(a, say`the reply to ${n} pings`); expect(b, say`count ${why}`); expect(c, say`${a}: ${b}`);" }];
    const problems = judgeMessages(files, { "the reply to {0} pings": "a resposta a pings", "gone {0}": "foi-se {0}" });
    assert.ok(problems.some((p) => /"a resposta a pings" must use \{0\}/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /no Portuguese for "count \{0\}"/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /"gone \{0\}" is used by no say/.test(p)), problems.join("\n"));
    assert.ok(!problems.some((p) => p.includes('"{0}: {1}"')), "a key without words needs no Portuguese");
    assert.equal(problems.length, 3);
  });

  it("wants a bare label written as say`…`", () => {
    const problems = judgeMessages([{ path: "test/01-x.test.ts", text: "await within('the server to start', start());" }], {});
    assert.deepEqual(problems, ['test/01-x.test.ts:1: the label "the server to start" stays English in Portuguese: write it as say`…`']);
  });

  it("passes a complete catalogue", () => {
    const files = [{ path: "test/01-x.test.ts", text: "expect(a, say`the reply to ${n} pings`);" }];
    assert.deepEqual(judgeMessages(files, { "the reply to {0} pings": "a resposta a {0} pings" }), []);
  });
});
