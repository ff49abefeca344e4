// The GitHub workflows: classroom.yml is generated from the manifest (one
// autograding step per exercise); ci.yml is written by hand. verify parses
// both and checks the jobs and steps they must have (a hand-out copy has no
// ci.yml: learners' pushes run the grading only).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { ROOT } from "./manifest.mjs";
import { supportedRange } from "./node-support.mjs";

export const CLASSROOM = ".github/workflows/classroom.yml";
export const DEVCONTAINER = ".devcontainer/devcontainer.json";
export const CI = ".github/workflows/ci.yml";

/** The actions both workflows use, on their current majors (v4 ran on GitHub's deprecated Node 20 runtime). */
export const CHECKOUT = "actions/checkout@v6";
export const SETUP_NODE = "actions/setup-node@v6";

/** The Node.js majors the kata supports, from package.json engines ("^22.22.1 || ^24.0.0 || >=26.0.0" → 22, 24, 26). */
export const nodeMajors = (range = supportedRange()) => range.split("||").map((part) => part.replace(/[^\d.]/g, "").split(".")[0] ?? "");

/** A step id GitHub accepts (it must start with a letter): "ex01-port-ranges". @param {string} id */
export const stepId = (id) => `ex${id}`;

/**
 * How Classroom scores: the command grader gives a step its max-score when
 * the command exits 0 and nothing otherwise, so each step grades its exercise
 * all or nothing, and says so (`npm run grade` prints the same rule).
 */
export const CLASSROOM_FLAG = "--all-or-nothing";

/**
 * Before each step grades, the checkout must be as pushed outside exercises/: a step's
 * learner code could have rewritten a tool or a test by its absolute path, which voids
 * that step's grade, but the next step would run what it wrote. (git compares each
 * file's change time with its index, so a rewrite cannot pass for the original short of
 * rewriting .git itself.)
 */
export const UNCHANGED_CHECKOUT = "git diff --exit-code --stat HEAD -- . ':(exclude)exercises'";

/**
 * The environment each step's `npm run grade` gets on top of the command grader's, which sets
 * FORCE_COLOR=true: NO_COLOR=1 keeps colour codes out of the reports (Vitest's colours follow
 * it), and FORCE_COLOR=0 keeps Node from warning at the top of every step's log that NO_COLOR
 * is ignored (Node reads FORCE_COLOR first, and 0 asks for no colour as well).
 */
export const CLASSROOM_ENV = "FORCE_COLOR=0 NO_COLOR=1";

/**
 * The step that puts the grade tables in the run's summary. The command
 * grader passes only PATH, HOME and a few more to its command, so
 * GITHUB_STEP_SUMMARY never reaches `npm run grade` there: a step of its own
 * appends each exercise's grade.md, whatever the graders did.
 */
export const SUMMARY_STEP = {
  name: "Grade tables in the run's summary",
  if: "always()",
  shell: "bash",
  run: 'cat reports/*/grade.md >> "$GITHUB_STEP_SUMMARY" || echo "no grade reports: see the steps above" >> "$GITHUB_STEP_SUMMARY"',
};

/** The artifact each Classroom run keeps its reports in (reports/NN-name/grade.json, …), for `npm run grade -- --class-from`. */
export const GRADE_ARTIFACT = "grade-reports";

/**
 * The step that keeps the run's reports as an artifact: an instructor
 * downloads every student's (`gh run download`) and makes one class report
 * of them (`npm run grade -- --class-from DIR`).
 */
export const ARTIFACT_STEP = {
  name: "Grade reports as an artifact",
  if: "always()",
  uses: "actions/upload-artifact@v6",
  with: { name: GRADE_ARTIFACT, path: "reports/", "if-no-files-found": "warn" },
};

/**
 * The Classroom workflow for this manifest. The command grader passes only
 * PATH, HOME and a few more to its command, so anything the command needs
 * is set inline.
 * @param {import("./manifest.mjs").Manifest} manifest
 */
