// A scratch copy of this kata for the tools' tests: the files git knows
// (tracked, and new ones not ignored) as the working tree has them, so the
// tests judge the code under test, with the kata's node_modules linked.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../lib/manifest.mjs";

/**
 * @param {string} prefix the temp folder's name starts so
 * @param {{ modules?: boolean }} [options] `modules: false` leaves node_modules out
 * @returns {string} the copy's root
 */
export function scratchKata(prefix, { modules = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f && existsSync(join(ROOT, f)) && lstatSync(join(ROOT, f)).isFile());
  execFileSync("tar", ["-cf", join(dir, "kata.tar"), "-C", ROOT, ...files]);
  execFileSync("tar", ["-xf", "kata.tar"], { cwd: dir });
  rmSync(join(dir, "kata.tar"));
  if (modules) symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}
