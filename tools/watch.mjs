#!/usr/bin/env node
// npm run watch: the kata loop. One exercise at a time (the first not done,
// in manifest order: done is every test passing and no type error in its
// file), its first failing test in plain words, the type errors under it, a
// progress bar, and a rerun each time you save. Saving an earlier
// exercise's file runs and type-checks it too, and the screen says when it
// broke. It starts at the first exercise not done, and says so when you
// left off at another. Keys:
// h hint, l list, r rerun, n next (once it is done), j jump to another
// exercise (two digits), x reset the stub (asks first, keeps a backup), q quit.
//
// Without a terminal it prints the screen once and exits with the run's
// status (0 when every exercise passes).
//
//   npm run watch -- 06   start at exercise 06 instead of the first unsolved
//   --lang pt | en        language (default: from LANG / LC_ALL)
//   --poll                look for saves by checking the files every 0.5 s, for
//                         where file events never come (chosen by itself on WSL
//                         with the kata on the Windows drive, and on network drives)
//   --manual              do not look for saves: press r after saving
import { join } from "node:path";
import { takeNextHint } from "./lib/hints.mjs";
import { outsideOf } from "./lib/grading.mjs";
import { SAVE_DEBOUNCE_MS, openRunner } from "./lib/kata.mjs";
import { resetToStub } from "./lib/reset.mjs";
import { pickLang } from "./lib/lang.mjs";
import { ROOT, findExercise, loadManifest, pathsOf } from "./lib/manifest.mjs";
import { TEXT, fitToWidth, paint, renderExercise, renderList, testName, wrapText } from "./lib/screen.mjs";
import { readState, writeState } from "./lib/state.mjs";
import { openTypeChecker } from "./lib/typecheck.mjs";
import { pollReason, watchExercises } from "./lib/watching.mjs";
import { parseCommand } from "./lib/args.mjs";

/** @typedef {import("./lib/typecheck.mjs").TypeError_} TypeError_ */

const { values, positionals } = parseCommand({
  allowPositionals: true,
  options: { lang: { type: "string" }, poll: { type: "boolean" }, manual: { type: "boolean" } },
});
const lang = pickLang(values.lang);
const t = TEXT[lang];
// The tools' own tests point this at a fixture kata.
const root = process.env.KATA_ROOT || ROOT;
const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
/** @type {import("./lib/screen.mjs").Look} */
const look = { lang, color: interactive && !process.env.NO_COLOR, links: interactive };
const manifest = loadManifest(root);
const ids = manifest.exercises.map((e) => e.id);
const asked = positionals[0] === undefined ? undefined : findExercise(manifest, positionals[0]);
if (positionals[0] !== undefined && !asked) {
  console.error(t.unknownExercise(positionals[0]));
  process.exit(2);
}
const exercisesDir = join(root, "exercises");
const why = values.poll ? "--poll" : values.manual ? undefined : pollReason(exercisesDir);
/** @type {"events" | "poll" | "manual"} */
const mode = values.manual ? "manual" : why ? "poll" : "events";
const savesLine = mode === "poll" ? t.saves.poll(why ?? "") : t.saves[mode];

