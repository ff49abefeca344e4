// The Classroom workflow's grading steps, run as GitHub Classroom's command
// grader runs them: the step's command through /bin/sh, in a git checkout
// of the kata as pushed, with only the environment the grader passes on
// (PATH, HOME, FORCE_COLOR=true and two .NET variables).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { CLASSROOM } from "../lib/workflows.mjs";
import { scratchKata } from "./scratch.mjs";

/** What classroom-resources/autograding-command-grader@v1 gives the command. */
const GRADER_ENV = {
  PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
  HOME: process.env.HOME ?? "",
  FORCE_COLOR: "true",
  DOTNET_CLI_HOME: "/tmp",
  DOTNET_NOLOGO: "true",
};

/** The grading steps' commands of the kata at `root`, by test name ("01-port-ranges"). @param {string} root */
function stepCommands(root) {
  /** @type {unknown} */
  const parsed = parse(readFileSync(join(root, CLASSROOM), "utf8"));
  const workflow = /** @type {{ jobs: Record<string, { steps: { with?: { "test-name"?: string, command?: string } }[] }> }} */ (parsed);
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  return new Map(steps.flatMap((s) => (s.with?.["test-name"] && s.with.command ? [[s.with["test-name"], s.with.command]] : [])));
}

describe("the Classroom workflow's grading steps, as the command grader runs them", { skip: process.platform === "win32" && "Classroom runs its steps on Linux (ubuntu-latest)" }, () => {
  const repo = scratchKata("kata-classroom-");
  const git = (/** @type {string[]} */ args) => execFileSync("git", args, { cwd: repo, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" } });
  /** @type {Map<string, string>} */
  let commands = new Map();
  before(() => {
    git(["init", "-q", "-b", "main"]);
    git(["add", "-A"]);
    git(["commit", "-q", "-m", "pushed"]);
    commands = stepCommands(repo);
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  /** @param {string} id */
  const runStep = (id) => spawnSync("/bin/sh", ["-c", commands.get(id) ?? "false"], { cwd: repo, env: GRADER_ENV, encoding: "utf8" });

  it("grades its exercise all or nothing, with no colour codes in the reports and no warning about NO_COLOR in the step's log", () => {
    const step = runStep("01-port-ranges");
    assert.equal(step.status, 1, `${step.stdout}${step.stderr}`); // the stub: 0 points, so the grader gives 0
    assert.doesNotMatch(step.stderr, /NO_COLOR|FORCE_COLOR/);
    const out = join(repo, "reports", "01-port-ranges");
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(join(out, "grade.json"), "utf8"));
    assert.equal(/** @type {{ mode: string }} */ (parsed).mode, "all-or-nothing");
    for (const file of ["grade.json", "grade.md", "junit.xml"]) assert.ok(!readFileSync(join(out, file), "utf8").includes("\u001b["), `${file} holds colour codes`);
  });

  it("fails without grading when a file outside exercises/ differs from the commit pushed, and names it", () => {
    appendFileSync(join(repo, "test", "02-resolve.test.ts"), "\n// rewritten by an earlier step\n");
    const step = runStep("02-resolve");
    assert.notEqual(step.status, 0);
    assert.match(step.stdout, /test\/02-resolve\.test\.ts/);
    assert.equal(existsSync(join(repo, "reports", "02-resolve")), false);
  });
});
