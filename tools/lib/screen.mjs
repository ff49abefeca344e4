// What the learner tools print: the progress bar, one exercise's state, the
// list. Pure functions from results to text, in English or Portuguese, so
// the runner's own tests can check them.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters, styleText } from "node:util";
import { ROOT, pathsOf } from "./manifest.mjs";

/**
 * @typedef {import("./manifest.mjs").Exercise} Exercise
 * @typedef {import("./kata.mjs").ExerciseResult} ExerciseResult
 * @typedef {import("./typecheck.mjs").TypeError_} TypeError_
 * @typedef {{ lang: "en" | "pt", color: boolean, links: boolean, columns?: number }} Look
 *   `columns`: the terminal's width, where what is drawn must fit it (npm run watch)
 */

export const TEXT = {
  en: {
    edit: "Edit",
    passing: (/** @type {number} */ n, /** @type {number} */ of) => `${n} of ${of} tests pass.`,
    passingStopped: (/** @type {number} */ passed, /** @type {number} */ failed, /** @type {number} */ stopped, /** @type {number} */ notRun, /** @type {number} */ of) =>
      `${[`${passed} passed`, failed > 0 ? `${failed} failed` : "", stopped > 0 ? `${stopped} stopped` : "", notRun > 0 ? `${notRun} not run` : ""].filter(Boolean).join(", ")} (of ${of} tests).`,
    firstFailure: "First failing test:",
    outsideTests: "Outside any test:",
    done: (/** @type {string} */ id) => `${id} passes: every test is green.`,
    compare: (/** @type {string} */ path) => `Compare with the reference solution: ${path}`,
    allDone: (/** @type {number} */ n) => `All ${n} exercises pass. You have built every socket in the kata: well done!`,
    keys: "h hint · l list · r rerun · j jump to another · x reset to the stub · q quit",
    keysDone: "n next exercise · l list · r rerun · j jump to another · q quit",
    keysAllDone: "l list · r rerun · q quit",
    hint: (/** @type {number} */ n, /** @type {number} */ of) => `Hint ${n} of ${of}:`,
    noMoreHints: (/** @type {string} */ id) =>
      existsSync(join(ROOT, "solutions", id)) ? `That was the last hint. The reference solution is solutions/${id}/index.ts; compare once your tests pass.` : "That was the last hint.",
    running: "Running the tests…",
    saved: "Saved. Running the tests again…",
    watching: (/** @type {string} */ dir) => `Watching ${dir}: save a file to run the tests again.`,
    noWatch: (/** @type {string} */ why) => `File watching is unavailable here (${why}). Press r after saving to run the tests again.`,
    notTty: "(not a terminal: this is one run; use npm run watch in a terminal for the live loop)",
    status: { done: "done", todo: "to do", current: "current" },
    listHeader: ["", "exercise", "status", "tests", "points", "title"],
    total: (/** @type {number} */ done, /** @type {number} */ of, /** @type {number} */ points, /** @type {number} */ ofPoints) =>
      `${done} of ${of} exercises done, ${points} of ${ofPoints} points.`,
    alsoFailing: "Also failing (first failing test; npm test -- NN shows the rest):",
    stillStubs: (/** @type {string} */ list) => `Not started yet (still the stub): ${list}.`,
    summaryFail: (/** @type {string} */ id) => `Next up: ${id}. Run npm run watch to work on it, or npm test -- ${id.slice(0, 2)} to see its tests.`,
    outside: (/** @type {string} */ list) =>
      `This exercise imports ${list}. Graded, it earns nothing: each exercise stands alone. Copy what you need into its own folder.`,
    unhandled:
      "An error escaped the tests: a throw inside an event handler ('data', 'connection', a timer), a socket 'error' event with no listener, or a timer that fired after its test ended:",
    during: (/** @type {string} */ path, /** @type {string} */ name) => `while ${path} ran “${name}”`,
    unknownExercise: (/** @type {string} */ q) => `No exercise "${q}". Try a number such as 03, or npm run list.`,
    confirmQuit: "Bye! Your progress is in your code; npm run watch picks up where you are.",
    detailsNote: "",
    replacementNote: "(\\ufffd, shown as �, is the replacement character: the bytes of one UTF-8 character were decoded apart, chunk by chunk. Keep Buffers and decode once.)",
    notImplemented: (/** @type {string} */ path) => `not implemented: ${path} (replace the throw notImplemented(…) with your code)`,
    // The runner's words, where Vitest or the run (not a test) failed.
    timedOut: (/** @type {string} */ ms) =>
      `nothing happened for ${ms} ms: the code under test never settled (a promise that never resolves, a callback never called, or a server that never answers)`,
    didNotRun: (/** @type {string} */ id) => `test/${id}.test.ts did not run`,
    noTests: (/** @type {string} */ id) => `test/${id}.test.ts has no tests`,
    cutShort: (/** @type {string} */ why) => `this test did not run to the end: ${why} (did the code end or kill its own process?)`,
    escaped: (/** @type {string} */ what) =>
      `an error escaped from your code outside any await the test could see (a throw in a timer or callback, or a promise nobody handled): ${what}`,
    notToTheEnd: (/** @type {string} */ state) => `this test did not run to the end (${state})`,
    stuck: (/** @type {number} */ s) =>
      `the tests did not finish within ${s} s: is there an endless loop (a while that never ends, a busy wait)? Fix it, save, and the run starts again.`,
    syntax: (/** @type {string} */ where, /** @type {string} */ what) => `a syntax error: ${where}: ${what} (the file does not parse, so no test could run)`,
    typeErrors: "Type errors (the TypeScript checker; the tests run without checking types, so fix these too):",
    checkingTypes: (/** @type {number} */ n) => `${n} of ${n} tests pass. Checking the types…`,
    typesNotDone: (/** @type {string} */ id) =>
      `${id}: every test passes, but the file has type errors, so it is not done yet: like a compiler, the TypeScript checker must accept it too.`,
    notYetTypes: (/** @type {string} */ id) => `n moves on once ${id} has no type errors either (they are listed above).`,
    stuckImport: (/** @type {number} */ s, /** @type {string} */ path) =>
      `the tests never finished loading ${path}: ${s} s without a word, past a test's own deadline. The code at the top level of a file (outside any function) runs as it is imported: is there an endless loop there (a while that never ends, a busy wait)? The run was stopped; fix it, then run the tests again (watch and ui do when you save).`,
    stuckTest: (/** @type {number} */ s) =>
      `this test stopped answering: ${s} s without a word, past its own deadline, which only code that never gives control back can do. Is there an endless loop (a while that never ends, a busy wait)? The run was stopped; fix it, then run the tests again (watch and ui do when you save).`,
    jump: (/** @type {string} */ typed) => `Jump to exercise number: ${typed}_  (Esc cancels)`,
    resetAsk: (/** @type {string} */ path) => `Reset ${path} to the kata's stub? Your code is saved in .kata/backups/ first. y resets, any other key cancels.`,
    resetYes: ["y"],
    resetKept: (/** @type {string} */ path, /** @type {string} */ key) => `Not reset: ${path} is as you left it (${key} resets).`,
    resetDone: (/** @type {string} */ path, /** @type {string} */ backup) => `${path} is the stub again; your code was saved as ${backup}.`,
    notYet: (/** @type {string} */ id) => `n moves on once ${id} passes, and it does not yet. h gives a hint; j jumps to another exercise.`,
    jumpBad: (/** @type {string} */ typed) => `"${typed}" is not an exercise number: after j, type two digits, such as 03 (or one digit and Enter).`,
    broke: (/** @type {string} */ id, /** @type {string} */ test) => `${id} passed before and fails now (✗ ${test}). Press j and ${id.slice(0, 2)} to go back to it.`,
    brokeOutside: (/** @type {string} */ id, /** @type {string} */ why) => `${id} passed before and fails now, outside any test: ${why}. Press j and ${id.slice(0, 2)} to go back to it.`,
    brokeTypes: (/** @type {string} */ id, /** @type {string} */ where, /** @type {string} */ error, /** @type {number} */ n) =>
      `${id} passed before and now has ${n === 1 ? "a type error" : `${n} type errors`} (${n === 1 ? "" : "the first: "}${where} ${error}). Press j and ${id.slice(0, 2)} to go back to it.`,
    startingAt: (/** @type {string} */ id, /** @type {string} */ left) =>
      `Starting at ${id}, the first exercise not done yet (you left off at ${left}: press j and ${left.slice(0, 2)} to go back to it).`,
    saves: {
      events: "saves: seen by file events",
      poll: (/** @type {string} */ why) => `saves: checked every 0.5 s (${why})`,
      manual: "saves: not watched (--manual): press r after saving",
    },
    resetCannot: (/** @type {string} */ why) => `Cannot reset: ${why}`,
  },
  pt: {
    edit: "Edita",
    passing: (/** @type {number} */ n, /** @type {number} */ of) => `${n} de ${of} testes passam.`,
    passingStopped: (/** @type {number} */ passed, /** @type {number} */ failed, /** @type {number} */ stopped, /** @type {number} */ notRun, /** @type {number} */ of) =>
      `${[
        `${passed} ${passed === 1 ? "passou" : "passaram"}`,
        failed > 0 ? `${failed} ${failed === 1 ? "falhou" : "falharam"}` : "",
        stopped > 0 ? `${stopped} ${stopped === 1 ? "foi parado" : "foram parados"}` : "",
        notRun > 0 ? `${notRun} ${notRun === 1 ? "não correu" : "não correram"}` : "",
      ]
        .filter(Boolean)
        .join(", ")} (de ${of} testes).`,
    firstFailure: "Primeiro teste a falhar:",
    outsideTests: "Fora de qualquer teste:",
    done: (/** @type {string} */ id) => `${id} passa: todos os testes estão verdes.`,
    compare: (/** @type {string} */ path) => `Compara com a solução de referência: ${path}`,
    allDone: (/** @type {number} */ n) => `Os ${n} exercícios passam todos. Construíste todos os sockets do kata: parabéns!`,
    keys: "h dica · l lista · r correr de novo · j saltar para outro · x repor o esboço · q sair",
    keysDone: "n exercício seguinte · l lista · r correr de novo · j saltar para outro · q sair",
    keysAllDone: "l lista · r correr de novo · q sair",
    hint: (/** @type {number} */ n, /** @type {number} */ of) => `Dica ${n} de ${of}:`,
    noMoreHints: (/** @type {string} */ id) =>
      existsSync(join(ROOT, "solutions", id)) ? `Foi a última dica. A solução de referência está em solutions/${id}/index.ts; compara quando os teus testes passarem.` : "Foi a última dica.",
    running: "A correr os testes…",
    saved: "Guardado. A correr os testes outra vez…",
    watching: (/** @type {string} */ dir) => `A vigiar ${dir}: guarda um ficheiro para correr os testes outra vez.`,
    noWatch: (/** @type {string} */ why) => `Não é possível vigiar ficheiros aqui (${why}). Carrega em r depois de guardar para correr os testes outra vez.`,
    notTty: "(não é um terminal: isto é uma só execução; usa npm run watch num terminal para o ciclo ao vivo)",
    status: { done: "feito", todo: "por fazer", current: "atual" },
    listHeader: ["", "exercício", "estado", "testes", "pontos", "título"],
    total: (/** @type {number} */ done, /** @type {number} */ of, /** @type {number} */ points, /** @type {number} */ ofPoints) =>
      `${done} de ${of} exercícios feitos, ${points} de ${ofPoints} pontos.`,
    alsoFailing: "Também falham (o primeiro teste a falhar; npm test -- NN mostra o resto):",
    stillStubs: (/** @type {string} */ list) => `Ainda por começar (ainda o esboço): ${list}.`,
    summaryFail: (/** @type {string} */ id) => `A seguir: ${id}. Corre npm run watch para trabalhar nele, ou npm test -- ${id.slice(0, 2)} para ver os testes.`,
    outside: (/** @type {string} */ list) =>
      `Este exercício importa ${list}. Na avaliação, não vale nada: cada exercício é independente. Copia o que precisares para a pasta dele.`,
    unhandled:
      "Um erro escapou aos testes: um throw dentro de um tratador de eventos ('data', 'connection', um temporizador), um evento 'error' de um socket sem ouvinte, ou um temporizador que disparou depois de o seu teste acabar:",
    during: (/** @type {string} */ path, /** @type {string} */ name) => `durante o teste «${name}» de ${path}`,
    unknownExercise: (/** @type {string} */ q) => `Não há nenhum exercício "${q}". Experimenta um número, como 03, ou npm run list.`,
    confirmQuit: "Até já! O teu progresso está no teu código; o npm run watch continua onde estás.",
    replacementNote:
      "(\\ufffd, que aparece como �, é o carácter de substituição: os bytes de um carácter UTF-8 foram descodificados separados, pedaço a pedaço. Guarda Buffers e descodifica uma vez.)",
    detailsNote: "(a comparação «expected X to …» é do Vitest, em inglês: lê-se «obteve-se X, e esperava-se …»)",
    notImplemented: (/** @type {string} */ path) => `por implementar: ${path} (substitui o throw notImplemented(…) pelo teu código)`,
    timedOut: (/** @type {string} */ ms) =>
      `nada aconteceu durante ${ms} ms: o código em teste nunca chegou ao fim (uma promessa que nunca resolve, uma callback nunca chamada, ou um servidor que nunca responde)`,
    didNotRun: (/** @type {string} */ id) => `test/${id}.test.ts não correu`,
    noTests: (/** @type {string} */ id) => `test/${id}.test.ts não tem testes`,
    cutShort: (/** @type {string} */ why) => `este teste não correu até ao fim: ${why} (o código terminou ou matou o próprio processo?)`,
    escaped: (/** @type {string} */ what) =>
      `um erro escapou do teu código fora de qualquer await que o teste visse (um throw num temporizador ou callback, ou uma promessa que ninguém tratou): ${what}`,
    notToTheEnd: (/** @type {string} */ state) => `este teste não correu até ao fim (${state})`,
    stuck: (/** @type {number} */ s) =>
      `os testes não terminaram em ${s} s: há um ciclo sem fim (um while que nunca acaba, uma espera ativa)? Corrige-o, guarda, e os testes correm outra vez.`,
    syntax: (/** @type {string} */ where, /** @type {string} */ what) => `um erro de sintaxe: ${where}: ${what} (o ficheiro não se consegue ler, por isso nenhum teste pôde correr)`,
    typeErrors: "Erros de tipos (do verificador do TypeScript; os testes correm sem verificar tipos, por isso corrige-os também):",
    checkingTypes: (/** @type {number} */ n) => `${n} de ${n} testes passam. A verificar os tipos…`,
    typesNotDone: (/** @type {string} */ id) =>
      `${id}: todos os testes passam, mas o ficheiro tem erros de tipos, por isso ainda não está feito: tal como um compilador, o verificador do TypeScript também o tem de aceitar.`,
    notYetTypes: (/** @type {string} */ id) => `n passa ao seguinte quando ${id} também não tiver erros de tipos (estão acima).`,
    stuckImport: (/** @type {number} */ s, /** @type {string} */ path) =>
      `os testes nunca acabaram de carregar ${path}: ${s} s sem dar sinal, para lá do prazo de um teste. O código no nível de topo de um ficheiro (fora de qualquer função) corre quando ele é importado: há lá um ciclo sem fim (um while que nunca acaba, uma espera ativa)? Os testes foram parados; corrige-o e volta a correr os testes (o watch e o ui fazem-no quando guardas).`,
    stuckTest: (/** @type {number} */ s) =>
      `este teste deixou de responder: ${s} s sem dar sinal, para lá do seu próprio prazo, o que só faz código que nunca devolve o controlo. Há um ciclo sem fim (um while que nunca acaba, uma espera ativa)? Os testes foram parados; corrige-o e volta a correr os testes (o watch e o ui fazem-no quando guardas).`,
    jump: (/** @type {string} */ typed) => `Saltar para o exercício número: ${typed}_  (Esc cancela)`,
    resetAsk: (/** @type {string} */ path) => `Repor ${path} no esboço do kata? O teu código é guardado antes em .kata/backups/. s repõe, qualquer outra tecla cancela.`,
    resetYes: ["s"],
    resetKept: (/** @type {string} */ path, /** @type {string} */ key) => `Não foi reposto: ${path} ficou como o deixaste (${key} repõe).`,
    resetDone: (/** @type {string} */ path, /** @type {string} */ backup) => `${path} voltou a ser o esboço; o teu código ficou guardado em ${backup}.`,
    notYet: (/** @type {string} */ id) => `n passa ao seguinte quando ${id} passar, e ainda não passa. h dá uma dica; j salta para outro exercício.`,
    jumpBad: (/** @type {string} */ typed) => `"${typed}" não é um número de exercício: depois de j, escreve dois algarismos, como 03 (ou um algarismo e Enter).`,
    broke: (/** @type {string} */ id, /** @type {string} */ test) => `${id} passava e agora falha (✗ ${test}). Carrega em j e ${id.slice(0, 2)} para voltar a ele.`,
    brokeOutside: (/** @type {string} */ id, /** @type {string} */ why) => `${id} passava e agora falha, fora de qualquer teste: ${why}. Carrega em j e ${id.slice(0, 2)} para voltar a ele.`,
    brokeTypes: (/** @type {string} */ id, /** @type {string} */ where, /** @type {string} */ error, /** @type {number} */ n) =>
      `${id} passava e agora tem ${n === 1 ? "um erro de tipos" : `${n} erros de tipos`} (${n === 1 ? "" : "o primeiro: "}${where} ${error}). Carrega em j e ${id.slice(0, 2)} para voltar a ele.`,
    startingAt: (/** @type {string} */ id, /** @type {string} */ left) =>
      `A começar em ${id}, o primeiro exercício ainda por fazer (tinhas ficado em ${left}: carrega em j e ${left.slice(0, 2)} para voltar a ele).`,
    saves: {
      events: "alterações: vistas pelos eventos de ficheiros",
      poll: (/** @type {string} */ why) => `alterações: verificadas a cada 0,5 s (${why})`,
      manual: "alterações: não vigiadas (--manual): carrega em r depois de guardar",
    },
    resetCannot: (/** @type {string} */ why) => `Não é possível repor: ${why}`,
  },
};