// Vitest starts while the first screen is drawn.
const opening = openRunner({ root, lang });
/** @type {Map<string, import("./lib/kata.mjs").ExerciseResult>} */
const results = new Map();
const before = readState(root);
/** Which exercises passed at the last run, until this one says: the first screen's progress. */
const passedBefore = new Set(before.passed ?? []);
/** The exercise the learner was on when watch last stopped. */
const leftOff = before.current;
/** Exercises that were done and fail since a save, or have type errors: told on screen until they are done again. @type {Set<string>} */
const broke = new Set();
/** Of those, the ones whose tests pass but whose file has type errors (since a save), with those errors. @type {Map<string, TypeError_[]>} */
const brokeTypes = new Map();
/** Exercises saved since the last run whose file had type errors before (a save makes them unknown): not done before. @type {Set<string>} */
const hadTypeErrors = new Set();
/** Whether the first run has said where the learner is: from then on, the exercise on screen is remembered as where they left off. */
let placed = false;
/** Exercises reset to the stub with x, until their next run: failing then is what was asked for, not a regression. @type {Set<string>} */
const reset = new Set();
/** The type errors of each exercise's file, as last checked; none while not known (since a save). @type {Map<string, TypeError_[]>} */
const typeErrorsOf = new Map();
/** Type checks in flight, by exercise; a save drops its exercise's. @type {Map<string, Promise<TypeError_[]>>} */
const checking = new Map();
/** @type {ReturnType<typeof openTypeChecker> | undefined} */
let checker;
/** Files saved since the last run, by exercise. @type {Map<string, Set<string>>} */
const saved = new Map();
/** The exercise asked for on the command line, or jumped to while the first run went on. */
let chosen = asked;
/** @type {import("./lib/manifest.mjs").Exercise | undefined} */
let current = asked ?? manifest.exercises.find((e) => !passedBefore.has(e.id));
/** What to show under the exercise: a hint, a note about watching, … */
let note = "";
/** Whether the note still applies: by default while its exercise is the current one. */
let noteApplies = () => true;

/**
 * Show this under the exercise until replaced, or until it no longer applies.
 * @param {string} text
 * @param {() => boolean} [applies] by default: while the exercise it was written for is the current one
 */
function setNote(text, applies) {
  const about = current?.id;
  note = text;
  noteApplies = applies ?? (() => current?.id === about);
}
/** "exercise" or "list" */
let view = "exercise";
let running = false;
let rerunAfter = false;

/**
 * Done: its tests pass and the TypeScript checker accepts its file (as
 * rustlings wants an exercise to compile), where it has looked since the last save.
 * @param {string} id
 */
const passes = (id) => {
  const result = results.get(id);
  if (!result) return passedBefore.has(id);
  return result.ok && (typeErrorsOf.get(id)?.length ?? 0) === 0;
};
/** The first exercise that is not done. */
const firstNotDone = () => manifest.exercises.find((e) => !passes(e.id));

function saveProgress() {
  const state = readState(root);
  state.passed = ids.filter((id) => passes(id));
  if (placed) state.current = current?.id;
  writeState(state, root);
}

/**
 * Where watch starts, when it is not where the learner left off: said on
 * screen, so the jump is not a surprise (it starts at the first exercise not
 * done, as rustlings does).
 */
function sayWhereItStarts() {
  if (asked || !current || !leftOff || leftOff === current.id || !ids.includes(leftOff)) return;
  setNote(wrapText(t.startingAt(current.id, leftOff), process.stdout.columns, ""));
}

/**
 * What the checker said of an exercise's file, for the warning about an
 * earlier exercise: one that was done has type errors now, or has none again.
 * @param {string} id
 * @param {TypeError_[]} errors
 * @param {boolean} wasDone done before the save that made its types unknown
 */
function judgeTypes(id, errors, wasDone) {
  if (errors.length === 0) {
    brokeTypes.delete(id);
    if (results.get(id)?.ok) broke.delete(id);
  } else if (wasDone || broke.has(id)) {
    brokeTypes.set(id, errors);
    broke.add(id);
  }
}

/** @param {string[]} which */
async function run(which) {
  // A run that had to stop a stuck test file (an endless loop) has killed its workers and started afresh itself.
  const outcome = await (await opening).run(which);
  for (const result of outcome.results) results.set(result.id, result);
  saveProgress();
  return outcome;
}

/**
 * Type-check these exercises' files in a worker thread (the screen goes on
 * meanwhile); each answer is kept, unless its file was saved since.
 * @param {string[]} which
 */
function checkTypes(which) {
  const using = (checker ??= openTypeChecker(root));
  return Promise.all(
    which.map((id) => {
      const inFlight = checking.get(id);
      if (inFlight) return inFlight;
      const asked = using.check(pathsOf(id).stub).then((errors) => {
        if (checking.get(id) === asked) {
          checking.delete(id);
          typeErrorsOf.set(id, errors);
        }
        return errors;
      });
      checking.set(id, asked);
      return asked;
    }),
  );
}

