#!/usr/bin/env node
// npm run lock: record the hashes of the tests, their support, the Vitest
// config, the manifest and the imports map in grading.lock.json. Run it
// after changing any of them; verify fails until you do.
import { LOCK_FILE, computeLock, writeLock } from "./lib/lock.mjs";

writeLock();
console.log(`${LOCK_FILE}: ${Object.keys(computeLock().files).length} files locked.`);