/** The file that gives each test's name in Portuguese (verify keeps it complete). */
export const TEST_NAMES_PT = "test/names.pt.json";

/** @type {Map<string, Record<string, string>>} */
const catalogues = new Map();

/**
 * A test's name in the learner's language: the English name is the key of
 * test/names.pt.json (what a failing test says comes from test/messages.pt.json).
 * @param {Look} look
 * @param {string} name
 * @param {string} [root]
 */
export function testName(look, name, root = ROOT) {
  if (look.lang !== "pt") return name;
  let catalogue = catalogues.get(root);
  if (!catalogue) {
    try {
      /** @type {unknown} */
      const parsed = JSON.parse(readFileSync(join(root, TEST_NAMES_PT), "utf8"));
      catalogue = /** @type {Record<string, string>} */ (parsed);
    } catch {
      catalogue = {};
    }
    catalogues.set(root, catalogue);
  }
  return catalogue[name] ?? name;
}

/**
 * @param {Look} look
 * @param {Parameters<typeof styleText>[0]} style
 * @param {string} text
 */
export function paint(look, style, text) {
  return look.color ? styleText(style, text) : text;
}

/**
 * A path the terminal can open on click (OSC 8 hyperlink) where links are on.
 * @param {Look} look
 * @param {string} path relative to the root
 * @param {string} [root]
 */
