// Everything derived from kata.json and the tests, in one place: the
// exercise tables of README.md and README.pt.md, the GitHub Classroom
// workflow and grading.lock.json. `npm run sync` rewrites what is out of
// date; verify names each file that is (docs, workflows and lock checks).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { readmeTables } from "./docs.mjs";
import { LOCK_FILE, lockText } from "./lock.mjs";
import { ROOT, loadManifest } from "./manifest.mjs";
import { CLASSROOM, classroomWorkflow } from "./workflows.mjs";

/**
 * Bring every derived file up to date (or, with `write: false`, only say
 * which are out of date).
 * @param {{ root?: string, write?: boolean }} [options]
 * @returns {{ changed: string[], problems: string[] }} `changed`: the files rewritten (or to rewrite);
 *   `problems`: what no rewrite fixes
 */
export function syncDerived({ root = ROOT, write = true } = {}) {
  const manifest = loadManifest(root);
  const { stale, problems } = readmeTables(manifest, root);
  /** @type {{ file: string, text: string }[]} */
  const updates = [...stale];
  const workflow = classroomWorkflow(manifest);
  const current = (/** @type {string} */ file) => (existsSync(join(root, file)) ? readFileSync(join(root, file), "utf8") : undefined);
  if (current(CLASSROOM) !== workflow) updates.push({ file: CLASSROOM, text: workflow });
  // Last: the lock hashes kata.json and the tests, never the files written above.
  const lock = lockText(root);
  if (current(LOCK_FILE) !== lock) updates.push({ file: LOCK_FILE, text: lock });
  if (write) {
    for (const { file, text } of updates) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
  }
  return { changed: updates.map((u) => u.file), problems };
}
