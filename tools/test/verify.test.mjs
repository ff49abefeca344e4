// Every check of verify can fail, and says why: on a scratch copy of this
// kata broken once for each check (all in exercise 01, or beside it), one
// run of verify must fail every check with that check's own problem. A check
// taken out of verify, or added without a case here, fails the first test.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ROOT } from "../lib/manifest.mjs";
import { scratchKata } from "./scratch.mjs";

const ID = "01-port-ranges";
const TEST = `test/${ID}.test.ts`;
const STUB = `exercises/${ID}/index.ts`;
const SOLUTION = `solutions/${ID}/index.ts`;

/**
 * How each check is broken, and what it must then say. Each break touches
 * what its own check reads; several checks read the same files, so a few
 * breaks show in more than one check, but each check must name its own.
 * @type {Record<string, { breaks: (root: string) => void, says: RegExp }>}
 */
const CASES = {
  focus: { breaks: (root) => writeFileSync(join(root, "test/support/zz-note.ts"), "export const note = 1; // it.only(\n"), says: /test\/support\/zz-note\.ts:1: it\.only \(focused or skipped tests never land\)/ },
  imports: { breaks: (root) => edit(root, TEST, (t) => `import "#kata/02-resolve";\n${t}`), says: new RegExp(`${TEST}: imports "#kata/02-resolve"`) },
  manifest: { breaks: (root) => rmSync(join(root, `exercises/${ID}/README.pt.md`)), says: new RegExp(`${ID}: exercises/${ID}/README\\.pt\\.md is missing or empty`) },
  docs: { breaks: (root) => edit(root, "README.md", (t) => t.replace(`[Port ranges](exercises/${ID}/README.md)`, `[Ports](exercises/${ID}/README.md)`)), says: /README\.md: the exercise table is out of date \(run npm run sync\)/ },
  primer: { breaks: (root) => edit(root, `exercises/${ID}/README.md`, (t) => t.replace("](../../docs/sockets.md)", "](../../docs/elsewhere.md)")), says: new RegExp(`exercises/${ID}/README\\.md does not link to the primer`) },
  lock: { breaks: () => {}, says: new RegExp(`${TEST} differs from grading\\.lock\\.json: run npm run sync`) }, // the imports case changed the test
  workflows: { breaks: (root) => edit(root, ".github/workflows/classroom.yml", (t) => t.replace("max-score: 10", "max-score: 11")), says: /classroom\.yml is out of date: run npm run sync/ },
  exports: { breaks: (root) => appendFileSync(join(root, STUB), "export const onlyInStub = 1;\n"), says: /stub exports onlyInStub, the solution does not/ },
  types: { breaks: (root) => appendFileSync(join(root, SOLUTION), 'export const typo: number = "one";\n'), says: new RegExp(`${SOLUTION}\\(\\d+,\\d+\\): error TS2322`) },
  lint: { breaks: (root) => writeFileSync(join(root, "tools/lib/zz-lint.mjs"), "debugger;\n"), says: /zz-lint\.mjs[\s\S]*no-debugger/ },
  tools: {
    breaks: (root) => {
      for (const file of readdirSync(join(root, "tools/test")).filter((f) => f.endsWith(".test.mjs"))) rmSync(join(root, "tools/test", file));
      writeFileSync(join(root, "tools/test/zz.test.mjs"), 'import { it } from "node:test";\nit("fails on purpose", () => { throw new Error("broken on purpose"); });\n');
    },
    says: /fails on purpose[\s\S]*broken on purpose/,
  },
  solutions: { breaks: (root) => edit(root, SOLUTION, (t) => t.replace('if (port <= 1023) return "well-known";', 'if (port <= 1024) return "well-known";')), says: new RegExp(`${ID}: "ends the well-known range at 1023, not 1024 \\(off by one\\)" failed`) },
  // The solutions case broke the solution; the isolated run, the learner's code in a process of its own, must see it too.
  isolated: { breaks: () => {}, says: new RegExp(`${ID}: "ends the well-known range at 1023, not 1024 \\(off by one\\)" failed`) },
  messages: { breaks: (root) => appendFileSync(join(root, TEST), "export const label = (n: number): string => say`a label nobody translated ${n}`;\n"), says: /no Portuguese for "a label nobody translated \{0\}"/ },
  stubs: { breaks: (root) => appendFileSync(join(root, TEST), 'it("passes against anything", () => {\n  expect(1).toBe(1);\n});\n'), says: new RegExp(`${ID}: "passes against anything" passes against the stub`) },
  mutants: {
    breaks: (root) =>
      writeFileSync(join(root, `test/mutants/${ID}/zz-none.ts`), `/**\n * Mistake: none at all.\n * Caught by: passes against anything\n */\nexport * from "../../../${SOLUTION}";\n`),
    says: new RegExp(`mutant ${ID}/zz-none: (every test passes against this wrong solution|"passes against anything" did not fail)`),
  },
};

/** @param {string} root @param {string} path @param {(text: string) => string} change */
function edit(root, path, change) {
  const before = readFileSync(join(root, path), "utf8");
  const after = change(before);
  assert.notEqual(after, before, `the break of ${path} changed nothing`);
  writeFileSync(join(root, path), after);
}

/**
 * verify in `root`, as a maintainer runs it: without NODE_TEST_CONTEXT, which
 * would make its own `node --test` (the tools check) report to this test
 * runner instead of failing.
 * @param {string} root @param {string[]} args
 */
function verify(root, args) {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return spawnSync(process.execPath, [join(root, "tools", "verify.mjs"), ...args], { cwd: root, encoding: "utf8", env: { ...env, NO_COLOR: "1" } });
}

describe("npm run verify", () => {
  it("has exactly the checks this file breaks", () => {
    const help = verify(ROOT, ["--help"]);
    assert.equal(help.status, 0);
    const listed = [...help.stdout.matchAll(/^ {2}(\w+) {2,}/gm)].map((m) => m[1]);
    assert.deepEqual([...listed].sort(), Object.keys(CASES).sort());
  });

  const root = scratchKata("kata-verify-");
  after(() => rmSync(root, { recursive: true, force: true }));

  it("fails every check of a kata broken once for each, each naming its own problem", () => {
    for (const { breaks } of Object.values(CASES)) breaks(root);
    const result = verify(root, ["--exercise", ID.slice(0, 2)]);
    assert.equal(result.status, 1, result.stdout);
    /** @type {Map<string, string>} */
    const said = new Map();
    for (const section of result.stdout.split(/^(?=[✔✘-] \w+: )/m)) {
      const name = /^[✔✘-] (\w+): /.exec(section)?.[1];
      if (name) said.set(name, section);
    }
    for (const [name, { says }] of Object.entries(CASES)) {
      const section = said.get(name) ?? "(not run)";
      assert.ok(section.startsWith(`✘ ${name}:`), `${name} did not fail:\n${section}`);
      assert.match(section, says, `${name} failed for another reason:\n${section}`);
    }
    assert.match(result.stdout, new RegExp(`^0 passed, ${Object.keys(CASES).length} failed$`, "m"));
  });
});