/** The current exercise's types, when not known: its screen says so when they come. */
function checkCurrentTypes() {
  const id = current?.id;
  if (!id || typeErrorsOf.has(id)) return;
  void checkTypes([id]).then(([errors]) => {
    if (errors && typeErrorsOf.get(id) === errors) judgeTypes(id, errors, false);
    saveProgress();
    if (current?.id === id && !running) draw();
  });
}

function draw() {
  if (!interactive) return;
  look.columns = process.stdout.columns;
  process.stdout.write("\u001b[2J\u001b[3J\u001b[H");
  const done = ids.filter(passes).length;
  if (view === "list") {
    // Done as the screen says it: type errors too.
    const judged = new Map([...results].map(([id, result]) => [id, { ...result, ok: passes(id) }]));
    process.stdout.write(`${fitToWidth(renderList(look, manifest.exercises, judged, current), look.columns)}\n\n${paint(look, "dim", t.keysAllDone)}\n`);
    return;
  }
  if (!current && !running) {
    const all = `socket-kata\n\n${paint(look, "green", t.allDone(manifest.exercises.length))}\n\n${paint(look, "dim", t.keysAllDone)}`;
    process.stdout.write(`${fitToWidth(all, look.columns)}\n`);
    return;
  }
  const exercise = current ?? manifest.exercises.at(-1);
  if (!exercise) return;
  const warnings = [...broke]
    .filter((id) => id !== exercise.id)
    .map((id) => {
      const [first, ...more] = brokeTypes.get(id) ?? [];
      const failure = results.get(id)?.failure;
      // A syntax error, an endless loop at load, a leak: no test to name, the failure's first line instead.
      const outside = () => (failure?.message.split("\n")[0] ?? "").replace(/\.$/, "");
      const said =
        results.get(id)?.ok && first
          ? t.brokeTypes(id, `${first.file}:${first.line}:${first.column}`, first.message.split("\n")[0] ?? "", 1 + more.length)
          : failure?.test === undefined
            ? t.brokeOutside(id, outside())
            : t.broke(id, testName(look, failure.test, root));
      return paint(look, "yellow", wrapText(said, process.stdout.columns, ""));
    });
  const notes = [...warnings, noteApplies() ? note : ""].filter(Boolean).join("\n\n");
  const result = results.get(exercise.id);
  const screen = renderExercise(look, {
    exercise,
    result,
    // Tests that pass make it done only once the checker has said: null while it checks.
    typeErrors: typeErrorsOf.get(exercise.id) ?? (result?.ok ? null : undefined),
    running,
    done,
    total: manifest.exercises.length,
    note: notes,
    outside: outsideOf(exercise.id),
    root,
  });
  process.stdout.write(`${fitToWidth(screen, look.columns)}\n${paint(look, "dim", fitToWidth(savesLine, look.columns))}\n`);
}

/** Rerun the current exercise and any other whose files were saved (or everything once all pass), then redraw. */
async function rerun() {
  if (running) {
    rerunAfter = true;
    return;
  }
  running = true;
  draw();
  /** Earlier exercises whose tests pass after a save: their types are checked after the run. @type {Map<string, boolean>} */
  const toCheck = new Map();
  try {
    const runner = await opening;
    do {
      rerunAfter = false;
      const changed = [...saved];
      saved.clear();
      for (const [, files] of changed) for (const file of files) runner.invalidate(join(exercisesDir, file));
      const others = changed.map(([id]) => id).filter((id) => id !== current?.id && ids.includes(id));
      const which = current ? [current.id, ...others] : ids;
      for (const id of which) runner.invalidate(join(root, pathsOf(id).stub));
      const before = new Map(which.map((id) => [id, passes(id) && !hadTypeErrors.has(id)]));
      for (const id of which) hadTypeErrors.delete(id);
      await run(which);
      for (const id of which) {
        const ok = results.get(id)?.ok;
        if (reset.has(id) || (ok && !brokeTypes.has(id))) broke.delete(id);
        else if (!ok && before.get(id)) broke.add(id);
        if (reset.has(id) || !ok) brokeTypes.delete(id);
        // A type error in an earlier exercise's file: it was done, and its tests still pass.
        else if (id !== current?.id && (before.get(id) || broke.has(id))) toCheck.set(id, Boolean(before.get(id)));
        reset.delete(id);
      }
      if (!current) {
        // All done, as far as it knew: the checker has a say on each of them too.
        await checkTypes(which.filter((id) => results.get(id)?.ok));
        current = firstNotDone();
      }
    } while (rerunAfter);
  } finally {
    running = false;
  }
  if (current && results.get(current.id)?.ok) setNote(""); // done: the hint served its purpose
  draw();
  checkCurrentTypes();
  checkEarlierTypes(toCheck);
}

