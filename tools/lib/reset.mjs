// Reset an exercise's stub to the one the kata ships today, after saving the
// learner's code in .kata/backups/. "Today's" is the newest commit that
// changed the stub and is not the learner's own (their commits carry their
// git user.email); with no such commit, the version in HEAD. Not the commit
// that first added it: stubs improve (10's took the Windows path limit later).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, pathsOf } from "./manifest.mjs";

/**
 * @param {string} id
 * @param {string} [root]
 * @returns {{ backup: string, from: string }} where the learner's code was saved (relative), and the commit restored from
 */
export function resetToStub(id, root = ROOT) {
  const stub = pathsOf(id).stub;
  /** @param {string[]} args */
  const git = (args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  let original;
  let from;
  try {
    let me = "";
    try {
      me = git(["config", "user.email"]).trim().toLowerCase();
    } catch {
      // no identity: no commit is the learner's
    }
    const history = git(["log", "--diff-filter=ACMR", "--format=%H %ae", "--", stub]).trim().split("\n").filter(Boolean).map((line) => line.split(" "));
    if (history.length === 0) throw new Error("no commit has it");
    from = history.find(([, email]) => !me || email?.toLowerCase() !== me)?.[0] ?? "HEAD";
    original = git(["show", `${from}:${stub}`]);
  } catch {
    throw new Error(`${stub} has no git history to restore it from`);
  }
  const backup = join(".kata", "backups", `${id}-${new Date().toISOString().replaceAll(":", "-")}.ts`);
  mkdirSync(join(root, ".kata", "backups"), { recursive: true });
  copyFileSync(join(root, stub), join(root, backup));
  writeFileSync(join(root, stub), original);
  return { backup, from: from.slice(0, 12) };
}
