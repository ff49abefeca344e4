#!/usr/bin/env node
// npm run hint [id]: the next hint of the current exercise (the first one
// whose tests do not all pass) or of the one named, one step per call.
//
//   npm run hint                 next hint of the current exercise
//   npm run hint 03              next hint of exercise 03
//   npm run hint -- 03 --all     every hint of exercise 03
//   npm run hint -- 03 --reset   start exercise 03's hints again
//   --lang pt | en               language (default: from LANG / LC_ALL)
// (Options go after --: npm keeps those before it for itself.)
import { styleText } from "node:util";
import { pickLang } from "./lib/lang.mjs";
import { findExercise, loadManifest } from "./lib/manifest.mjs";
import { resetHints, takeNextHint } from "./lib/hints.mjs";
import { openRunner } from "./lib/kata.mjs";
import { TEXT, currentExercise as firstUnsolved, wrapText } from "./lib/screen.mjs";
import { parseCommand } from "./lib/args.mjs";

const { values, positionals } = parseCommand({
  allowPositionals: true,
  options: {
    all: { type: "boolean" },
    reset: { type: "boolean" },
    lang: { type: "string" },
  },
});
const lang = pickLang(values.lang);
const text = {
  en: {
    unknown: (/** @type {string} */ q) => `No exercise "${q}". Try a number such as 03.`,
    allDone: "Every exercise passes. Nothing to hint at: well done!",
    finding: "Finding your current exercise (running the tests)…",
    heading: (/** @type {string} */ id, /** @type {string} */ title, /** @type {number} */ n, /** @type {number} */ of) => `${id} — ${title}: hint ${n} of ${of}`,
    noMore: (/** @type {string} */ id) => TEXT.en.noMoreHints(id),
    next: (/** @type {string} */ id) => `Run npm run hint ${id.slice(0, 2)} again for the next one.`,
    reset: (/** @type {string} */ id) => `Hints of ${id} start again from the first.`,
  },
  pt: {
    unknown: (/** @type {string} */ q) => `Não há nenhum exercício "${q}". Experimenta um número, como 03.`,
    allDone: "Todos os exercícios passam. Não há dicas a dar: parabéns!",
    finding: "A procurar o teu exercício atual (a correr os testes)…",
    heading: (/** @type {string} */ id, /** @type {string} */ title, /** @type {number} */ n, /** @type {number} */ of) => `${id} — ${title}: dica ${n} de ${of}`,
    noMore: (/** @type {string} */ id) => TEXT.pt.noMoreHints(id),
    next: (/** @type {string} */ id) => `Corre npm run hint ${id.slice(0, 2)} outra vez para a próxima.`,
    reset: (/** @type {string} */ id) => `As dicas de ${id} recomeçam da primeira.`,
  },
}[lang];
const bold = (/** @type {string} */ s) => (process.stdout.isTTY && !process.env.NO_COLOR ? styleText("bold", s) : s);

const manifest = loadManifest();

/** The first exercise whose tests do not all pass against exercises/. */
async function currentExercise() {
  console.log(text.finding);
  const runner = await openRunner({ lang });
  try {
    const { results } = await runner.run(manifest.exercises.map((e) => e.id));
    return firstUnsolved(manifest.exercises, new Map(results.map((r) => [r.id, r])));
  } finally {
    await runner.close();
  }
}

const query = positionals[0];
const exercise = query === undefined ? await currentExercise() : findExercise(manifest, query);
if (!exercise) {
  console.log(query === undefined ? text.allDone : text.unknown(query));
  process.exitCode = query === undefined ? 0 : 2;
} else {
  const hints = exercise.hints[lang];
  if (values.reset) {
    resetHints(exercise.id);
    console.log(text.reset(exercise.id));
  } else if (values.all) {
    hints.forEach((hint, i) => console.log(`${bold(text.heading(exercise.id, exercise.title[lang], i + 1, hints.length))}\n  ${hint}\n`));
  } else {
    const hint = takeNextHint(exercise, lang);
    console.log(bold(text.heading(exercise.id, exercise.title[lang], hint.number, hint.of)));
    console.log(`${wrapText(hint.text, process.stdout.columns)}\n`);
    console.log(hint.last ? text.noMore(exercise.id) : text.next(exercise.id));
  }
}
