// Type errors in a learner's file. Vitest strips the types without checking
// them, so code with a type error can pass or fail for reasons the learner
// never sees; the TypeScript checker names them, as tsc would, for that one
// file: file:line:column and the message. npm run watch runs it in a worker
// thread after each run, so the test verdict never waits for it; the program
// is kept between checks, so only what changed is read again.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

/**
 * @typedef {{ file: string, line: number, column: number, message: string }} TypeError_
 *   `file` relative to the root; `line`, `column` from 1.
 */

/** @type {typeof import("typescript") | undefined} */
let ts;
/** @type {import("typescript").Program | undefined} */
let previous;
/** @type {import("typescript").CompilerOptions | undefined} */
let options;
/** Every file checked so far: one program holds them all, so going back to one costs no new program. */
const roots = new Set();

/**
 * Load the checker and read the kata's tsconfig.json, ahead of the first check.
 * @param {string} root
 */
export async function loadChecker(root) {
  ts ??= (await import("typescript")).default;
  if (!options) {
    const configPath = join(root, "tsconfig.json");
    const read = ts.readConfigFile(configPath, (p) => readFileSync(p, "utf8"));
    options = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, root, undefined, configPath).options;
  }
  return { ts, options };
}

/**
 * The type errors of one file, as the kata's tsconfig.json sees them.
 * @param {string} root
 * @param {string} file relative to root
 * @returns {Promise<TypeError_[]>}
 */
export async function typeErrors(root, file) {
  const { ts, options } = await loadChecker(root);
  roots.add(join(root, file));
  const program = ts.createProgram({ rootNames: [...roots], options, oldProgram: previous });
  previous = program;
  const source = program.getSourceFile(join(root, file));
  if (!source) return [];
  // A file that does not parse: the test run already shows where, with the code around it.
  if (program.getSyntacticDiagnostics(source).length > 0) return [];
  const found = program.getSemanticDiagnostics(source);
  return found.map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
    return {
      file: relative(root, d.file?.fileName ?? join(root, file)).replaceAll("\\", "/"),
      line: at.line + 1,
      column: at.character + 1,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    };
  });
}

/**
 * A type checker in a worker thread: `check` answers with the file's type
 * errors without blocking the caller's event loop.
 * @param {string} root
 */
export function openTypeChecker(root) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { root } });
  worker.unref();
  let next = 0;
  /** @type {Map<number, (errors: TypeError_[]) => void>} */
  const waiting = new Map();
  worker.on("message", (/** @type {{ id: number, errors: TypeError_[] }} */ answer) => {
    waiting.get(answer.id)?.(answer.errors);
    waiting.delete(answer.id);
  });
  // A checker that fails says nothing: type errors are extra help, never the verdict.
  worker.on("error", () => {
    for (const answer of waiting.values()) answer([]);
    waiting.clear();
  });
  return {
    /** @param {string} file relative to root @returns {Promise<TypeError_[]>} */
    check(file) {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage({ id, file });
      });
    },
    close: () => worker.terminate(),
  };
}

/** @type {unknown} */
const given = workerData;
if (!isMainThread && parentPort && given && typeof given === "object" && "root" in given) {
  const port = parentPort;
  const root = String(given.root);
  // TypeScript takes a while to load: while the first test run goes on, not after it.
  const loading = loadChecker(root).catch(() => undefined);
  port.on("message", (/** @type {{ id: number, file: string }} */ asked) => {
    loading.then(() => typeErrors(root, asked.file)).then(
      (errors) => port.postMessage({ id: asked.id, errors }),
      () => port.postMessage({ id: asked.id, errors: [] }),
    );
  });
}