export function fileLink(look, path, root = ROOT) {
  if (!look.links) return path;
  const url = pathToFileURL(join(root, path)).href;
  return `\u001b]8;;${url}\u0007${path}\u001b]8;;\u0007`;
}

/**
 * "[#####---------------] 5/16"
 * @param {number} done
 * @param {number} total
 * @param {number} [width]
 */
export function progressBar(done, total, width = 20) {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
}

/**
 * The first exercise in manifest order that does not pass, or undefined.
 * @param {Exercise[]} exercises
 * @param {Map<string, ExerciseResult>} results
 */
export function currentExercise(exercises, results) {
  return exercises.find((e) => !results.get(e.id)?.ok);
}

/**
 * The failure of one exercise, indented, in plain words.
 * @param {Look} look
 * @param {ExerciseResult} result
 */
export function renderFailure(look, result) {
  const t = TEXT[look.lang];
  if (!result.failure) return [];
  const { test } = result.failure;
  const stub = /^not implemented: (\S+)$/.exec(result.failure.message);
  // The stub's own message, with what to do about it, in the learner's language.
  const message = stub ? t.notImplemented(stub[1] ?? "") : result.failure.message;
  const body = message.split("\n").map((line) => `    ${line}`);
  return [
    test === undefined ? paint(look, "yellow", t.outsideTests) : `${t.firstFailure}`,
    ...(test === undefined ? [] : [`  ${paint(look, "red", "✗")} ${paint(look, "bold", testName(look, test))}`]),
    // The tests speak the learner's language (test/messages.pt.json); Vitest's
    // own "expected X to be Y" does not, so say how to read it.
    // Only inside a test: a file that does not load (a syntax error's "`)` expected") compared nothing.
    ...(t.detailsNote && test !== undefined && !stub && /\bexpected\b/.test(message) ? [`    ${paint(look, "dim", t.detailsNote)}`] : []),
    ...body,
    // Broken UTF-8 shows as \ufffd, which no beginner can read: name it.
    ...(/\\ufffd|\ufffd/.test(message) ? [`    ${paint(look, "dim", t.replacementNote)}`] : []),
  ];
}

