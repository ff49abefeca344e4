// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "reports/", "coverage/", ".kata/", ".ci/node/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": [
        "error",
        { object: "it", property: "only", message: "Focused tests never land." },
        { object: "test", property: "only", message: "Focused tests never land." },
        { object: "describe", property: "only", message: "Focused tests never land." },
        { object: "it", property: "skip", message: "Skipped tests never land." },
        { object: "test", property: "skip", message: "Skipped tests never land." },
        { object: "describe", property: "skip", message: "Skipped tests never land." },
      ],
    },
  },
  {
    // node:test's describe/it return promises the runner itself awaits.
    files: ["tools/test/**/*.mjs"],
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        { allowForKnownSafeCalls: [{ from: "package", name: ["describe", "it", "test"], package: "node:test" }] },
      ],
    },
  },
  {
    // Stubs keep their parameters in the signature for the learner.
    files: ["exercises/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off", "@typescript-eslint/require-await": "off" },
  },
  {
    // Mutants are deliberately wrong copies of a solution: a cut-out step
    // often leaves a variable unused or never reassigned.
    files: ["test/mutants/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off", "prefer-const": "off" },
  },
);
