#!/usr/bin/env node
// npm run docs: regenerate the exercise tables of README.md and README.pt.md
// from kata.json.
import { syncReadmeTables } from "./lib/docs.mjs";
import { loadManifest } from "./lib/manifest.mjs";

const problems = syncReadmeTables(loadManifest(), { write: true });
for (const problem of problems) console.error(problem);
process.exitCode = problems.length === 0 ? 0 : 1;
if (problems.length === 0) console.log("README.md and README.pt.md tables are up to date.");
