// Every learner tool answers --help with its usage, and a wrong option with
// what was wrong and the usage (exit 2), never a stack trace.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { usageOf } from "../lib/args.mjs";

const tools = join(fileURLToPath(new URL(".", import.meta.url)), "..");

describe("the tools' command lines", () => {
  it("take the usage from the comment block at the top of the tool", () => {
    assert.equal(usageOf("#!/usr/bin/env node\n// npm run x: does x.\n//\n//   --y   why\nimport a from 'b';\n// not this"), "npm run x: does x.\n\n  --y   why");
  });

  for (const tool of ["test", "watch", "list", "hint", "serve", "export", "bench", "soak", "mutation"]) {
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
