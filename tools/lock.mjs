#!/usr/bin/env node
// npm run lock: record the hashes of the tests, their support, the Vitest
// config, the manifest and the imports map in grading.lock.json. Run it
// after changing any of them; verify fails until you do. (npm run sync
// does this and brings the other derived files up to date too.)
//
//   npm run lock                  write grading.lock.json
//   npm run lock -- --root DIR    the kata in DIR (default: this one)
import { resolve } from "node:path";
import { parseCommand } from "./lib/args.mjs";
import { LOCK_FILE, computeLock, writeLock } from "./lib/lock.mjs";
import { ROOT } from "./lib/manifest.mjs";

const { values } = parseCommand({ options: { root: { type: "string" } } });
const root = resolve(values.root ?? ROOT);
writeLock(root);
console.log(`${LOCK_FILE}: ${Object.keys(computeLock(root).files).length} files locked.`);
