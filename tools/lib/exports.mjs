// Stub and solution must export the same names with the same types, so a
// learner's finished stub is a drop-in for the reference and tests type-check
// against both. We ask the TypeScript checker, not a regex.
import { join } from "node:path";
import ts from "typescript";
import { ROOT, pathsOf } from "./manifest.mjs";

/**
 * @param {import("typescript").TypeChecker} checker
 * @param {import("typescript").SourceFile} file
 * @returns {Map<string, { type: import("typescript").Type, kind: string }>}
 */
function exportsOf(checker, file) {
  const moduleSymbol = checker.getSymbolAtLocation(file);
  /** @type {Map<string, { type: import("typescript").Type, kind: string }>} */
  const result = new Map();
  if (!moduleSymbol) return result;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const isValue = (symbol.flags & ts.SymbolFlags.Value) !== 0;
    const type = isValue ? checker.getTypeOfSymbol(symbol) : checker.getDeclaredTypeOfSymbol(symbol);
    result.set(exported.name, { type, kind: isValue ? "value" : "type" });
  }
  return result;
}

/**
 * Compare the exports of every exercise's stub and solution.
 * @param {string[]} ids
 * @param {string} [root]
 * @returns {string[]} problems
 */
export function judgeExportParity(ids, root = ROOT) {
  /** @type {{ config?: unknown }} */
  const read = ts.readConfigFile(join(root, "tsconfig.json"), (path) => ts.sys.readFile(path));
  const config = read.config;
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const files = ids.flatMap((id) => [join(root, pathsOf(id).stub), join(root, pathsOf(id).solution)]);
  const program = ts.createProgram(files, options);
  const checker = program.getTypeChecker();
  /** @type {string[]} */
  const problems = [];
  for (const id of ids) {
    const stubFile = program.getSourceFile(join(root, pathsOf(id).stub));
    const solutionFile = program.getSourceFile(join(root, pathsOf(id).solution));
    if (!stubFile || !solutionFile) {
      problems.push(`${id}: stub or solution could not be read`);
      continue;
    }
    const stub = exportsOf(checker, stubFile);
    const solution = exportsOf(checker, solutionFile);
    for (const name of stub.keys()) if (!solution.has(name)) problems.push(`${id}: the stub exports ${name}, the solution does not`);
    for (const [name, theirs] of solution) {
      const ours = stub.get(name);
      if (!ours) {
        problems.push(`${id}: the solution exports ${name}, the stub does not`);
        continue;
      }
      const same =
        ours.kind === theirs.kind &&
        checker.isTypeAssignableTo(ours.type, theirs.type) &&
        checker.isTypeAssignableTo(theirs.type, ours.type);
      if (!same) {
        problems.push(
          `${id}: ${name} differs: stub ${checker.typeToString(ours.type)} vs solution ${checker.typeToString(theirs.type)}`,
        );
      }
    }
  }
  return problems;
}
