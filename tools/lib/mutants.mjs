// Mutants: plausible wrong solutions, one classic mistake each, kept in
// test/mutants/<id>/<mistake>.ts. Each opens with a header that says the
// mistake and the test that must catch it:
//
//   /**
//    * Mistake: the well-known range ends at 1024.
//    * Caught by: ends the well-known range at 1023, not 1024 (off by one)
//    */
//
// verify runs the exercise's tests against each mutant (a Vitest project
// whose `#kata/<id>` is aliased to the mutant) and checks that named test fails.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./manifest.mjs";

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
    for (const file of readdirSync(join(base, dir)).filter((f) => f.endsWith(".ts")).sort()) {
      const path = join(base, dir, file);
      const text = readFileSync(path, "utf8");
      const mistake = /^\s*\*\s*Mistake:\s*(.+)$/m.exec(text)?.[1]?.trim();
      const caughtBy = /^\s*\*\s*Caught by:\s*(.+)$/m.exec(text)?.[1]?.trim();
      const name = file.replace(/\.ts$/, "");
      if (!mistake || !caughtBy) {
        problems.push(`test/mutants/${dir}/${file}: the header needs "Mistake:" and "Caught by:" lines`);
        continue;
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
    },
    resolve: { alias: [{ find: `#kata/${m.id}`, replacement: m.path }] },
  }));
}
