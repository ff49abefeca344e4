#!/usr/bin/env node
// npm run trace -- <id>: run one exercise's tests under strace (Linux) and
// show the system calls behind your Node code, socket by socket: socket,
// bind, listen, accept, connect, send, receive, shutdown, close, with their
// addresses and results, and who made each socket (your code or the test's).
//
//   npm run trace -- 03                 your exercises/03-listen
//   npm run trace -- 07 --solution      the reference solution instead
//   npm run trace -- 07 --compare       yours beside the reference: the tests where the calls differ
//   npm run trace -- 07 --test "FIN"    only the tests whose name contains FIN
//   --all                               also every call of the test's own sockets
//   --lang pt | en                      language (default: from LANG / LC_ALL)
//
// Needs strace (Linux only): `sudo apt-get install strace`, or the
// devcontainer. Exit 2 when it is missing or not allowed to trace.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pickLang } from "./lib/lang.mjs";
import { ROOT, exerciseOrExit, loadManifest } from "./lib/manifest.mjs";
import { followSockets, parseStrace, renderComparison, renderTrace, straceArgs } from "./lib/trace.mjs";
import { parseCommand } from "./lib/args.mjs";

const { values, positionals } = parseCommand({
  allowPositionals: true,
  options: { solution: { type: "boolean" }, compare: { type: "boolean" }, test: { type: "string" }, all: { type: "boolean" }, lang: { type: "string" } },
});
const lang = pickLang(values.lang);
const text = {
  en: {
    usage: "Usage: npm run trace -- <exercise number> [--solution | --compare] [--test \"<part of a test name>\"] [--all]",
    unknown: (/** @type {string} */ q) => `No exercise "${q}". Try a number such as 03.`,
    notLinux: (/** @type {string} */ os) => `npm run trace needs strace, which runs on Linux only (this is ${os}): open the kata in its devcontainer, or on a Linux machine.`,
    missing: "npm run trace needs strace, which is not installed: sudo apt-get install strace (Debian, Ubuntu), or open the kata in its devcontainer.",
    refused: (/** @type {string} */ why) => `strace is installed but may not trace here (${why}). A container may forbid ptrace: start it with --cap-add=SYS_PTRACE --security-opt seccomp=unconfined, as the devcontainer does.`,
    running: (/** @type {string} */ title, /** @type {string} */ file) => `${title}: running its tests under strace (${file})…`,
    failedTests: "Some of these tests failed: npm test -- NN says why. The calls below are what the code did anyway.",
    notes: (/** @type {string} */ id) => `Your code's sockets come with every call; the test's own sockets take one line (--all shows them). Beside the reference: npm run trace -- ${id} --compare`,
  },
  pt: {
    usage: "Uso: npm run trace -- <número do exercício> [--solution | --compare] [--test \"<parte do nome de um teste>\"] [--all]",
    unknown: (/** @type {string} */ q) => `Não há nenhum exercício "${q}". Experimenta um número, como 03.`,
    notLinux: (/** @type {string} */ os) => `O npm run trace precisa do strace, que só corre em Linux (isto é ${os}): abre o kata no seu devcontainer, ou numa máquina Linux.`,
    missing: "O npm run trace precisa do strace, que não está instalado: sudo apt-get install strace (Debian, Ubuntu), ou abre o kata no seu devcontainer.",
    refused: (/** @type {string} */ why) => `O strace está instalado mas não pode seguir processos aqui (${why}). Um contentor pode proibir o ptrace: arranca-o com --cap-add=SYS_PTRACE --security-opt seccomp=unconfined, como faz o devcontainer.`,
    running: (/** @type {string} */ title, /** @type {string} */ file) => `${title}: a correr os testes sob o strace (${file})…`,
    failedTests: "Alguns destes testes falharam: o npm test -- NN diz porquê. As chamadas abaixo são o que o código fez mesmo assim.",
    notes: (/** @type {string} */ id) => `Os sockets do teu código vêm com todas as chamadas; os do próprio teste ocupam uma linha (--all mostra-os). Ao lado da referência: npm run trace -- ${id} --compare`,
  },
}[lang];

const exercise = exerciseOrExit(loadManifest(), positionals[0], text);

if (process.platform !== "linux") {
  console.error(text.notLinux(process.platform));
  process.exit(2);
}
// Can strace run, and may it trace a child here? (ptrace may be refused: seccomp, a missing capability, Yama.)
const probe = spawnSync("strace", ["-f", "-qq", "-o", "/dev/null", "--", process.execPath, "-e", "0"], { encoding: "utf8" });
if (probe.error) {
  console.error(/** @type {NodeJS.ErrnoException} */ (probe.error).code === "ENOENT" ? text.missing : text.refused(probe.error.message));
  process.exit(2);
}
if (probe.status !== 0) {
  console.error(text.refused(probe.stderr.trim().split("\n")[0] ?? `exit ${probe.status}`));
  process.exit(2);
}

const file = `test/${exercise.id}.test.ts`;
const nn = exercise.id.slice(0, 2);

/**
 * Run the exercise's tests under strace against one target; the tests as followed, and whether they all passed.
 * @param {"exercises" | "solutions"} target
 */
async function traceTests(target) {
  const place = mkdtempSync(join(tmpdir(), "kata-trace-"));
  const out = join(place, "strace.txt");
  const vitestArgs = [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", file, "--mode", target, "--reporter", "dot"];
  if (values.test !== undefined) vitestArgs.push("--testNamePattern", values.test.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  console.log(text.running(`${exercise.id} — ${exercise.title[lang]}`, `${target}/${exercise.id}`));
  /** @type {number | null} */
  const status = await new Promise((resolve) => {
    const child = spawn("strace", [...straceArgs(out), "--", process.execPath, ...vitestArgs], {
      cwd: ROOT,
      env: { ...process.env, KATA_TRACE: "1", KATA_LANG: lang },
      stdio: "ignore",
    });
    child.on("close", (code) => resolve(code));
    child.on("error", () => resolve(-1));
  });
  try {
    return { tests: followSockets(parseStrace(readFileSync(out, "utf8"))), passed: status === 0 };
  } finally {
    rmSync(place, { recursive: true, force: true });
  }
}

if (values.compare) {
  const yours = await traceTests("exercises");
  const reference = await traceTests("solutions");
  console.log(renderComparison(yours.tests, reference.tests, { lang }));
} else {
  const { tests, passed } = await traceTests(values.solution ? "solutions" : "exercises");
  if (!passed) console.log(text.failedTests.replace("NN", nn));
  console.log(renderTrace(tests, { lang, all: values.all ?? false }));
  console.log(`\n${text.notes(nn)}`);
}
