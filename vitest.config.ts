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
      // Deadlines inside the tests (2 s) fire well before these.
      testTimeout: 5_000,
      hookTimeout: 5_000,
      teardownTimeout: 2_000,
      allowOnly: false,
      passWithNoTests: false,
      env: { KATA_TARGET: target },
    },
  };
});
