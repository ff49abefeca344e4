#!/usr/bin/env node
// npm test [-- NN ...]: one run of the exercises against exercises/, with a
// compact summary: the progress bar, the first exercise that does not pass
// and its first failure. Exits 1 while any exercise fails.
//
//   npm test              every exercise
//   npm test -- 06        one exercise, every test listed
//   --lang pt | en        language (default: from LANG / LC_ALL)
//   --solutions           run against solutions/ instead (maintainers)
import { outsideOf } from "./lib/grading.mjs";
import { openRunner } from "./lib/kata.mjs";
import { pickLang } from "./lib/lang.mjs";
import { findExercise, loadManifest } from "./lib/manifest.mjs";
import { TEXT, fitToWidth, renderExercise, renderSummary } from "./lib/screen.mjs";
import { parseCommand } from "./lib/args.mjs";

const { values, positionals } = parseCommand({
  allowPositionals: true,
  options: { lang: { type: "string" }, solutions: { type: "boolean" } },
});
const lang = pickLang(values.lang);
const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const look = { lang, color: Boolean(tty), links: Boolean(tty) };
/** In a terminal, long lines break between words, not where the terminal cuts them. @param {string} text */
const fit = (text) => (process.stdout.isTTY ? fitToWidth(text, process.stdout.columns) : text);
const manifest = loadManifest();

const chosen = positionals.map((q) => ({ q, exercise: findExercise(manifest, q) }));
const unknown = chosen.find((c) => !c.exercise);
if (unknown) {
  console.error(TEXT[lang].unknownExercise(unknown.q));
  process.exit(2);
}
const exercises = chosen.length > 0 ? chosen.map((c) => /** @type {import("./lib/manifest.mjs").Exercise} */ (c.exercise)) : manifest.exercises;

const runner = await openRunner({ target: values.solutions ? "solutions" : "exercises", lang });
try {
  const { results, unhandled } = await runner.run(exercises.map((e) => e.id));
  const byId = new Map(results.map((r) => [r.id, r]));
  if (chosen.length > 0) {
    for (const exercise of exercises) {
      const result = byId.get(exercise.id);
      if (result) console.log(`${fit(renderExercise(look, { exercise, result, total: manifest.exercises.length, keys: false, all: true, outside: outsideOf(exercise.id) }))}\n`);
    }
  } else {
    console.log(fit(renderSummary(look, exercises, byId)));
  }
  if (unhandled.length > 0) console.log(fit(`\n${TEXT[lang].unhandled}\n${unhandled.map((m) => `  ${m}`).join("\n")}`));
  process.exitCode = results.every((r) => r.ok) && unhandled.length === 0 ? 0 : 1;
} finally {
  await runner.close();
}
