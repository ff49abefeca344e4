// Reset an exercise's stub to the version the learner started from (the
// commit that added it), after saving the learner's code in .kata/backups/.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, pathsOf } from "./manifest.mjs";

/**
 * @param {string} id
 * @param {string} [root]
 * @returns {{ backup: string }} where the learner's code was saved (relative)
 */
export function resetToStub(id, root = ROOT) {
  const stub = pathsOf(id).stub;
  /** @param {string[]} args */
  const git = (args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  let original;
  try {
    const added = git(["log", "--diff-filter=A", "--format=%H", "--", stub]).trim().split("\n").at(-1);
    if (!added) throw new Error("no commit adds it");
    original = git(["show", `${added}:${stub}`]);
  } catch {
    throw new Error(`${stub} has no git history to restore it from`);
  }
  const backup = join(".kata", "backups", `${id}-${new Date().toISOString().replaceAll(":", "-")}.ts`);
  mkdirSync(join(root, ".kata", "backups"), { recursive: true });
  copyFileSync(join(root, stub), join(root, backup));
  writeFileSync(join(root, stub), original);
  return { backup };
}
