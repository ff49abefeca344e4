#!/usr/bin/env node
// npm run ui: the Vitest UI in a browser, every exercise's tests, rerun on
// save. The terminal stays quiet (the browser shows the failures): the UI's
// address first, then one line per run: when, what ran (one exercise after a
// save, all of them at first), and how many of its tests pass and fail.
//
//   npm run ui               every exercise against exercises/
//   --lang pt | en           language (default: from LANG / LC_ALL)
import { Writable } from "node:stream";
import { parseCommand } from "./lib/args.mjs";
import { pickLang } from "./lib/lang.mjs";
import { ROOT, loadManifest } from "./lib/manifest.mjs";
import { resultsOf, runLine } from "./lib/ui-run.mjs";

const { values } = parseCommand({ options: { lang: { type: "string" } } });
const lang = pickLang(values.lang);
process.env.KATA_LANG = lang;
const text = {
  en: {
    starting: "Starting the Vitest UI…",
    open: (/** @type {string} */ url) => `The Vitest UI: ${url}\n(the failures are in the browser; Ctrl-C stops it)`,
  },
  pt: {
    starting: "A arrancar a interface do Vitest…",
    open: (/** @type {string} */ url) => `A interface do Vitest: ${url}\n(as falhas estão no navegador; Ctrl-C para-a)`,
  },
}[lang];

console.log(text.starting);
const exercises = loadManifest().exercises.length;
// Vitest's own output (every failure's stack, for every run) goes nowhere: the browser shows it.
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const { startVitest } = await import("vitest/node");
/** @type {import("vitest/node").Reporter} */
const reporter = {
  // Where Vitest's own banner would say "UI started at": the server's address, the UI's path, the token it wants.
  onInit(vitest) {
    const origin = vitest.vite.resolvedUrls?.local[0] ?? vitest.vite.resolvedUrls?.network[0];
    if (!origin) return;
    const address = new URL(vitest.config.uiBase, origin);
    address.searchParams.set("token", vitest.config.api.token);
    console.log(text.open(address.href));
  },
  onTestRunEnd(modules, unhandled) {
    if (modules.length > 0) console.log(runLine(resultsOf(modules, unhandled, lang), { lang, at: new Date(), exercises }));
  },
};
await startVitest([], { root: ROOT, ui: true, watch: true, reporters: [reporter] }, {}, { stdout: quiet, stderr: quiet });
