#!/usr/bin/env node
// npm run serve -- <id>: start that exercise's server (your code) on
// loopback, say where it listens and how to talk to it with nc or socat,
// and stop it cleanly on Ctrl-C (15 and 16: through their own graceful
// shutdown, whose report it prints; a second Ctrl-C stops at once).
//
//   npm run serve -- 06              your exercises/06-send-recv
//   npm run serve -- 06 --solution   the reference solution instead
//   --lang pt | en                   language (default: from LANG / LC_ALL)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { styleText } from "node:util";
import { createVitest } from "vitest/node";
import { pickLang } from "./lib/lang.mjs";
import { ROOT, exerciseOrExit, loadManifest, pathsOf } from "./lib/manifest.mjs";
import { fitToWidth } from "./lib/screen.mjs";
import { SERVE, SHUTDOWN_DEADLINE_MS, fillTry, followConnections } from "./lib/serving.mjs";
import { parseCommand } from "./lib/args.mjs";

const { values, positionals } = parseCommand({
  allowPositionals: true,
  options: { solution: { type: "boolean" }, lang: { type: "string" } },
});
const lang = pickLang(values.lang);
const grace = SHUTDOWN_DEADLINE_MS / 1000;
const text = {
  en: {
    usage: "Usage: npm run serve -- <exercise number> [--solution]",
    unknown: (/** @type {string} */ q) => `No exercise "${q}". Try a number such as 06.`,
    noServer: (/** @type {string} */ id, /** @type {string} */ list) => `${id} builds no server to run. These do: ${list}.`,
    notYet: (/** @type {string} */ path) => `Not written yet: ${path} still throws "not implemented". Write it (npm run watch), or try the reference with --solution.`,
    failed: (/** @type {string} */ why) => `The server did not start: ${why}`,
    serving: (/** @type {string} */ title, /** @type {string} */ path, /** @type {string} */ where) => `${title}\n  code: ${path}\n  listening on ${where}`,
    tryIt: "Talk to it from another terminal:",
    stop: "Ctrl-C stops it.",
    stopping: "Stopping…",
    stoppingGracefully: (/** @type {boolean} */ solution) =>
      `Stopping gracefully: ${solution ? "the reference solution's" : "your"} shutdown() lets requests in flight finish (up to ${grace} s), then forces the rest. Ctrl-C again stops at once.`,
    // What netcat-openbsd does: the server's FIN leaves it half-closed, its own side open, until its input ends or it is killed.
    waiting: (/** @type {number} */ n) =>
      `Waiting up to ${grace} s for ${n === 1 ? "1 open connection" : `${n} open connections`} to finish; nc keeps its side open until you press Ctrl-D or Ctrl-C in its terminal.`,
    // A server's close() stops new connections and waits for the open ones (Node's net.Server.close()), which nc keeps open until it is stopped.
    waitingClose: (/** @type {number} */ n) =>
      `Waiting for ${n === 1 ? "1 open connection" : `${n} open connections`} to end: close() takes no new ones and waits for those. Stop nc with Ctrl-C in its terminal, or press Ctrl-C again here to stop at once.`,
    forced: "Stopped at once (second Ctrl-C).",
    stopped: "Stopped.",
  },
  pt: {
    usage: "Uso: npm run serve -- <número do exercício> [--solution]",
    unknown: (/** @type {string} */ q) => `Não há nenhum exercício "${q}". Experimenta um número, como 06.`,
    noServer: (/** @type {string} */ id, /** @type {string} */ list) => `O ${id} não constrói nenhum servidor para arrancar. Estes constroem: ${list}.`,
    notYet: (/** @type {string} */ path) => `Ainda não está escrito: ${path} ainda lança "not implemented". Escreve-o (npm run watch), ou experimenta a referência com --solution.`,
    failed: (/** @type {string} */ why) => `O servidor não arrancou: ${why}`,
    serving: (/** @type {string} */ title, /** @type {string} */ path, /** @type {string} */ where) => `${title}\n  código: ${path}\n  à escuta em ${where}`,
    tryIt: "Fala com ele a partir de outro terminal:",
    stop: "Ctrl-C para-o.",
    stopping: "A parar…",
    stoppingGracefully: (/** @type {boolean} */ solution) =>
      `A parar com elegância: ${solution ? "o shutdown() da solução de referência" : "o teu shutdown()"} deixa acabar os pedidos em curso (até ${grace} s) e depois força o resto. Ctrl-C outra vez para já.`,
    waiting: (/** @type {number} */ n) =>
      `À espera, até ${grace} s, que ${n === 1 ? "1 ligação aberta termine" : `${n} ligações abertas terminem`}; o nc mantém o seu lado aberto até carregares em Ctrl-D ou Ctrl-C no terminal dele.`,
    waitingClose: (/** @type {number} */ n) =>
      `À espera que ${n === 1 ? "1 ligação aberta termine" : `${n} ligações abertas terminem`}: o close() não aceita novas e espera por essas. Para o nc com Ctrl-C no terminal dele, ou carrega outra vez em Ctrl-C aqui para parar já.`,
    forced: "Parado de imediato (segundo Ctrl-C).",
    stopped: "Parado.",
  },
}[lang];
const tty = Boolean(process.stdout.isTTY && !process.env.NO_COLOR);
const bold = (/** @type {string} */ s) => (tty ? styleText("bold", s) : s);
/** In a terminal, long lines break between words, not where the terminal cuts them. @param {NodeJS.WriteStream} stream @param {string} line */
const fit = (stream, line) => (stream.isTTY ? fitToWidth(line, stream.columns) : line);
const say = (/** @type {string} */ line) => console.log(fit(process.stdout, line));

