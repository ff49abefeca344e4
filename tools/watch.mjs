#!/usr/bin/env node
// npm run watch: the kata loop. One exercise at a time (the first that does
// not pass, in manifest order), its first failing test in plain words, a
// progress bar, and a rerun each time you save. Keys: h hint, l list,
// r rerun, n next (once it passes), j jump to another exercise (two digits),
// x reset the stub (asks first, keeps a backup), q quit.
//
// Without a terminal it prints the screen once and exits with the run's
// status (0 when every exercise passes).
//
//   npm run watch -- 06   start at exercise 06 instead of the first unsolved
//   --lang pt | en        language (default: from LANG / LC_ALL)
import { watch } from "node:fs";
import { join } from "node:path";
import { takeNextHint } from "./lib/hints.mjs";
import { outsideOf } from "./lib/grading.mjs";
import { SAVE_DEBOUNCE_MS, killWorkers, openRunner } from "./lib/kata.mjs";
import { resetToStub } from "./lib/reset.mjs";
import { pickLang } from "./lib/lang.mjs";
import { ROOT, findExercise, loadManifest, pathsOf } from "./lib/manifest.mjs";
import { TEXT, currentExercise, paint, renderExercise, renderList, wrapText } from "./lib/screen.mjs";
import { parseCommand } from "./lib/args.mjs";

const { values, positionals } = parseCommand({ allowPositionals: true, options: { lang: { type: "string" } } });
const lang = pickLang(values.lang);
const t = TEXT[lang];
const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
const look = { lang, color: interactive && !process.env.NO_COLOR, links: interactive };
const manifest = loadManifest();
const ids = manifest.exercises.map((e) => e.id);
const asked = positionals[0] === undefined ? undefined : findExercise(manifest, positionals[0]);
if (positionals[0] !== undefined && !asked) {
  console.error(t.unknownExercise(positionals[0]));
  process.exit(2);
}

let runner = await openRunner({ lang });
/** @type {Map<string, import("./lib/kata.mjs").ExerciseResult>} */
const results = new Map();
/** @type {import("./lib/manifest.mjs").Exercise | undefined} */
let current;
/** What to show under the exercise: a hint, a note about watching, … */
let note = "";
/** "exercise" or "list" */
let view = "exercise";
let running = false;
let rerunAfter = false;

/** @param {string[]} which */
async function run(which) {
  const outcome = await runner.run(which);
  for (const result of outcome.results) results.set(result.id, result);
  if (outcome.stuck) {
    // An endless loop keeps a worker busy: kill the workers, start a fresh runner.
    const old = runner;
    killWorkers();
    await Promise.race([old.close(), new Promise((resolve) => setTimeout(resolve, 2_000))]);
    runner = await openRunner({ lang });
  }
  return outcome;
}

function draw() {
  if (!interactive) return;
  process.stdout.write("\u001b[2J\u001b[3J\u001b[H");
  const done = manifest.exercises.filter((e) => results.get(e.id)?.ok).length;
  if (view === "list") {
    process.stdout.write(`${renderList(look, manifest.exercises, results)}\n\n${paint(look, "dim", t.keysAllDone)}\n`);
    return;
  }
  if (!current) {
    process.stdout.write(`socket-kata\n\n${paint(look, "green", t.allDone(manifest.exercises.length))}\n\n${paint(look, "dim", t.keysAllDone)}\n`);
    return;
  }
  const result = results.get(current.id);
  if (!result) return;
  const outside = outsideOf(current.id);
  process.stdout.write(`${renderExercise(look, { exercise: current, result, done, total: manifest.exercises.length, note, outside })}\n`);
}

/** Rerun the current exercise (or everything once all pass), then redraw. */
async function rerun() {
  if (running) {
    rerunAfter = true;
    return;
  }
  running = true;
  try {
    do {
      rerunAfter = false;
      if (current) {
        runner.invalidate(join(ROOT, pathsOf(current.id).stub));
        await run([current.id]);
      } else {
        for (const id of ids) runner.invalidate(join(ROOT, pathsOf(id).stub));
        await run(ids);
        current = currentExercise(manifest.exercises, results);
      }
    } while (rerunAfter);
  } finally {
    running = false;
  }
  if (current && results.get(current.id)?.ok) note = ""; // done: the hint served its purpose
  draw();
}

