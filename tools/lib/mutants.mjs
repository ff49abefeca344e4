// Mutants: plausible wrong solutions, one classic mistake each, in
// test/mutants/<id>/, in either of two forms:
//
// - <mistake>.diff: a unified diff of the solution (`diff -u`), under two
//   header lines. Best when the mistake is a few lines: the mutant then
//   follows the solution, and a patch that no longer fits is reported.
//
//     Mistake: the well-known range ends at 1024.
//     Caught by: ends the well-known range at 1023, not 1024 (off by one)
//
//     --- solutions/01-port-ranges/index.ts
//     +++ test/mutants/01-port-ranges/off-by-one
//     @@ …
//
// - <mistake>.ts: a module of its own that re-exports the rest from the
//   solution, opening with the same two lines in a doc comment. Best when
//   the wrong solution is written differently throughout.
//
// verify runs the exercise's tests against each mutant (a Vitest project
// whose `#kata/<id>` is aliased to the mutant) and checks that named test
// fails. Patched mutants are written to .kata/mutants/ first.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./manifest.mjs";
import { applyPatch } from "./patch.mjs";

/**
 * @typedef {{ id: string, name: string, path: string, project: string, mistake: string, caughtBy: string }} Mutant
 */

/**
 * @param {string[]} ids
 * @param {string} [root]
 * @returns {{ mutants: Mutant[], problems: string[] }}
 */
export function findMutants(ids, root = ROOT) {
  /** @type {Mutant[]} */
  const mutants = [];
  /** @type {string[]} */
  const problems = [];
  const base = join(root, "test", "mutants");
  if (!existsSync(base)) return { mutants, problems };
  for (const dir of readdirSync(base)) {
    if (!ids.includes(dir)) {
      problems.push(`test/mutants/${dir} names no exercise in kata.json`);
      continue;
    }
    for (const file of readdirSync(join(base, dir)).filter((f) => /\.(ts|diff)$/.test(f)).sort()) {
      const source = join(base, dir, file);
      const text = readFileSync(source, "utf8");
      const mistake = /^(?:\s*\*)?\s*Mistake:\s*(.+)$/m.exec(text)?.[1]?.trim();
      const caughtBy = /^(?:\s*\*)?\s*Caught by:\s*(.+)$/m.exec(text)?.[1]?.trim();
      const name = file.replace(/\.(ts|diff)$/, "");
      if (!mistake || !caughtBy) {
        problems.push(`test/mutants/${dir}/${file}: the header needs "Mistake:" and "Caught by:" lines`);
        continue;
      }
      let path = source;
      if (file.endsWith(".diff")) {
        // .kata/mutants/<id>/ is as deep as test/mutants/<id>/: relative imports still resolve.
        path = join(root, ".kata", "mutants", dir, `${name}.ts`);
        try {
          const solution = readFileSync(join(root, "solutions", dir, "index.ts"), "utf8");
          mkdirSync(join(root, ".kata", "mutants", dir), { recursive: true });
          writeFileSync(path, `/**\n * Mistake: ${mistake}\n * Caught by: ${caughtBy}\n * (made from test/mutants/${dir}/${file})\n */\n${applyPatch(solution, text)}`);
        } catch (err) {
          problems.push(`test/mutants/${dir}/${file}: ${err instanceof Error ? err.message : String(err)}: rewrite the patch against solutions/${dir}/index.ts`);
          continue;
        }
      }
      mutants.push({ id: dir, name, path, project: `mutant ${dir}/${name}`, mistake, caughtBy });
    }
  }
  return { mutants, problems };
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Vitest inline projects, one per mutant, each running only its exercise's
 * test file. (`extends: true` merges `include` with the root's, so the
 * other exercises' test files are excluded explicitly.)
 * @param {Mutant[]} mutants
 * @param {string[]} ids every exercise id
 */
export function mutantProjects(mutants, ids) {
  return mutants.map((m) => ({
    extends: true,
    test: {
      name: m.project,
      include: [`test/${m.id}.test.ts`],
      // Only the test that must catch this mutant runs: the others would
      // often wait out their deadlines against a wrong solution.
      testNamePattern: new RegExp(`${escapeRegExp(m.caughtBy)}$`),
      exclude: ids.filter((id) => id !== m.id).map((id) => `test/${id}.test.ts`),
      // A mutant that piles up listeners (one in 11, one in 14) makes Node warn, as it
      // should: the warning is the mistake its test catches, not news for whoever runs verify.
      execArgv: ["--disable-warning=MaxListenersExceededWarning"],
    },
    resolve: { alias: [{ find: `#kata/${m.id}`, replacement: m.path }] },
  }));
}