const exercise = exerciseOrExit(loadManifest(), positionals[0], text);
const entry = SERVE[exercise.id];
if (!entry) {
  console.error(fit(process.stderr, text.noServer(exercise.id, Object.keys(SERVE).map((id) => id.slice(0, 2)).join(", "))));
  process.exit(2);
}

const file = values.solution ? pathsOf(exercise.id).solution : pathsOf(exercise.id).stub;
// Vitest's module runner loads the TypeScript file as the tests do: whatever TypeScript passes the
// tests also serves (Node's own type stripping refuses enums and other syntax it cannot just erase).
const before = { SIGINT: process.listeners("SIGINT"), SIGTERM: process.listeners("SIGTERM") };
const vitest = await createVitest({ root: ROOT, watch: false, reporters: [{ onInit() {} }] });
const place = mkdtempSync(join(tmpdir(), "kata-serve-"));
const cleanUp = async () => {
  await vitest.close();
  rmSync(place, { recursive: true, force: true });
};

// Every connection the server accepts, so Ctrl-C can say what its shutdown waits for.
const connections = followConnections();
/** @type {import("./lib/serving.mjs").Serving} */
let serving;
try {
  /** @type {unknown} */
  const module = await vitest.import(join(ROOT, file));
  serving = await entry.start(module, { path: join(place, "kata.sock") });
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  console.error(fit(process.stderr, message.startsWith("not implemented:") ? text.notYet(file) : text.failed(message)));
  await cleanUp();
  process.exit(1);
}

const { where } = serving;
const shown = where.path ?? `${where.host?.includes(":") ? `[${where.host}]` : where.host}:${where.port}${where.udp ? " (UDP)" : ""}`;
say(bold(text.serving(`${exercise.id} — ${exercise.title[lang]}`, file, shown)));
say(`\n${text.tryIt}`);
for (const line of entry.try) say(`  ${fillTry(line, where)}`);
if (entry.note) say(entry.note[lang]);
say(`\n${text.stop}`);

// Vitest's own SIGINT handler exits 1 ms after the signal, before any graceful shutdown: take Ctrl-C back.
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
}

/** How long a plain server's close() may take before serve says it waits for open connections (words only, no verdict). */
const CLOSE_WAIT_SHOWN_MS = 300;

/** When the first Ctrl-C came; undefined until then. @type {number | undefined} */
let stoppingSince;
const stop = async () => {
  if (stoppingSince !== undefined) {
    // A terminal's Ctrl-C reaches npm and the server both, and npm passes its copy on: one press can arrive twice.
    if (performance.now() - stoppingSince < 500) return;
    say(`\n${text.forced}`); // on a line of its own, after the terminal's echo of ^C
    process.exit(130);
  }
  stoppingSince = performance.now();
  const open = connections.openAt(where.port);
  say(`\n${entry.graceful ? text.stoppingGracefully(Boolean(values.solution)) : text.stopping}`);
  // Said at once: a client that keeps its side open (nc does) holds the shutdown until the deadline.
  if (entry.graceful && open > 0) say(text.waiting(open));
  const stopping = serving.stop();
  // A plain server's close() waits for its open connections (Node's net.Server.close()), unless
  // the exercise's close() cuts them off (12's does): said once it is plain that it waits.
  if (!entry.graceful && open > 0) {
    const waits = setTimeout(() => {
      const still = connections.openAt(where.port);
      if (still > 0) say(text.waitingClose(still));
    }, CLOSE_WAIT_SHOWN_MS);
    stopping.finally(() => clearTimeout(waits)).catch(() => undefined);
  }
  await stopping;
  connections.stop();
  rmSync(place, { recursive: true, force: true });
  say(text.stopped);
  await vitest.close(); // last: Vitest may end the process once it has closed
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
