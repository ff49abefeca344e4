#!/usr/bin/env node
// npm run list: every exercise with its status (done, current, to do), its
// passing tests, points and title. Runs every exercise's tests once.
//
//   --lang pt | en   language (default: from LANG / LC_ALL)
import { openRunner } from "./lib/kata.mjs";
import { pickLang } from "./lib/lang.mjs";
import { loadManifest } from "./lib/manifest.mjs";
import { TEXT, renderList } from "./lib/screen.mjs";
import { parseCommand } from "./lib/args.mjs";

const { values } = parseCommand({ options: { lang: { type: "string" } } });
const lang = pickLang(values.lang);
const tty = Boolean(process.stdout.isTTY && !process.env.NO_COLOR);
const manifest = loadManifest();
console.log(TEXT[lang].running);
const runner = await openRunner({ lang });
try {
  const { results } = await runner.run(manifest.exercises.map((e) => e.id));
  console.log(renderList({ lang, color: tty, links: false }, manifest.exercises, new Map(results.map((r) => [r.id, r]))));
} finally {
  await runner.close();
}
