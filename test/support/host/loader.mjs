// Module hooks for the learner's process (./child.mjs): TypeScript compiled
// the way Vite compiles it for the tests (rolldown's transform, types
// stripped, enums and the rest compiled), and imports resolved as Vite
// resolves them (a relative import may leave out ".ts" or "/index.ts"), so
// code that runs under `npm test` runs here unchanged.
import { readFile, stat } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transformSync } from "rolldown/experimental";

const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;

/** @param {string} path */
async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * @param {string} specifier
 * @param {{ parentURL?: string }} context
 * @param {(specifier: string, context: unknown) => Promise<{ url: string }>} next
 */
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith("./") || specifier.startsWith("../");
    if (!relative || context.parentURL === undefined || !context.parentURL.startsWith("file:")) throw err;
    const base = fileURLToPath(new URL(specifier, context.parentURL));
    for (const candidate of [`${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, ".ts")]) {
      if (candidate !== base && (await isFile(candidate))) return { url: pathToFileURL(candidate).href, shortCircuit: true };
    }
    throw err;
  }
}

/**
 * @param {string} url
 * @param {unknown} context
 * @param {(url: string, context: unknown) => Promise<unknown>} next
 */
export async function load(url, context, next) {
  if (!url.startsWith("file:") || !TYPESCRIPT.test(new URL(url).pathname)) return next(url, context);
  const path = fileURLToPath(url);
  const source = await readFile(path, "utf8");
  const result = transformSync(path, source);
  if (result.errors.length > 0) {
    const first = result.errors[0];
    throw new SyntaxError(`${path}: ${first?.message ?? "does not compile"}`);
  }
  return { format: "module", source: result.code, shortCircuit: true };
}