/**
 * Wrap prose to the terminal's width, each line indented, so a long hint
 * does not run back to the left margin. Words longer than a line stay whole.
 * @param {string} text
 * @param {number} [columns] the terminal's width (80 where unknown or 0, as a terminal without a size says)
 * @param {string} [indent]
 */
export function wrapText(text, columns = 80, indent = "  ") {
  const width = Math.max(20, (columns || 80) - indent.length - 1);
  /** @type {string[]} */
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
}

/** A line of a code frame: its gutter (" 39 │ ", "    │ ") and its code. */
const FRAME_LINE = /^(\s*\d*\s*│ ?)(.*)$/;

/**
 * Fit a code frame to the terminal's width without wrapping it: the code of
 * a line too long is cut with an ellipsis, and where what points into it (a
 * caret, "┬", "╰── Opened here") lies past the width, the lines of that
 * source line are all shifted left alike (an ellipsis where they begin), so
 * the caret stays under its column.
 * @param {string[]} lines the frame's lines, plain text
 * @param {number} width
 */
function fitFrame(lines, width) {
  const rows = lines.map((line) => {
    const [, gutter = "", code = ""] = FRAME_LINE.exec(line) ?? [];
    return { gutter, code, source: /\d/.test(gutter) };
  });
  /** @type {string[]} */
  const fitted = [];
  // One source line with the lines that point into it.
  for (let i = 0; i < rows.length; ) {
    let j = i + 1;
    while (j < rows.length && !rows[j]?.source) j += 1;
    const group = rows.slice(i, j);
    i = j;
    const room = width - Math.max(...group.map((r) => r.gutter.length));
    if (group.every((r) => r.gutter.length + r.code.length <= width)) {
      fitted.push(...group.map((r) => r.gutter + r.code));
      continue;
    }
    const pointers = group.filter((r) => !r.source && r.code.trim() !== "").map((r) => r.code.trimEnd());
    const firstMark = Math.min(...pointers.map((code) => code.length - code.trimStart().length));
    const end = Math.max(0, ...pointers.map((code) => code.length));
    // Shift left just enough for what points to fit, never past the first mark; when the marks
    // cannot all fit, far apart on a long line, show the last (the error's own) with its label.
    const start = pointers.length === 0 || end <= room ? 0 : end - firstMark < room ? Math.max(1, Math.min(firstMark, end - room + 1)) : end - room + 1;
    for (const { gutter, code, source } of group) {
      const hidden = code.slice(0, start);
      let shown = start === 0 ? code : `${source || hidden.trim() !== "" ? "…" : " "}${code.slice(start)}`;
      if (!source) shown = shown.trimEnd();
      // A row whose marks all lie in what is cut away says nothing.
      if (!source && start > 0 && shown.slice(1).trim() === "") continue;
      if (shown.length > room) shown = `${shown.slice(0, Math.max(0, room - 1))}…`;
      fitted.push(gutter + shown);
    }
  }
  return fitted;
}

