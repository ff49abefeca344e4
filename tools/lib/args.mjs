// Every tool's command line: node:util parseArgs, plus --help (-h) and a
// usage text instead of a stack trace when an option is unknown. The usage
// is the comment block at the top of the tool's own file, so it cannot
// drift from what the file says it does.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pickLang } from "./lang.mjs";

/**
 * npm's own settings that share a name with a tool's option: given without
 * `--`, npm takes them, and their npm_config_ variable may come from an
 * .npmrc too, so it says nothing about this command line.
 */
const NPM_OWN = new Set(["all", "json", "help"]);

/**
 * Flags npm kept for itself. `npm run serve 06 --solution` (no `--`) does
 * not pass --solution on: npm reads it as its own setting, warns "Unknown cli
 * config", and hands it over only as npm_config_solution=true in the
 * environment (npm 11 still does; a later npm will not); `--lang pt` loses
 * its flag and leaves "pt" among the arguments. Put them back.
 * @param {import("node:util").ParseArgsConfig["options"]} options
 * @param {readonly string[]} args the tool's own arguments
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ args: string[], recovered: string[] }}
 */
export function npmLeftovers(options = {}, args, env = process.env) {
  if (!env.npm_lifecycle_event) return { args: [...args], recovered: [] };
  /** @type {string[]} */
  const out = [...args];
  /** @type {string[]} */
  const recovered = [];
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== "boolean" || NPM_OWN.has(name) || out.includes(`--${name}`)) continue;
    if (env[`npm_config_${name.replaceAll("-", "_")}`] === "true") {
      out.push(`--${name}`);
      recovered.push(`--${name}`);
    }
  }
  if (options.lang && !out.some((a) => a === "--lang" || a.startsWith("--lang="))) {
    const at = out.findIndex((a) => /^(en|pt)$/i.test(a));
    if (at >= 0) {
      const [lang = ""] = out.splice(at, 1);
      out.push("--lang", lang.toLowerCase());
      recovered.push(`--lang ${lang.toLowerCase()}`);
    }
  }
  return { args: out, recovered };
}

const SAY = {
  en: (/** @type {string} */ flags, /** @type {string} */ command) =>
    `npm took ${flags} for itself: after npm run, a tool's options go after --. Read as: ${command}`,
  pt: (/** @type {string} */ flags, /** @type {string} */ command) =>
    `O npm ficou com ${flags} para si: depois de npm run, as opções de uma ferramenta vão depois de --. Lido como: ${command}`,
};

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
  const { args, recovered } = npmLeftovers(config.options, config.args ?? process.argv.slice(2));
  if (recovered.length > 0) {
    const lang = pickLang(args.includes("--lang") ? args[args.indexOf("--lang") + 1] : undefined);
    console.error(SAY[lang](recovered.join(", "), `npm run ${process.env.npm_lifecycle_event ?? "…"} -- ${args.join(" ")}`));
  }
  const withHelp = { ...config, args, options: { ...config.options, help: { type: /** @type {const} */ ("boolean"), short: "h" } } };
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
