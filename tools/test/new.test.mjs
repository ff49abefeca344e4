// `npm run new`: on a scratch copy of this kata, the skeleton of a server
// exercise and of a function exercise. Its code works at once (the test
// passes against the solution, fails "not implemented" against the stub, the
// example mutant is caught, both targets type-check); verify names every
// text left to write and every missing piece with its fix; once they are
// written, and after npm run sync, verify passes.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ROOT, loadManifest, pathsOf } from "../lib/manifest.mjs";
import { PLACEHOLDER } from "../lib/scaffold.mjs";
import { scratchKata } from "./scratch.mjs";

/** @param {string} root @param {string} tool @param {string[]} args */
const run = (root, tool, args) => {
  const result = spawnSync(process.execPath, [join(root, "tools", `${tool}.mjs`), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
};

/** The checks that judge one exercise's parts, narrowed to it. @param {string} n */
const CHECKS = (n) => ["manifest", "docs", "primer", "lock", "workflows", "imports", "focus", "exports", "solutions", "messages", "stubs", "mutants"].flatMap((c) => ["--check", c]).concat("--exercise", n);

/** What the maintainer writes: each placeholder's text, as if written. @param {string} root @param {string} id */
function writeContent(root, id) {
  const paths = pathsOf(id);
  for (const path of ["kata.json", "test/names.pt.json", "test/messages.pt.json", paths.stub, paths.solution, paths.test, paths.readme, paths.readmePt, `test/mutants/${id}/first-mistake.diff`]) {
    writeFileSync(join(root, path), readFileSync(join(root, path), "utf8").replaceAll(`${PLACEHOLDER}: `, ""));
  }
  for (const primer of ["docs/sockets.md", "docs/sockets.pt.md"]) writeFileSync(join(root, primer), `${readFileSync(join(root, primer), "utf8")}\n- ${id}\n`);
}

describe("npm run new", () => {
  const root = scratchKata("kata-new-");
  after(() => rmSync(root, { recursive: true, force: true }));
  const count = loadManifest(ROOT).exercises.length;
  const n = String(count + 1).padStart(2, "0");
  const server = `${n}-scaffold-check`;

  it("refuses an id out of order or badly formed, and a missing title, writing nothing (exit 2)", () => {
    const skip = run(root, "new", [`${String(count + 2).padStart(2, "0")}-later`, "Later"]);
    assert.equal(skip.status, 2);
    assert.match(skip.out, new RegExp(`the next exercise is number ${n}`));
    assert.match(run(root, "new", [`${n}-Bad_Name`, "Bad"]).out, /an id is NN-name in lower case/);
    const untitled = run(root, "new", [server]);
    assert.equal(untitled.status, 2);
    assert.match(untitled.out, /an id and a title, please/);
    assert.equal(loadManifest(root).exercises.length, count);
    assert.ok(!existsSync(join(root, "exercises", server)));
  });

  it("writes a server exercise's every piece and syncs; verify names each text left to write and the missing serve entry and primer lines, and nothing else", () => {
    const made = run(root, "new", [server, "Hello", "--server"]);
    assert.equal(made.status, 0, made.out);
    const paths = pathsOf(server);
    for (const path of [paths.stub, paths.solution, paths.test, paths.readme, paths.readmePt, `test/mutants/${server}/first-mistake.diff`]) {
      assert.ok(existsSync(join(root, path)), path);
      assert.match(made.out, new RegExp(`wrote ${path.replaceAll(".", "\\.")}`));
    }
    const entry = loadManifest(root).exercises.at(-1);
    assert.deepEqual([entry?.id, entry?.title.en, entry?.points, entry?.server], [server, "Hello", 10, true]);
    assert.equal(run(root, "sync", ["--check"]).status, 0, "new leaves nothing for sync to do");
    assert.equal(run(root, "new", [server, "Again"]).status, 2, "a second time");

    const verify = run(root, "verify", CHECKS(n));
    assert.equal(verify.status, 1, verify.out);
    const failed = [...verify.out.matchAll(/^✘ (\w+):/gm)].map((m) => m[1]);
    assert.deepEqual(failed, ["manifest", "primer"], verify.out);
    for (const path of ["kata.json", "test/names.pt.json", "test/messages.pt.json", paths.stub, paths.solution, paths.test, paths.readme, paths.readmePt, `test/mutants/${server}/first-mistake.diff`]) {
      assert.match(verify.out, new RegExp(`^ +${path.replaceAll(".", "\\.")}:\\d+: still the skeleton of npm run new, to write: `, "m"), path);
    }
    assert.match(verify.out, new RegExp(`${server}: kata.json says it builds a server, but tools/lib/serving.mjs has no "${server}" entry: add how npm run serve -- ${n} starts it`));
    assert.match(verify.out, new RegExp(`docs/sockets.md does not name ${server}`));
    assert.match(verify.out, new RegExp(`docs/sockets.pt.md does not name ${server}`));
  });

  it("once the texts, the serve entry and the primer lines are written and npm run sync has run, verify passes, types and all", () => {
    writeContent(root, server);
    const serving = join(root, "tools", "lib", "serving.mjs");
    const entry = `  "${server}": { start: async (/** @type {{ startScaffoldCheck(): Promise<{ host: string, port: number, close(): Promise<void> }> }} */ m) => tcp(await m.startScaffoldCheck()), try: ["nc {host} {port}"] },\n};\n\n/**\n * Fill`;
    writeFileSync(serving, readFileSync(serving, "utf8").replace("};\n\n/**\n * Fill", entry));
    // The titles and hints changed: the lock and the tables are out of date until the sync.
    assert.match(run(root, "sync", ["--check"]).out, /^grading\.lock\.json is out of date$/m);
    assert.equal(run(root, "sync", []).status, 0);
    const verify = run(root, "verify", [...CHECKS(n), "--check", "types"]);
    assert.equal(verify.status, 0, verify.out);
  });

  it("writes a function exercise, with its Portuguese title, that needs no serve entry", () => {
    const id = `${String(count + 2).padStart(2, "0")}-scaffold-greet`;
    const made = run(root, "new", [id, "Greet", "--pt", "Saudar", "--points", "5"]);
    assert.equal(made.status, 0, made.out);
    const entry = loadManifest(root).exercises.at(-1);
    assert.deepEqual([entry?.title.pt, entry?.points, entry?.server], ["Saudar", 5, undefined]);
    assert.doesNotMatch(readFileSync(join(root, pathsOf(id).readme), "utf8"), /Try it by hand/);
    writeContent(root, id);
    assert.equal(run(root, "sync", []).status, 0);
    const verify = run(root, "verify", CHECKS(id.slice(0, 2)));
    assert.equal(verify.status, 0, verify.out);
  });
});
