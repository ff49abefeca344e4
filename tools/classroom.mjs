#!/usr/bin/env node
// npm run classroom: write .github/workflows/classroom.yml from kata.json
// (one GitHub Classroom autograding step per exercise). verify fails while
// the file is out of date.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT, loadManifest } from "./lib/manifest.mjs";
import { CLASSROOM, classroomWorkflow } from "./lib/workflows.mjs";

mkdirSync(dirname(join(ROOT, CLASSROOM)), { recursive: true });
writeFileSync(join(ROOT, CLASSROOM), classroomWorkflow(loadManifest()));
console.log(`${CLASSROOM} written (${loadManifest().exercises.length} graded steps).`);
