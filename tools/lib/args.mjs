// Every tool's command line: node:util parseArgs, plus --help (-h) and a
// usage text instead of a stack trace when an option is unknown. The usage
// is the comment block at the top of the tool's own file, so it cannot
// drift from what the file says it does.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

/**
 * The leading `//` comment block of a script, without the slashes.
 * @param {string} text
 */
export function usageOf(text) {
  const lines = text.split("\n");
  const start = lines[0]?.startsWith("#!") ? 1 : 0;
  /** @type {string[]} */
  const usage = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith("//")) break;
    usage.push(line.replace(/^\/\/ ?/, ""));
  }
  return usage.join("\n").trim();
}

/**
 * The usage of the tool at `script` (its leading comment block).
 * @param {string} [script] the tool's own path (process.argv[1])
 */
export function usage(script = process.argv[1] ?? "") {
  return usageOf(readFileSync(script, "utf8"));
}

/**
 * parseArgs for a tool: `--help` prints its usage and exits 0; a mistake
 * in the arguments prints what was wrong and the usage, and exits 2.
 * `helpLater: true` leaves `values.help` to the tool, for a tool whose help
 * says more than its usage (verify lists its checks): it prints `usage()`
 * and the rest itself.
 * @template {import("node:util").ParseArgsConfig} T
 * @param {T} config
 * @param {{ script?: string, helpLater?: boolean }} [options]
 * @returns {ReturnType<typeof parseArgs<T>>}
 */
export function parseCommand(config, { script = process.argv[1] ?? "", helpLater = false } = {}) {
  const withHelp = { ...config, options: { ...config.options, help: { type: /** @type {const} */ ("boolean"), short: "h" } } };
  /** @type {ReturnType<typeof parseArgs<T>>} */
  let parsed;
  try {
    parsed = /** @type {ReturnType<typeof parseArgs<T>>} */ (parseArgs(withHelp));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${usage(script)}`);
    process.exit(2);
  }
  if (!helpLater && /** @type {Record<string, unknown>} */ (parsed.values).help) {
    console.log(usage(script));
    process.exit(0);
  }
  return parsed;
}
