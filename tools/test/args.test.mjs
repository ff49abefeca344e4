// Every learner tool answers --help with its usage, and a wrong option with
// what was wrong and the usage (exit 2), never a stack trace.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { npmLeftovers, usageOf } from "../lib/args.mjs";

const tools = join(fileURLToPath(new URL(".", import.meta.url)), "..");

describe("the tools' command lines", () => {
  it("take the usage from the comment block at the top of the tool", () => {
    assert.equal(usageOf("#!/usr/bin/env node\n// npm run x: does x.\n//\n//   --y   why\nimport a from 'b';\n// not this"), "npm run x: does x.\n\n  --y   why");
  });

  for (const tool of ["test", "watch", "list", "hint", "serve", "ui", "export", "bench", "soak", "mutation"]) {
    it(`npm run ${tool} -- --help prints its usage; an unknown option exits 2 with the usage, no stack`, () => {
      const help = spawnSync(process.execPath, [join(tools, `${tool}.mjs`), "--help"], { encoding: "utf8" });
      assert.equal(help.status, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`^npm (?:run )?${tool}\\b`));
      const wrong = spawnSync(process.execPath, [join(tools, `${tool}.mjs`), "--no-such-option"], { encoding: "utf8" });
      assert.equal(wrong.status, 2);
      assert.match(wrong.stderr, /Unknown option '--no-such-option'/);
      assert.doesNotMatch(wrong.stderr, /\n\s+at /, "no stack trace");
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