/**
 * A list of keys ("h hint · l list · q quit") broken between keys, never
 * inside one, in as few lines as the width allows, as even as they can be
 * (no key left alone at the end, no "·" ending a line).
 * @param {string} line
 * @param {number} width
 * @returns {string[] | undefined} undefined when the line is not a list of keys
 */
function fitKeys(line, width) {
  // Its colour, if any, around the whole line.
  const body = stripVTControlCharacters(line);
  const at = line.indexOf(body);
  if (at < 0) return undefined;
  const [open, close] = [line.slice(0, at), line.slice(at + body.length)];
  const lead = /^\s*/.exec(body)?.[0] ?? "";
  const keys = body.trim().split(" · ");
  if (keys.length < 2 || !keys.every((key) => /^\S \S/.test(key))) return undefined;
  const wrap = (/** @type {number} */ w) => {
    /** @type {string[]} */
    const lines = [];
    for (const key of keys) {
      const last = lines.at(-1);
      if (last !== undefined && lead.length + last.length + 3 + key.length <= w) lines[lines.length - 1] = `${last} · ${key}`;
      else lines.push(key);
    }
    return lines;
  };
  const fewest = wrap(width);
  // The narrowest width that needs no more lines: the most even.
  let even = fewest;
  for (let w = width - 1; w > 0; w -= 1) {
    const tried = wrap(w);
    if (tried.length > fewest.length) break;
    even = tried;
  }
  return even.map((keysLine) => `${open}${lead}${keysLine}${close}`);
}