/**
 * Type-check earlier exercises saved while another is current, after the
 * run (the verdict does not wait): one that was done and has type errors now
 * is told on screen, as a test that fails now is.
 * @param {Map<string, boolean>} which each one's id, and whether it was done before its save
 */
function checkEarlierTypes(which) {
  const list = [...which.keys()].filter((id) => !typeErrorsOf.has(id));
  if (list.length === 0) return;
  void checkTypes(list).then((answers) => {
    list.forEach((id, i) => {
      const errors = answers[i];
      // Saved again since: the next run checks it again.
      if (errors && typeErrorsOf.get(id) === errors) judgeTypes(id, errors, Boolean(which.get(id)));
    });
    saveProgress();
    if (!running) draw();
  });
}

/** Move to the next exercise that is not done; when none is left, check them all once more. */
async function next() {
  current = firstNotDone();
  setNote("");
  await rerun();
}

/** @type {NodeJS.Timeout | undefined} */
let debounce;
const watcher = interactive
  ? watchExercises(
      exercisesDir,
      mode,
      (file) => {
        const id = file.split(/[\\/]/)[0] ?? "";
        // Before its type errors are forgotten: it was not done.
        if (typeErrorsOf.get(id)?.length) hadTypeErrors.add(id);
        saved.set(id, (saved.get(id) ?? new Set()).add(file));
        typeErrorsOf.delete(id);
        checking.delete(id);
        clearTimeout(debounce);
        debounce = setTimeout(() => void rerun(), SAVE_DEBOUNCE_MS);
      },
      (err) => {
        setNote(t.noWatch(err.message), () => true);
        draw();
      },
    )
  : undefined;

function showHint() {
  if (!current) return;
  const hint = takeNextHint(current, lang, root);
  const text = `${paint(look, "bold", t.hint(hint.number, hint.of))}\n${wrapText(hint.text, process.stdout.columns)}`;
  setNote(hint.last ? `${text}\n\n${t.noMoreHints(current.id)}` : text);
  draw();
}

async function quit() {
  if (placed) saveProgress();
  watcher?.close();
  void checker?.close();
  clearTimeout(debounce);
  if (interactive) {
    process.stdin.setRawMode(false);
    process.stdin.pause();
    process.stdout.write(`\n${t.confirmQuit}\n`);
  }
  await (await opening).close();
  process.exit(0); // a first run still going, if any, has nothing left to say
}

/** Digits typed after `j`, or undefined when not jumping. @type {string | undefined} */
let jumping;
let confirmingReset = false;

/** @param {string} typed */
function jumpTo(typed) {
  jumping = undefined;
  const target = findExercise(manifest, typed);
  if (!target) {
    setNote(t.unknownExercise(typed));
    draw();
    return;
  }
  current = target;
  chosen = target;
  setNote("");
  void rerun();
}

/** @param {string} k */
function onJumpKey(k) {
  const typed = jumping ?? "";
  if (k === "\u001b") {
    jumping = undefined;
    setNote("");
  } else if ((k === "\r" || k === "\n") && typed.length === 1) {
    jumpTo(typed);
    return;
  } else if (!/^\d$/.test(k)) {
    jumping = undefined;
    setNote(t.jumpBad(`${typed}${k === "\r" || k === "\n" ? "" : k}`));
  } else if (typed.length === 0) {
    jumping = k;
    setNote(t.jump(k), () => jumping !== undefined);
  } else {
    jumpTo(typed + k);
    return;
  }
  draw();
}