export function classroomWorkflow(manifest) {
  const graders = manifest.exercises.map((e) => ({
    name: `${e.id}: ${e.title.en}`,
    id: stepId(e.id),
    uses: "classroom-resources/autograding-command-grader@v1",
    with: {
      "test-name": e.id,
      "setup-command": "",
      command: `${UNCHANGED_CHECKOUT} && ${CLASSROOM_ENV} npm run grade -- --exercise ${e.id.slice(0, 2)} ${CLASSROOM_FLAG} --out reports/${e.id}`,
      timeout: 10,
      "max-score": e.points,
    },
  }));
  const workflow = {
    name: "Autograding Tests",
    on: ["push", "repository_dispatch"],
    permissions: { checks: "write", actions: "read", contents: "read" },
    jobs: {
      "run-autograding-tests": {
        "runs-on": "ubuntu-latest",
        if: "github.actor != 'github-classroom[bot]'",
        steps: [
          { name: "Checkout code", uses: CHECKOUT },
          { name: "Set up Node.js", uses: SETUP_NODE, with: { "node-version": 24, cache: "npm" } },
          { name: "Install", run: "npm ci" },
          ...graders,
          {
            name: "Autograding Reporter",
            uses: "classroom-resources/autograding-grading-reporter@v1",
            env: Object.fromEntries(graders.map((g) => [`${g.id.toUpperCase()}_RESULTS`, `\${{steps.${g.id}.outputs.result}}`])),
            with: { runners: graders.map((g) => g.id).join(",") },
          },
          SUMMARY_STEP,
          ARTIFACT_STEP,
        ],
      },
    },
  };
  const header = [
    "# Generated from kata.json by `npm run sync`: do not edit by hand.",
    "# GitHub Classroom autograding: one step per exercise, worth its points, all or nothing",
    "# (the command grader gives max-score on exit 0, else 0); each runs",
    "# `npm run grade -- --all-or-nothing` for that exercise (tamper-checked against grading.lock.json).",
    "# The last steps put the grade tables in the run's summary and keep the reports",
    `# as the artifact "${GRADE_ARTIFACT}" (for npm run grade -- --class-from).`,
  ].join("\n");
  return `${header}\n${stringify(workflow, { lineWidth: 0 })}`;
}

/**
 * @typedef {{ uses?: unknown, id?: unknown, run?: unknown, if?: unknown, with?: Record<string, unknown>, env?: Record<string, unknown> }} Step
 * @typedef {{ steps?: Step[], strategy?: { matrix?: Record<string, unknown[]> } }} Job
 * @typedef {{ jobs?: Record<string, Job> }} Workflow
 */

/** @param {unknown} value */
const text = (value) => (typeof value === "string" || typeof value === "number" ? String(value) : "");

/**
 * @param {string} path
 * @param {string} [root]
 * @returns {{ doc?: Workflow, problems: string[] }}
 */
function load(path, root = ROOT) {
  if (!existsSync(join(root, path))) return { problems: [`${path} is missing`] };
  try {
    /** @type {unknown} */
    const parsed = parse(readFileSync(join(root, path), "utf8"));
    const doc = /** @type {Workflow} */ (parsed && typeof parsed === "object" ? parsed : {});
    return { doc, problems: [] };
  } catch (err) {
    return { problems: [`${path} is not valid YAML: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`] };
  }
}

/**
 * Parse both workflows and check what they must contain.
 * @param {import("./manifest.mjs").Manifest} manifest
 * @param {string} [root]
 * @returns {string[]}
 */