/**
 * Fit a screen to the terminal's width: each line longer than it breaks at
 * the spaces between words, never inside one (a path, a code token, a URL
 * stays whole, on a line of its own if it must), and goes on under where its
 * text began: its indentation, and past a leading mark such as "✗ " or a
 * diff's "+ ". A list of keys breaks between keys. A code frame ("39 │ …")
 * is code: it does not wrap; its long lines are cut to fit, the caret kept
 * under its column (fitFrame). Colours and links (escape sequences) take no width.
 * @param {string} text
 * @param {number} [columns] the terminal's width (80 where unknown or 0)
 */
export function fitToWidth(text, columns = 80) {
  const width = Math.max(20, columns || 80);
  const seen = (/** @type {string} */ s) => stripVTControlCharacters(s).length;
  /** @type {(string | string[])[]} the lines, a code frame's lines together */
  const parts = [];
  for (const line of text.split("\n")) {
    const plain = stripVTControlCharacters(line);
    const last = parts.at(-1);
    if (!FRAME_LINE.test(plain)) parts.push(line);
    else if (Array.isArray(last)) last.push(plain);
    else parts.push([plain]);
  }
  return parts
    .flatMap((line) => {
      if (Array.isArray(line)) return fitFrame(line, width);
      const plain = stripVTControlCharacters(line);
      if (plain.length <= width) return [line];
      const keys = fitKeys(line, width);
      if (keys) return keys;
      const hang = " ".repeat(/^\s*(?:[✗✓→⟳+-] )?/.exec(plain)?.[0].length ?? 0);
      const lead = /^\s*/.exec(line)?.[0] ?? "";
      /** @type {string[]} */
      const lines = [];
      let current = lead;
      let shown = lead.length;
      let fresh = true; // nothing but indentation on the line so far
      // Words and the runs of spaces between them (a table's padding is kept where the line does not break);
      // a mark stays with the word after it ("✗ 14").
      const glued = line.slice(lead.length).replace(/([✗✓→]\S*) (?=\S)/g, "$1\u0001"); // \S*: its colour's end
      for (const glue of glued.split(/( +)/)) {
        const part = glue.replaceAll("\u0001", " ");
        if (part === "") continue;
        const w = seen(part);
        if (part.startsWith(" ")) {
          if (!fresh) {
            current += part;
            shown += w;
          }
          continue;
        }
        if (!fresh && shown + w > width) {
          lines.push(current.trimEnd());
          current = hang;
          shown = hang.length;
        }
        current += part;
        shown += w;
        fresh = false;
      }
      lines.push(current.trimEnd());
      return lines;
    })
    .join("\n");
}

