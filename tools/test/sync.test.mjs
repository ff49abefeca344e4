// `npm run sync` brings every file derived from kata.json and the tests up
// to date, and verify's judgements of those files agree with it; on a
// scratch copy of this kata whose manifest changed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { judgeReadmeTables } from "../lib/docs.mjs";
import { lockDifferences } from "../lib/lock.mjs";
import { ROOT, loadManifest } from "../lib/manifest.mjs";
import { syncDerived } from "../lib/sync.mjs";
import { judgeWorkflows } from "../lib/workflows.mjs";
import { scratchKata } from "./scratch.mjs";

const DERIVED = ["README.md", "README.pt.md", ".github/workflows/classroom.yml", "grading.lock.json"];

/** @param {string} root @param {string[]} args */
const sync = (root, args = []) => spawnSync(process.execPath, [join(ROOT, "tools", "sync.mjs"), "--root", root, ...args], { encoding: "utf8" });

/** verify's own judgements of the derived files. @param {string} root */
const judged = (root) => [
  ...judgeReadmeTables(loadManifest(root), root),
  ...judgeWorkflows(loadManifest(root), root).filter((p) => p.includes("out of date")),
  ...(lockDifferences(root) ?? ["no lock"]).map((d) => (typeof d === "string" ? d : d.key)),
];

describe("npm run sync", () => {
  const root = scratchKata("kata-sync-", { modules: false });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("finds nothing to do in this kata", () => {
    assert.deepEqual(syncDerived({ root, write: false }), { changed: [], problems: [] });
  });

  it("after a change of points and title in kata.json: --check names every derived file and writes none; sync rewrites them all, and verify agrees", () => {
    const manifest = loadManifest(root);
    const last = manifest.exercises.at(-1);
    assert.ok(last);
    last.points += 5;
    last.title.en = `${last.title.en} (renamed)`;
    writeFileSync(join(root, "kata.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const before = DERIVED.map((f) => readFileSync(join(root, f), "utf8"));

    const check = sync(root, ["--check"]);
    assert.equal(check.status, 1, check.stderr);
    for (const file of DERIVED) assert.match(check.stdout, new RegExp(`^${file.replaceAll(".", "\\.")} is out of date$`, "m"));
    assert.deepEqual(DERIVED.map((f) => readFileSync(join(root, f), "utf8")), before, "--check wrote a file");
    assert.equal(judged(root).length, DERIVED.length, judged(root).join("\n"));

    const write = sync(root);
    assert.equal(write.status, 0, write.stderr);
    for (const file of DERIVED) assert.match(write.stdout, new RegExp(`^${file.replaceAll(".", "\\.")} updated$`, "m"));
    assert.deepEqual(judged(root), []);
    assert.match(readFileSync(join(root, "README.md"), "utf8"), new RegExp(`\\| ${last.id.slice(0, 2)} \\| \\[.*\\(renamed\\)\\]\\(exercises/${last.id}/README\\.md\\) \\| ${last.points} \\|`));
    assert.match(readFileSync(join(root, ".github/workflows/classroom.yml"), "utf8"), new RegExp(`max-score: ${last.points}\\b`));

    const again = sync(root, ["--check"]);
    assert.equal(again.status, 0, again.stdout);
    assert.match(again.stdout, /up to date/);
  });

  it("after a changed test: only the lock", () => {
    const id = loadManifest(root).exercises[0]?.id;
    writeFileSync(join(root, "test", `${id}.test.ts`), `${readFileSync(join(root, "test", `${id}.test.ts`), "utf8")}\n// changed\n`);
    assert.deepEqual(syncDerived({ root }).changed, ["grading.lock.json"]);
    assert.deepEqual(judged(root), []);
  });

  it("says what no rewrite fixes: a README without the table's markers (exit 1)", () => {
    writeFileSync(join(root, "README.pt.md"), "# sem tabela\n");
    const result = sync(root);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /README\.pt\.md has no exercise table markers/);
  });
});
