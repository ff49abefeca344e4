import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

/**
 * The target switch. Tests import the code under test as `#kata/<id>`;
 * package.json `imports` maps that to exercises/<id>/index.ts by default and
 * to solutions/<id>/index.ts under the `kata-solution` condition, which is on
 * with `vitest --mode solutions` (or KATA_TARGET=solutions in the environment).
 */
export function kataTarget(mode?: string): "exercises" | "solutions" {
  return mode === "solutions" || process.env.KATA_TARGET === "solutions" ? "solutions" : "exercises";
}

/** Whether the code under test runs in a process of its own (test/support/remote.ts): `npm run grade` asks for it. */
export function kataIsolated(): boolean {
  return process.env.KATA_ISOLATE === "1";
}

const REMOTE = "\0socket-kata-remote:";

/**
 * With isolation on, `#kata/<id>` becomes a module that loads the learner's
 * module in a process of its own and hands the test file stand-ins for the
 * names it imports (read from the test file's own import, which the kata
 * trusts; the learner's file is only ever run, never read, here).
 */
function isolatedKata(target: "exercises" | "solutions"): Plugin {
  let root = process.cwd();
  return {
    name: "socket-kata:isolated",
    enforce: "pre",
    configResolved(config) {
      root = config.root;
    },
    resolveId(source, importer) {
      if (!source.startsWith("#kata/") || importer === undefined) return null;
      const id = source.slice("#kata/".length);
      const names = new Set<string>();
      const imports = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["']#kata/${id}["']`, "g");
      for (const [, list = ""] of readFileSync(importer.split("?")[0] ?? importer, "utf8").matchAll(imports)) {
        for (const name of list.split(",").map((part) => part.trim())) if (/^[A-Za-z_$][\w$]*$/.test(name)) names.add(name);
      }
      return `${REMOTE}${id}|${[...names].join(",")}`;
    },
    load(resolved) {
      if (!resolved.startsWith(REMOTE)) return null;
      const [id = "", list = ""] = resolved.slice(REMOTE.length).split("|");
      const names = list === "" ? [] : list.split(",");
      const remote = JSON.stringify(join(root, "test/support/remote.ts"));
      const file = JSON.stringify(join(root, target, id, "index.ts"));
      return [
        `import { learnerModule } from ${remote};`,
        `const learner = await learnerModule(${JSON.stringify(root)}, ${file});`,
        ...names.map((name) => `export const ${name} = learner.${name};`),
      ].join("\n");
    },
  };
}

export default defineConfig(({ mode }) => {
  const target = kataTarget(mode);
  const conditions = [
    ...(target === "solutions" ? ["kata-solution"] : []),
    // Vite's default server conditions, which setting this option replaces.
    "module",
    "node",
    "development|production",
  ];
  return {
    plugins: kataIsolated() ? [isolatedKata(target)] : [],
    ssr: { resolve: { conditions } },
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["test/support/setup.ts"],
      // Child processes reused across files, without per-file isolation: the
      // fastest loop that still runs learners' code outside Vitest's own
      // process. test/support/setup.ts checks every file for leaks and tears
      // down what it left open. CONTRIBUTING.md gives the measurements.
      pool: "forks",
      isolate: false,
      // At least two workers: Vitest's default (one per core but one) is a
      // single worker on a 2-core machine, and the slow files (11, 13, 15,
      // 16) mostly wait on their timers, so a second worker halves the run.
      maxWorkers: Math.max(2, availableParallelism() - 1),
      // Deadlines inside the tests (2 s) fire well before these.
      testTimeout: 5_000,
      hookTimeout: 5_000,
      teardownTimeout: 2_000,
      allowOnly: false,
      passWithNoTests: false,
      env: { KATA_TARGET: target, KATA_ISOLATE: kataIsolated() ? "1" : "0" },
    },
  };
});
