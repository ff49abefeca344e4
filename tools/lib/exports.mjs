// Stub and solution must export the same names with the same types, so a
// learner's finished stub is a drop-in for the reference and tests type-check
// against both. We ask the TypeScript checker, not a regex.
import { join } from "node:path";
import ts from "typescript";
import { ROOT, pathsOf } from "./manifest.mjs";

/**
 * @typedef {{ type: import("typescript").Type, kind: string, symbol: import("typescript").Symbol }} Exported
 */

/** @param {import("typescript").Symbol} property */
const isPublic = (property) => !/^(?:__)?#/.test(property.name) && property.name !== "prototype";

/**
 * Two types that each accept the other.
 * @param {import("typescript").TypeChecker} checker
 * @param {import("typescript").Type} a
 * @param {import("typescript").Type} b
 */
const mutual = (checker, a, b) => checker.isTypeAssignableTo(a, b) && checker.isTypeAssignableTo(b, a);

/**
 * Classes with ES private fields (#x) are never assignable to each other, so
 * compare what a caller sees: the constructor's parameters, and each public
 * member of the instance and of the class itself.
 * @param {import("typescript").TypeChecker} checker
 * @param {Exported} ours
 * @param {Exported} theirs
 * @returns {string[]} what differs
 */
function classDifferences(checker, ours, theirs) {
  /** @type {string[]} */
  const differences = [];
  /** @param {import("typescript").Type} type */
  const constructorParameters = (type) =>
    type.getConstructSignatures().map((sig) => sig.getParameters().map((p) => checker.getTypeOfSymbol(p)));
  const [a, b] = [constructorParameters(ours.type), constructorParameters(theirs.type)];
  const sameConstructor =
    a.length === b.length && a.every((params, i) => params.length === b[i]?.length && params.every((t, j) => mutual(checker, t, /** @type {import("typescript").Type} */ (b[i]?.[j]))));
  if (!sameConstructor) differences.push("constructor parameters");
  /**
   * @param {string} where
   * @param {import("typescript").Type} x
   * @param {import("typescript").Type} y
   */
  const compareMembers = (where, x, y) => {
    const xs = new Map(checker.getPropertiesOfType(x).filter(isPublic).map((p) => [p.name, p]));
    const ys = new Map(checker.getPropertiesOfType(y).filter(isPublic).map((p) => [p.name, p]));
    for (const name of new Set([...xs.keys(), ...ys.keys()])) {
      const px = xs.get(name);
      const py = ys.get(name);
      if (!px || !py) differences.push(`${where}${name} is in only one of them`);
      else if (!mutual(checker, checker.getTypeOfSymbol(px), checker.getTypeOfSymbol(py))) differences.push(`${where}${name}`);
    }
  };
  compareMembers("", checker.getDeclaredTypeOfSymbol(ours.symbol), checker.getDeclaredTypeOfSymbol(theirs.symbol));
  compareMembers("static ", ours.type, theirs.type);
  return differences;
}

/**
 * @param {import("typescript").TypeChecker} checker
 * @param {import("typescript").SourceFile} file
 * @returns {Map<string, Exported>}
 */
function exportsOf(checker, file) {
  const moduleSymbol = checker.getSymbolAtLocation(file);
  /** @type {Map<string, Exported>} */
  const result = new Map();
  if (!moduleSymbol) return result;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const isValue = (symbol.flags & ts.SymbolFlags.Value) !== 0;
    const type = isValue ? checker.getTypeOfSymbol(symbol) : checker.getDeclaredTypeOfSymbol(symbol);
    const isClass = (symbol.flags & ts.SymbolFlags.Class) !== 0;
    result.set(exported.name, { type, kind: isClass ? "class" : isValue ? "value" : "type", symbol });
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
      if (ours.kind === "class" && theirs.kind === "class") {
        const differences = classDifferences(checker, ours, theirs);
        if (differences.length > 0) problems.push(`${id}: class ${name} differs in ${differences.join(", ")}`);
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
