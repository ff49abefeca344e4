// Every tool answers --help with its usage, and a wrong option with what
// was wrong and the usage (exit 2), never a stack trace; --help does
// nothing else (no tool writes a file when asked for help).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { npmLeftovers, usageOf } from "../lib/args.mjs";

const tools = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const root = join(tools, "..");

/** Every tool: each .mjs file in tools/, one per command. */
const TOOLS = readdirSync(tools).filter((f) => f.endsWith(".mjs")).map((f) => f.replace(/\.mjs$/, ""));

/** The tools some other work is changing now; each says why. */
/** @type {Map<string, string>} tools whose --help test waits on other work (none now) */
const LATER = new Map();

/** The files a tool could write when it should only print its help. */
const WRITTEN = ["README.md", "README.pt.md", ".github/workflows/classroom.yml", "grading.lock.json", "kata.json", "test/names.pt.json", "test/messages.pt.json"];
const snapshot = () => WRITTEN.map((f) => (existsSync(join(root, f)) ? createHash("sha256").update(readFileSync(join(root, f))).digest("hex") : "missing")).join(" ");

describe("the tools' command lines", () => {
  it("take the usage from the comment block at the top of the tool", () => {
    assert.equal(usageOf("#!/usr/bin/env node\n// npm run x: does x.\n//\n//   --y   why\nimport a from 'b';\n// not this"), "npm run x: does x.\n\n  --y   why");
  });

  it("are all here: every npm script that runs a tool names one of them", () => {
    /** @type {unknown} */
    const raw = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const pkg = /** @type {{ scripts: Record<string, string> }} */ (raw);
    for (const command of Object.values(pkg.scripts)) {
      const tool = /\btools\/([\w-]+)\.mjs\b/.exec(command)?.[1];
      if (tool) assert.ok(TOOLS.includes(tool), command);
    }
    assert.ok(TOOLS.length >= 10, TOOLS.join(", "));
  });

  for (const tool of TOOLS) {
    it(`${tool}: --help prints its usage and does nothing else; an unknown option exits 2 with the usage, no stack`, { todo: LATER.get(tool) }, () => {
      const usage = usageOf(readFileSync(join(tools, `${tool}.mjs`), "utf8"));
      assert.ok(usage.length > 0, "the tool opens with a comment block: its usage");
      const before = snapshot();
      const help = spawnSync(process.execPath, [join(tools, `${tool}.mjs`), "--help"], { encoding: "utf8", cwd: root });
      assert.equal(help.status, 0, help.stderr);
      assert.ok(help.stdout.startsWith(usage), `--help prints the usage:\n${help.stdout}`);
      assert.equal(snapshot(), before, "--help wrote a file");
      const wrong = spawnSync(process.execPath, [join(tools, `${tool}.mjs`), "--no-such-option"], { encoding: "utf8", cwd: root });
      assert.equal(wrong.status, 2, wrong.stderr);
      assert.match(wrong.stderr, /Unknown option '--no-such-option'/);
      assert.ok(wrong.stderr.includes(usage), "the usage follows the mistake");
      assert.doesNotMatch(wrong.stderr, /\n\s+at /, "no stack trace");
      assert.equal(snapshot(), before, "a wrong option wrote a file");
    });
  }
});

describe("flags npm kept for itself (given without --)", () => {
  const options = /** @type {const} */ ({ solution: { type: "boolean" }, poll: { type: "boolean" }, all: { type: "boolean" }, lang: { type: "string" } });
  const npm = { npm_lifecycle_event: "serve" };

  it("puts back a boolean npm passed as npm_config_<name>=true, and --lang whose value npm left among the arguments", () => {
    const { args, recovered } = npmLeftovers(options, ["06", "pt"], { ...npm, npm_config_solution: "true", npm_config_poll: "true" });
    assert.deepEqual(args, ["06", "--solution", "--poll", "--lang", "pt"]);
    assert.deepEqual(recovered, ["--solution", "--poll", "--lang pt"]);
  });

  it("leaves alone what npm itself also means (--all, maybe from an .npmrc), flags given after --, and runs outside npm", () => {
    assert.deepEqual(npmLeftovers(options, ["03"], { ...npm, npm_config_all: "true" }).recovered, []);
    assert.deepEqual(npmLeftovers(options, ["06", "--solution"], { ...npm, npm_config_solution: "true" }).args, ["06", "--solution"]);
    assert.deepEqual(npmLeftovers(options, ["06", "pt"], { npm_config_solution: "true" }).args, ["06", "pt"]);
  });

  it("says what it read, and what to type, in the learner's language", () => {
    const run = spawnSync(process.execPath, [join(tools, "hint.mjs"), "99", "pt"], {
      encoding: "utf8",
      env: { ...process.env, npm_lifecycle_event: "hint", npm_config_reset: "true" },
    });
    assert.match(run.stderr, /O npm ficou com --reset, --lang pt para si: .*Lido como: npm run hint -- 99 --reset --lang pt/);
  });
});
