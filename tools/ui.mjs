#!/usr/bin/env node
// npm run ui: the Vitest UI in a browser, every exercise's tests, rerun on
// save. The terminal stays quiet (the browser shows the failures): the UI's
// address first, then one line per run that ends with it again.
//
//   npm run ui               every exercise against exercises/
//   --lang pt | en           language (default: from LANG / LC_ALL)
import { Writable } from "node:stream";
import { parseCommand } from "./lib/args.mjs";
import { pickLang } from "./lib/lang.mjs";
import { ROOT } from "./lib/manifest.mjs";

const { values } = parseCommand({ options: { lang: { type: "string" } } });
const lang = pickLang(values.lang);
process.env.KATA_LANG = lang;
const text = {
  en: {
    starting: "Starting the Vitest UI…",
    open: (/** @type {string} */ url) => `The Vitest UI: ${url}\n(the failures are in the browser; Ctrl-C stops it)`,
    run: (/** @type {number} */ passed, /** @type {number} */ total, /** @type {string} */ url) => `${passed} of ${total} test files pass. The UI: ${url}`,
  },
  pt: {
    starting: "A arrancar a interface do Vitest…",
    open: (/** @type {string} */ url) => `A interface do Vitest: ${url}\n(as falhas estão no navegador; Ctrl-C para-a)`,
    run: (/** @type {number} */ passed, /** @type {number} */ total, /** @type {string} */ url) => `${passed} de ${total} ficheiros de testes passam. A interface: ${url}`,
  },
}[lang];

console.log(text.starting);
let url = "";
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
    url = address.href;
    console.log(text.open(url));
  },
  onTestRunEnd(modules) {
    const passed = modules.filter((m) => m.ok()).length;
    console.log(text.run(passed, modules.length, url));
  },
};
await startVitest([], { root: ROOT, ui: true, watch: true, reporters: [reporter] }, {}, { stdout: quiet, stderr: quiet });