/** Move to the next exercise that does not pass; when none is left, check them all once more. */
async function next() {
  current = currentExercise(manifest.exercises, results);
  note = "";
  if (!current) {
    note = t.running;
    await rerun();
    current = currentExercise(manifest.exercises, results);
  } else {
    await rerun();
  }
  watchCurrent();
  draw();
}

/** @type {import("node:fs").FSWatcher | undefined} */
let watcher;
/** @type {NodeJS.Timeout | undefined} */
let debounce;
function watchCurrent() {
  watcher?.close();
  watcher = undefined;
  if (!current) return;
  const dir = join(ROOT, "exercises", current.id);
  try {
    watcher = watch(dir, () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void rerun(), SAVE_DEBOUNCE_MS);
    });
    watcher.on("error", (err) => {
      note = t.noWatch(err.message);
      draw();
    });
  } catch (err) {
    note = t.noWatch(err instanceof Error ? err.message : String(err));
  }
}

function showHint() {
  if (!current) return;
  const hint = takeNextHint(current, lang);
  note = `${paint(look, "bold", t.hint(hint.number, hint.of))}\n${wrapText(hint.text, process.stdout.columns)}`;
  if (hint.last) note += `\n\n${t.noMoreHints(current.id)}`;
  draw();
}

async function quit() {
  watcher?.close();
  clearTimeout(debounce);
  if (interactive) {
    process.stdin.setRawMode(false);
    process.stdin.pause();
    process.stdout.write(`\n${t.confirmQuit}\n`);
  }
  await runner.close();
}

// First, every exercise once: where does the learner stand?
if (interactive) process.stdout.write(`${t.running}\n`);
await run(ids);
current = asked ?? currentExercise(manifest.exercises, results);

if (!interactive) {
  const done = manifest.exercises.filter((e) => results.get(e.id)?.ok).length;
  const result = current && results.get(current.id);
  const screen =
    current && result
      ? renderExercise(look, { exercise: current, result, done, total: manifest.exercises.length, keys: false })
      : t.allDone(manifest.exercises.length);
  console.log(`${screen}\n\n${t.notTty}`);
  process.exitCode = current ? 1 : 0;
  await runner.close();
} else {
  watchCurrent();
  draw();
  process.stdin.setRawMode(true);
  process.stdin.setEncoding("utf8");
  /** Digits typed after `j`, or undefined when not jumping. */
  /** @type {string | undefined} */
  let jumping;
  let confirmingReset = false;
  // Keys typed fast (or pasted) arrive together: take them one at a time.
  process.stdin.on("data", (chunk) => {
    for (const k of String(chunk)) onKey(k);
  });
  /** @param {string} k */
  function onKey(k) {
    if (k === "\u0003") {
      void quit();
      return;
    }
    if (jumping !== undefined) {
      if (/^\d$/.test(k)) jumping += k;
      const typed = jumping;
      if (k === "\u001b" || !/^\d$/.test(k)) {
        jumping = undefined;
        note = "";
        draw();
        return;
      }
      if (typed.length < 2) {
        note = t.jump(typed);
        draw();
        return;
      }
      jumping = undefined;
      const target = findExercise(manifest, typed);
      if (!target) {
        note = t.unknownExercise(typed);
        draw();
        return;
      }
      current = target;
      note = "";
      watchCurrent();
      void rerun();
      return;
    }
    if (confirmingReset) {
      confirmingReset = false;
      if (k === "y" && current) {
        try {
          const { backup } = resetToStub(current.id);
          note = t.resetDone(pathsOf(current.id).stub, backup);
          void rerun();
        } catch (err) {
          note = t.resetCannot(err instanceof Error ? err.message : String(err));
        }
      } else note = "";
      draw();
      return;
    }
    if (view === "list") {
      view = "exercise";
      if (k !== "q" && k !== "\u0003") {
        draw();
        return;
      }
    }
    if (k === "q") void quit();
    else if (k === "h") showHint();
    else if (k === "l") {
      view = "list";
      draw();
    } else if (k === "r") {
      note = "";
      void rerun();
    } else if (k === "n" && current && results.get(current.id)?.ok) void next();
    else if (k === "j") {
      jumping = "";
      note = t.jump("");
      draw();
    } else if (k === "x" && current) {
      confirmingReset = true;
      note = t.resetAsk(pathsOf(current.id).stub);
      draw();
    }
  }
}