/**
 * How many of an exercise's tests pass; after a run that was stopped (an
 * endless loop), what became of each: "2 passed, 1 stopped, 12 not run (of
 * 15 tests)", not "0 of 15", which would count tests that never ran.
 * @param {Look} look
 * @param {ExerciseResult} result
 */
export function countLine(look, result) {
  const t = TEXT[look.lang];
  if (!result.stopped) return t.passing(result.passed, result.total);
  const stopped = result.failure?.test === undefined ? 0 : 1;
  const failed = result.tests.filter((test) => test.state === "failed").length - stopped;
  return t.passingStopped(result.passed, failed, stopped, result.total - result.passed - failed - stopped, result.total);
}

/**
 * The watch screen (and `npm test -- NN`) for one exercise.
 * @param {Look} look
 * @param {{ exercise: Exercise, result: ExerciseResult | undefined, done?: number, total: number, keys?: boolean, note?: string, all?: boolean, root?: string, outside?: string[], running?: boolean, typeErrors?: TypeError_[] | null }} view
 *   `result`: undefined before the first run of this exercise ends;
 *   `running`: a run is in flight: say so instead of the last verdict, which may be stale;
 *   `done`: exercises passing, for the progress bar (none when unknown);
 *   `all`: list every test with its state too (npm test -- NN);
 *   `outside`: what the exercise imports from a solution or another exercise (grading gives it nothing);
 *   `typeErrors`: the TypeScript checker's errors in the exercise's file, `null` while it checks, undefined when
 *   not asked (npm test): an exercise whose tests pass is done only once the checker accepts its file.
 */
export function renderExercise(look, { exercise, result, done, total, keys = true, note, all = false, root = ROOT, outside = [], running = false, typeErrors }) {
  const t = TEXT[look.lang];
  const { stub, solution } = pathsOf(exercise.id);
  const lines = [
    done === undefined ? "socket-kata" : `socket-kata  ${progressBar(done, total)}`,
    "",
    paint(look, "bold", `${exercise.id} — ${exercise.title[look.lang]}`),
    `${t.edit}: ${fileLink(look, stub)}`,
    ...(outside.length > 0 ? ["", paint(look, "yellow", t.outside(outside.map((s) => JSON.stringify(s)).join(", ")))] : []),
    "",
  ];
  if (running || !result) {
    lines.push(paint(look, "yellow", `⟳ ${t.running}`));
    if (note) lines.push("", note);
    if (keys) lines.push("", paint(look, "dim", t.keys));
    return lines.join("\n");
  }
  if (all) {
    for (const test of result.tests) {
      const mark = test.state === "passed" ? paint(look, "green", "✓") : test.state === "failed" ? paint(look, "red", "✗") : paint(look, "yellow", "-");
      lines.push(`  ${mark} ${testName(look, test.name)}`);
    }
    lines.push("");
  }
  // A file that does not parse: its type errors would only say so again.
  const typed = result.failure?.syntax ? [] : (typeErrors ?? []).map((e) => `    ${e.file}:${e.line}:${e.column} ${e.message}`);
  const finished = result.ok && typeErrors !== null && typed.length === 0;
  if (finished) {
    lines.push(`${paint(look, "green", "✓")} ${t.done(exercise.id)}`);
    // A hand-out copy has no solutions/ to compare with.
    if (existsSync(join(root, solution))) lines.push(t.compare(fileLink(look, solution, root)));
  } else if (result.ok && typeErrors === null) {
    lines.push(`${paint(look, "green", "✓")} ${t.checkingTypes(result.total)}`);
  } else if (result.ok) {
    lines.push(`${paint(look, "red", "✗")} ${t.typesNotDone(exercise.id)}`, "", ...typed);
  } else {
    lines.push(...renderFailure(look, result));
    // A file that did not load (a syntax error, a throw at import) ran no test: "0 of 0" says nothing.
    if (result.total > 0) lines.push("", countLine(look, result));
    // Under the result: what else the learner must fix.
    if (typed.length > 0) lines.push("", paint(look, "yellow", t.typeErrors), ...typed);
  }
  if (note) lines.push("", note);
  if (keys) lines.push("", paint(look, "dim", finished ? t.keysDone : t.keys));
  return lines.join("\n");
}

