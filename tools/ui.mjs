#!/usr/bin/env node
// npm run ui: the Vitest UI in a browser, every exercise's tests, rerun on
// save. The terminal stays quiet (the browser shows the failures): the UI's
// address first, then one line per run: when, what ran (one exercise after a
// save, all of them at first), and how many of its tests pass and fail.
// A test that stops answering (an endless loop) is stopped a few seconds past
// its deadline, as npm test and npm run watch stop it, and its line says so;
// the next save runs again. One Ctrl-C ends it all.
//
//   npm run ui               every exercise against exercises/
//   --lang pt | en           language (default: from LANG / LC_ALL)
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { parseCommand } from "./lib/args.mjs";
import { pickLang } from "./lib/lang.mjs";
import { ROOT, loadManifest } from "./lib/manifest.mjs";
import { fitToWidth } from "./lib/screen.mjs";
import { PROGRESS_SETUP, followSilence, killWorkers, readProgress, stuckResult } from "./lib/stuck.mjs";
import { RUN_MARK, markRun, sweep } from "./lib/sweep.mjs";
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

/** In a terminal, long lines break between words, not where the terminal cuts them. @param {string} line */
const say = (line) => console.log(process.stdout.isTTY ? fitToWidth(line, process.stdout.columns) : line);
// The kata to serve (its tests run a fixture kata through KATA_ROOT).
const root = process.env.KATA_ROOT || ROOT;
// Every process the learner's code starts carries this mark: Ctrl-C kills whatever is left.
const runId = process.env[RUN_MARK] ?? markRun();

say(text.starting);
const exercises = loadManifest(root).exercises.length;
// Vitest's own output (every failure's stack, for every run) goes nowhere: the browser shows it.
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const { startVitest } = await import("vitest/node");
/** @type {import("vitest/node").Vitest | undefined} */
let vitest;
// An endless loop: the test file that stays silent past its deadline, as npm test and watch judge it.
const silence = followSilence(() => vitest?.config ?? { testTimeout: 5_000, hookTimeout: 10_000 });
/** The exercises of the run in flight that were stopped, judged as stuck. @type {Map<string, import("./lib/kata.mjs").ExerciseResult>} */
let stopped = new Map();
// Runs started and not ended: Vitest starts the next (a rerun asked in the browser) before the last ends.
let inFlight = 0;
// Where the workers write down each test's start and end (tools/lib/test-progress.mjs): a stopped run still knows what passed.
const progressDir = mkdtempSync(join(tmpdir(), "kata-progress-"));
/** A run begins for the watchdog: forget the last one. */
const fresh = () => {
  silence.reset();
  stopped = new Map();
  for (const name of readdirSync(progressDir)) rmSync(join(progressDir, name), { force: true });
};
setInterval(() => {
  if (inFlight === 0 || stopped.size > 0 || !vitest) return;
  for (const [id, seconds] of silence.stuck()) {
    const entry = silence.watched.get(id);
    if (!entry) continue;
    const result = stuckResult(id, entry, seconds, lang, readProgress(progressDir));
    stopped.set(id, result);
    // The browser lists it among the run's errors, in the same words.
    const error = new Error(result.failure?.message);
    error.name = result.failure?.test === undefined ? id : `${id} › ${result.failure.test}`;
    error.stack = "";
    vitest.state.catchError(error, "Unhandled Error");
  }
  // Its worker can run nothing else: kill it, so the run ends (the next one starts a fresh worker).
  if (stopped.size > 0) killWorkers();
}, 250).unref();
/** @type {import("vitest/node").Reporter} */
const reporter = {
  // Where Vitest's own banner would say "UI started at": the server's address, the UI's path, the token it wants.
  onInit(v) {
    vitest = v;
    const origin = v.vite.resolvedUrls?.local[0] ?? v.vite.resolvedUrls?.network[0];
    if (!origin) return;
    const address = new URL(v.config.uiBase, origin);
    address.searchParams.set("token", v.config.api.token);
    say(text.open(address.href));
  },
  ...silence.hooks(),
  onTestRunStart() {
    if (inFlight === 0) fresh();
    inFlight += 1;
  },
  onTestRunEnd(modules, unhandled) {
    inFlight -= 1;
    const results = resultsOf(modules, unhandled, lang).map((r) => stopped.get(r.id) ?? r);
    // A run whose files changed again while it ran (an editor's save is often two writes, the second after
    // Vitest's 100 ms wait has started the run), or that another run follows, judged code already replaced:
    // the next run's line says how the code is now. One line per save, not two alike.
    const changed = vitest?.watcher.changedTests ?? new Set();
    const superseded = inFlight > 0 || modules.some((m) => changed.has(m.moduleId));
    if (inFlight > 0) fresh();
    if (modules.length > 0 && !superseded) say(runLine(results, { lang, at: new Date(), exercises, root }));
  },
};
// Ctrl-C (or a signal to this process alone): Vitest's own handler would exit 1 ms later and leave a
// spinning worker running; first kill the workers and whatever the learner's code started.
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => {
    killWorkers();
    sweep(runId);
    rmSync(progressDir, { recursive: true, force: true });
    process.exit(130);
  });
}
// Not the terminal's input: Vitest would take it raw, and Ctrl-C would become a key that waits for the run to end.
const input = /** @type {NodeJS.ReadStream} */ (/** @type {unknown} */ (new PassThrough()));
const progress = { test: { setupFiles: [PROGRESS_SETUP], env: { KATA_PROGRESS: progressDir } } };
vitest = await startVitest([], { root, ui: true, watch: true, reporters: [reporter] }, progress, { stdout: quiet, stderr: quiet, stdin: input });