export function judgeWorkflows(manifest, root = ROOT) {
  /** @type {string[]} */
  const problems = [];
  const classroom = load(CLASSROOM, root);
  problems.push(...classroom.problems);
  if (classroom.doc) {
    if (readFileSync(join(root, CLASSROOM), "utf8") !== classroomWorkflow(manifest)) problems.push(`${CLASSROOM} is out of date: run npm run sync`);
    const steps = classroom.doc.jobs?.["run-autograding-tests"]?.steps ?? [];
    if (steps.length === 0) problems.push(`${CLASSROOM}: no job "run-autograding-tests" with steps`);
    const graders = steps.filter((s) => text(s.uses).startsWith("classroom-resources/autograding-command-grader@"));
    const reporter = steps.find((s) => text(s.uses).startsWith("classroom-resources/autograding-grading-reporter@"));
    if (!reporter) problems.push(`${CLASSROOM}: no autograding-grading-reporter step`);
    const summary = steps.findIndex((s) => text(s.run).includes("GITHUB_STEP_SUMMARY") && text(s.if).includes("always()"));
    if (summary < 0) problems.push(`${CLASSROOM}: no step (if: always()) writes the grade tables to $GITHUB_STEP_SUMMARY`);
    else if (graders.some((g) => steps.indexOf(g) > summary)) problems.push(`${CLASSROOM}: the summary step comes before a grader step`);
    const artifact = steps.findIndex((s) => text(s.uses).startsWith("actions/upload-artifact@") && text(s.with?.name) === GRADE_ARTIFACT && text(s.if).includes("always()"));
    if (artifact < 0) problems.push(`${CLASSROOM}: no step (if: always()) keeps the reports as the artifact "${GRADE_ARTIFACT}"`);
    else if (graders.some((g) => steps.indexOf(g) > artifact)) problems.push(`${CLASSROOM}: the artifact step comes before a grader step`);
    for (const e of manifest.exercises) {
      const grader = graders.find((s) => s.id === stepId(e.id));
      if (!grader) {
        problems.push(`${CLASSROOM}: no grader step for ${e.id}`);
        continue;
      }
      if (grader.with?.["max-score"] !== e.points) problems.push(`${CLASSROOM}: ${e.id}'s max-score is not its ${e.points} points`);
      if (!text(grader.with?.command).includes(`--exercise ${e.id.slice(0, 2)}`)) problems.push(`${CLASSROOM}: ${e.id}'s command does not grade exercise ${e.id.slice(0, 2)}`);
      if (!text(grader.with?.command).includes(CLASSROOM_FLAG)) problems.push(`${CLASSROOM}: ${e.id}'s command does not grade ${CLASSROOM_FLAG}, the way Classroom scores a step`);
      if (reporter && !text(reporter.with?.runners).split(",").includes(stepId(e.id))) problems.push(`${CLASSROOM}: the reporter does not list ${stepId(e.id)}`);
      if (reporter && !(`${stepId(e.id).toUpperCase()}_RESULTS` in (reporter.env ?? {}))) problems.push(`${CLASSROOM}: the reporter has no ${stepId(e.id).toUpperCase()}_RESULTS`);
    }
  }
  // A hand-out copy (no solutions/) has no maintainers' CI: npm run export leaves ci.yml out.
  const handout = !existsSync(join(root, "solutions"));
  const ci = handout && !existsSync(join(root, CI)) ? { problems: [] } : load(CI, root);
  problems.push(...ci.problems);
  if (ci.doc) {
    const jobs = Object.entries(ci.doc.jobs ?? {});
    const verifying = jobs.find(([, job]) => (job.steps ?? []).some((s) => text(s.run).includes("npm run verify")));
    if (!verifying) problems.push(`${CI}: no job runs npm run verify`);
    else {
      const [name, job] = verifying;
      const matrix = job.strategy?.matrix ?? {};
      const os = (matrix.os ?? []).map(text);
      const node = (matrix["node-version"] ?? []).map(text);
      for (const want of ["ubuntu-latest", "macos-latest", "windows-latest"]) if (!os.includes(want)) problems.push(`${CI}: job ${name} does not run on ${want}`);
      for (const want of nodeMajors()) if (!node.some((v) => v === want || v.startsWith(`${want}.`))) problems.push(`${CI}: job ${name} does not run Node ${want}`);
      for (const v of node) if (!nodeMajors().some((want) => v === want || v.startsWith(`${want}.`))) problems.push(`${CI}: job ${name} runs Node ${v}, which package.json engines does not support`);
      const uses = (job.steps ?? []).map((s) => text(s.uses)).filter(Boolean);
      for (const want of [CHECKOUT, SETUP_NODE]) if (!uses.includes(want)) problems.push(`${CI}: job ${name} does not use ${want}`);
      if (!(job.steps ?? []).some((s) => text(s.run).includes("npm ci"))) problems.push(`${CI}: job ${name} does not install with npm ci`);
    }
  }
  return problems;
}

/**
 * The Codespaces devcontainer (GitHub Classroom offers it to students): the
 * Node major of .nvmrc, and on creation the tools "Try it by hand" uses
 * (netcat-openbsd, socat) and the kata's own install.
 * @param {string} [root]
 * @returns {string[]}
 */
export function judgeDevcontainer(root = ROOT) {
  if (!existsSync(join(root, DEVCONTAINER))) return [`${DEVCONTAINER} is missing`];
  /** @type {{ image?: unknown, postCreateCommand?: unknown }} */
  let doc;
  try {
    /** @type {unknown} */
    const raw = JSON.parse(readFileSync(join(root, DEVCONTAINER), "utf8"));
    doc = /** @type {{ image?: unknown, postCreateCommand?: unknown }} */ (raw);
  } catch (err) {
    return [`${DEVCONTAINER} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`];
  }
  const problems = [];
  const major = readFileSync(join(root, ".nvmrc"), "utf8").trim();
  if (!new RegExp(`/javascript-node:${major}(?:$|[-.])`).test(text(doc.image))) problems.push(`${DEVCONTAINER}: image ${text(doc.image) || "(none)"} is not Node ${major} (.nvmrc)`);
  const create = text(doc.postCreateCommand);
  for (const want of ["netcat-openbsd", "socat"]) if (!create.includes(want)) problems.push(`${DEVCONTAINER}: postCreateCommand does not install ${want}`);
  if (!/\bnpm (?:install|ci)\b/.test(create)) problems.push(`${DEVCONTAINER}: postCreateCommand does not run npm install`);
  return problems;
}
