// What a failing test says is written once, in English, with the `say` tag
// of test/support/say.ts; its Portuguese lives in test/messages.pt.json,
// keyed by the English template with each ${…} numbered ({0}, {1}, …).
// Here we read the tests with the TypeScript parser, not a regex: every
// say`…` template, and every label a test passes to the assertions and
// waits of test/support that is a bare string (so it would stay English).
import ts from "typescript";

export const MESSAGES_PT = "test/messages.pt.json";

/**
 * Where a call takes a label: the argument index, by the callee's name.
 * expect(value, label), expect.fail(label), within(label, work),
 * client.until(label, done), waitForEvent(emitter, event, label),
 * rejectionOf(label, work), thrownBy(label, kind, fn), attempt(label, fn), socket.next(label);
 * and a test file's own helpers whose parameter is named what, why or label.
 */
const LABEL_ARGUMENT = new Map([
  ["expect", 1],
  ["expect.soft", 1],
  ["expect.fail", 0],
  ["within", 0],
  ["until", 0],
  ["waitForEvent", 2],
  ["rejectionOf", 0],
  ["thrownBy", 0],
  ["attempt", 0],
  ["next", 0],
]);

/**
 * A label that is only a call written as code, e.g. `classifyPort({0})`,
 * reads the same in every language: a name, then parentheses that close at
 * the very end ("push() of a byte (maximum 8)" is prose).
 * @param {string} text
 */
function isCodeOnly(text) {
  const name = /^[A-Za-z_$][\w$.]*\(/.exec(text);
  if (!name) return false;
  let depth = 0;
  for (let i = name[0].length - 1; i < text.length; i += 1) {
    if (text[i] === "(") depth += 1;
    else if (text[i] === ")") depth -= 1;
    if (depth === 0) return i === text.length - 1;
  }
  return false;
}

/** @param {import("typescript").Expression} callee */
function calleeName(callee) {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) {
    const name = callee.name.text;
    if (ts.isIdentifier(callee.expression) && callee.expression.text === "expect") return `expect.${name}`;
    return name;
  }
  return undefined;
}

/**
 * The cooked text of a template or string, with each substitution as {n}.
 * @param {import("typescript").Node} node
 */
function templateText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.templateSpans.reduce((text, span, i) => `${text}{${i}}${span.literal.text}`, node.head.text);
  }
  return undefined;
}

/** @param {import("typescript").Node} node */
const isSayTag = (node) => ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === "say";

/**
 * Read one file: its say`…` keys, and its labels left as bare strings.
 * @param {string} path
 * @param {string} text
 * @returns {{ keys: { key: string, at: string }[], bare: { text: string, at: string, node: import("typescript").Node }[] }}
 */
export function readMessages(path, text) {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  /** @type {{ key: string, at: string }[]} */
  const keys = [];
  /** @type {{ text: string, at: string, node: import("typescript").Node }[]} */
  const bare = [];
  /** @param {import("typescript").Node} node */
  const at = (node) => `${path}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
  // A test file's own helpers that take a label: a parameter named what, why or label.
  /** @type {Map<string, number>} */
  const labelArgument = new Map(LABEL_ARGUMENT);
  /** @param {import("typescript").Node} node */
  const noteHelpers = (node) => {
    if (ts.isFunctionDeclaration(node) && node.name) {
      const index = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && /^(?:what|why|label)$/.test(p.name.text));
      if (index >= 0) labelArgument.set(node.name.text, index);
    }
    ts.forEachChild(node, noteHelpers);
  };
  noteHelpers(file);
  /** @param {import("typescript").Node} node */
  const visit = (node) => {
    if (isSayTag(node) && ts.isTaggedTemplateExpression(node)) {
      const key = templateText(node.template);
      if (key !== undefined) keys.push({ key, at: at(node) });
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      const index = name === undefined ? undefined : labelArgument.get(name);
      const label = index === undefined ? undefined : node.arguments[index];
      const shown = label === undefined ? undefined : templateText(label);
      // expect(value) with one argument, or a label built elsewhere: nothing to see here.
      if (label !== undefined && shown !== undefined && isProse(shown)) bare.push({ text: shown, at: at(label), node: label });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { keys, bare };
}

/**
 * Words to translate: letters outside the {n} of substitutions, and not a call written as code.
 * @param {string} text
 */
const isProse = (text) => /\p{L}/u.test(text.replace(/\{\d+\}/g, "")) && !isCodeOnly(text);

/** @param {string} text */
const placeholders = (text) => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort().join(" ");

/**
 * Problems: labels left bare, English templates without Portuguese, entries
 * no template uses any more, and entries whose {n} differ from the key's.
 * @param {{ path: string, text: string }[]} files
 * @param {Record<string, unknown>} catalogue the parsed test/messages.pt.json
 * @returns {string[]}
 */
export function judgeMessages(files, catalogue) {
  /** @type {string[]} */
  const problems = [];
  /** @type {Map<string, string>} key → first place it is used */
  const used = new Map();
  for (const { path, text } of files) {
    const found = readMessages(path, text);
    for (const { key, at } of found.keys) if (!used.has(key)) used.set(key, at);
    for (const { text: label, at } of found.bare) {
      problems.push(`${at}: the label ${JSON.stringify(label)} stays English in Portuguese: write it as say\`…\``);
    }
  }
  for (const [key, at] of used) {
    const pt = catalogue[key];
    if (pt === undefined && !isProse(key)) continue; // "{0}: {1}" reads the same in Portuguese
    if (typeof pt !== "string" || pt.trim() === "") {
      problems.push(`${at}: no Portuguese for ${JSON.stringify(key)} in ${MESSAGES_PT}`);
    } else if (placeholders(pt) !== placeholders(key)) {
      problems.push(`${MESSAGES_PT}: ${JSON.stringify(pt)} must use ${placeholders(key) || "no {n}"}, as its key ${JSON.stringify(key)} does`);
    }
  }
  for (const key of Object.keys(catalogue)) {
    if (!used.has(key)) problems.push(`${MESSAGES_PT}: ${JSON.stringify(key)} is used by no say\`…\` any more: remove it`);
  }
  return problems;
}