/** @param {string} k */
function onKey(k) {
  if (k === "\u0003") {
    void quit();
    return;
  }
  if (jumping !== undefined) {
    onJumpKey(k);
    return;
  }
  if (confirmingReset) {
    confirmingReset = false;
    if (t.resetYes.includes(k.toLowerCase()) && current) {
      try {
        const { backup } = resetToStub(current.id, root);
        reset.add(current.id);
        setNote(wrapText(t.resetDone(pathsOf(current.id).stub, backup), process.stdout.columns, ""));
        saved.set(current.id, new Set());
        void rerun();
      } catch (err) {
        setNote(t.resetCannot(err instanceof Error ? err.message : String(err)));
      }
    } else {
      // Said, not silent: a y in Portuguese (where s resets) would otherwise look like a reset that happened.
      setNote(current ? wrapText(t.resetKept(pathsOf(current.id).stub, t.resetYes[0] ?? ""), process.stdout.columns, "") : "");
    }
    draw();
    return;
  }
  if (view === "list") {
    view = "exercise";
    if (k !== "q") {
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
    setNote("");
    void rerun();
  } else if (k === "n" && current) {
    const id = current.id;
    const inFlight = checking.get(id);
    if (results.get(id)?.ok && !typeErrorsOf.has(id) && inFlight) {
      // Its types are being checked: answer once they are.
      void inFlight.then(() => current?.id === id && onKey("n"));
      return;
    }
    if (passes(id) && results.has(id)) void next();
    else {
      // Until that exercise passes, or another is current (the first run may pick another).
      setNote(wrapText(results.get(id)?.ok ? t.notYetTypes(id) : t.notYet(id), process.stdout.columns, ""), () => current?.id === id && !passes(id));
      draw();
    }
  } else if (k === "j") {
    jumping = "";
    setNote(t.jump(""), () => jumping !== undefined);
    draw();
  } else if (k === "x" && current) {
    confirmingReset = true;
    setNote(wrapText(t.resetAsk(pathsOf(current.id).stub), process.stdout.columns, ""), () => confirmingReset);
    draw();
  }
}

if (interactive) {
  // The first screen at once: the exercise, the progress of the last run, "running…".
  running = true;
  sayWhereItStarts();
  draw();
  // The terminal resized: the screen again, fitted to its new width (not the old one, wrapped by the terminal).
  process.stdout.on("resize", () => draw());
  process.stdin.setRawMode(true);
  process.stdin.setEncoding("utf8");
  // Keys typed fast (or pasted) arrive together: take them one at a time.
  process.stdin.on("data", (chunk) => {
    for (const k of String(chunk)) onKey(k);
  });
}

// First, every exercise once: where does the learner stand? Those whose tests pass are done once the
// checker accepts their files too (it loads while the tests run).
checker = openTypeChecker(root);
try {
  await run(ids);
  await checkTypes(ids.filter((id) => results.get(id)?.ok));
} finally {
  running = false;
}
current = chosen ?? firstNotDone();
placed = true;
saveProgress();
if (interactive) sayWhereItStarts();

if (!interactive) {
  const done = ids.filter(passes).length;
  const result = current && results.get(current.id);
  const screen =
    current && result
      ? renderExercise(look, { exercise: current, result, done, total: manifest.exercises.length, keys: false, root, typeErrors: typeErrorsOf.get(current.id) })
      : t.allDone(manifest.exercises.length);
  console.log(`${screen}\n\n${t.notTty}`);
  process.exitCode = current ? 1 : 0;
  void checker.close();
  await (await opening).close();
} else if (saved.size > 0 || rerunAfter) {
  void rerun(); // saved while the first run was going
} else {
  draw();
  checkCurrentTypes();
}