/** The fewest columns a title gets in the list before the list drops its status column, then cuts titles. */
const MIN_TITLE_ROOM = 20;

/**
 * The list of every exercise: status, tests, points, title.
 * @param {Look} look
 * @param {Exercise[]} exercises
 * @param {Map<string, ExerciseResult>} results
 * @param {Exercise | undefined} [current] the one being worked on (npm run watch: where j took it), marked →;
 *   by default the first that does not pass
 */
export function renderList(look, exercises, results, current = currentExercise(exercises, results)) {
  const t = TEXT[look.lang];
  const rows = exercises.map((e) => {
    const r = results.get(e.id);
    const status = r?.ok ? t.status.done : e === current ? t.status.current : t.status.todo;
    const mark = e === current ? "→" : r?.ok ? "✓" : " ";
    return [mark, e.id, status, r ? `${r.passed}/${r.total}` : "?", String(e.points), e.title[look.lang]];
  });
  const full = [t.listHeader, ...rows];
  const widthsOf = (/** @type {string[][]} */ table) => (table[0] ?? []).map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
  const titleAtOf = (/** @type {number[]} */ widths) => widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  // Where the terminal is narrow, the status column goes (the mark before the id still says → current, ✓ done).
  const columns = look.columns ?? 0;
  const narrow = columns > 0 && columns - titleAtOf(widthsOf(full)) < MIN_TITLE_ROOM;
  const table = narrow ? full.map((row) => row.filter((_, i) => i !== 2)) : full;
  const widths = widthsOf(table);
  const titleAt = titleAtOf(widths);
  const room = columns - titleAt;
  // The titles, last, go on under themselves where the terminal is narrow; cut where even that has no room.
  const lines = table.map((row, index) => {
    const last = (/** @type {string} */ cell) =>
      !columns ? cell : room >= MIN_TITLE_ROOM ? fitToWidth(cell, room) : cell.length <= room ? cell : `${cell.slice(0, Math.max(1, room - 1))}…`;
    const cells = row.map((cell, i) => (i === row.length - 1 ? last(cell) : cell.padEnd(widths[i] ?? 0)));
    const text = cells.join("  ").replaceAll("\n", `\n${" ".repeat(titleAt)}`);
    return index === 0 ? paint(look, "dim", text) : row[2] === t.status.done ? paint(look, "green", text) : text;
  });
  const done = exercises.filter((e) => results.get(e.id)?.ok);
  const points = done.reduce((sum, e) => sum + e.points, 0);
  const allPoints = exercises.reduce((sum, e) => sum + e.points, 0);
  lines.push("", t.total(done.length, exercises.length, points, allPoints));
  return lines.join("\n");
}

/**
 * The one-run summary of `npm test`: the bar, the first failing exercise and its first failure.
 * @param {Look} look
 * @param {Exercise[]} exercises
 * @param {Map<string, ExerciseResult>} results
 */
export function renderSummary(look, exercises, results) {
  const t = TEXT[look.lang];
  const done = exercises.filter((e) => results.get(e.id)?.ok).length;
  const current = currentExercise(exercises, results);
  const marks = exercises.map((e) => `${results.get(e.id)?.ok ? paint(look, "green", "✓") : paint(look, "red", "✗")} ${e.id.slice(0, 2)}`).join("  ");
  const lines = [`socket-kata  ${progressBar(done, exercises.length)}`, "", marks, ""];
  if (!current) {
    lines.push(paint(look, "green", t.allDone(exercises.length)));
    return lines.join("\n");
  }
  const result = results.get(current.id);
  lines.push(paint(look, "bold", `${current.id} — ${current.title[look.lang]}`), `${t.edit}: ${fileLink(look, pathsOf(current.id).stub)}`, "");
  if (result) lines.push(...renderFailure(look, result), "", ...(result.total > 0 ? [countLine(look, result), ""] : []));
  // Every other failing exercise, by its first failing test; those still on their stub in one line.
  const others = exercises.filter((e) => e !== current && !results.get(e.id)?.ok);
  const untouched = others.filter((e) => /^not implemented: /.test(results.get(e.id)?.failure?.message ?? ""));
  const broken = others.filter((e) => !untouched.includes(e));
  if (broken.length > 0) {
    lines.push(t.alsoFailing);
    for (const e of broken) {
      const failure = results.get(e.id)?.failure;
      const what = failure?.test === undefined ? (failure?.message.split("\n")[0] ?? "") : testName(look, failure.test);
      lines.push(`  ${paint(look, "red", "✗")} ${e.id}: ${what}`);
    }
    lines.push("");
  }
  if (untouched.length > 0) lines.push(t.stillStubs(untouched.map((e) => e.id.slice(0, 2)).join(", ")), "");
  lines.push(t.summaryFail(current.id));
  return lines.join("\n");
}
