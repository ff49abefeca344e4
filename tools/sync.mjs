#!/usr/bin/env node
// npm run sync: bring every file derived from kata.json and the tests up to
// date: the exercise tables of README.md and README.pt.md, the GitHub
// Classroom workflow (.github/workflows/classroom.yml) and grading.lock.json.
// Run it after changing kata.json, a test or test/support; verify fails
// until you do.
//
//   npm run sync                  rewrite what is out of date
//   npm run sync -- --check       only say what is out of date (exit 1 if anything is)
//   npm run sync -- --root DIR    the kata in DIR (default: this one)
import { resolve } from "node:path";
import { parseCommand } from "./lib/args.mjs";
import { ROOT } from "./lib/manifest.mjs";
import { syncDerived } from "./lib/sync.mjs";

const { values } = parseCommand({ options: { check: { type: "boolean" }, root: { type: "string" } } });
const { changed, problems } = syncDerived({ root: resolve(values.root ?? ROOT), write: !values.check });
for (const problem of problems) console.error(problem);
if (changed.length === 0) console.log("Everything derived from kata.json is up to date.");
else for (const file of changed) console.log(values.check ? `${file} is out of date` : `${file} updated`);
process.exitCode = problems.length > 0 || (values.check && changed.length > 0) ? 1 : 0;
