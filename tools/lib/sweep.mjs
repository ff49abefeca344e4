// No process a learner's code starts may outlive the run that started it: a
// detached `sleep 600` would survive every grading run, and one that holds a
// pipe of Vitest's worker keeps `npm test` from ever ending. Each run marks
// its environment with an id that every process it starts inherits (a
// detached child too, a new session too); the sweep finds them all by that
// mark and kills them. Linux reads /proc; macOS and the BSDs ask ps for
// environments; Windows is left alone (no such sweep there).
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";

export const RUN_MARK = "KATA_RUN_ID";

/**
 * Give `env` (process.env by default: the Vitest workers the tools start inherit it) a fresh run id.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function markRun(env = process.env) {
  const id = randomUUID();
  env[RUN_MARK] = id;
  return id;
}

/**
 * The processes whose environment carries this run's mark, with their parents.
 * @param {string} id
 * @returns {{ pid: number, ppid: number }[]}
 */
export function marked(id) {
  const needle = `${RUN_MARK}=${id}`;
  if (process.platform === "linux") {
    /** @type {{ pid: number, ppid: number }[]} */
    const found = [];
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (!readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(needle)) continue;
        const ppid = Number(/^PPid:\s*(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, "latin1"))?.[1] ?? 0);
        found.push({ pid: Number(entry), ppid });
      } catch {
        // gone, or not ours to read
      }
    }
    return found;
  }
  if (process.platform === "win32") return [];
  try {
    const table = execFileSync("ps", ["-A", "-wwE", "-o", "pid=,ppid=,command="], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return table
      .split("\n")
      .filter((line) => line.includes(needle))
      .map((line) => line.trim().split(/\s+/).map(Number))
      .map(([pid = 0, ppid = 0]) => ({ pid, ppid }));
  } catch {
    return [];
  }
}

/**
 * Kill (SIGKILL) every process of this run but `spare` and this process.
 * With `spareChildren`, this process's own children (Vitest's workers,
 * which the runner still needs) are spared too: only what they started goes.
 * Returns how many were killed.
 * @param {string} id
 * @param {{ spareChildren?: boolean }} [options]
 */
export function sweep(id, { spareChildren = false } = {}) {
  let killed = 0;
  for (const { pid, ppid } of marked(id)) {
    if (pid === process.pid || (spareChildren && ppid === process.pid)) continue;
    try {
      process.kill(pid, "SIGKILL");
      killed += 1;
    } catch {
      // gone already
    }
  }
  return killed;
}

/** @type {string[] | undefined} */
let containment;

/**
 * How to start a process so that nothing it starts can outlive it: on Linux,
 * in a PID namespace of its own (util-linux `unshare`; as an unprivileged user
 * inside a user namespace that maps only that user), where every process,
 * detached, in a new session or with a cleared environment, dies with the
 * namespace's first process. Empty when this machine cannot (no unshare, user
 * namespaces refused, not Linux): the run mark's sweep is then all there is.
 * @returns {string[]} the words to put before the command
 */
export function containmentPrefix() {
  if (containment) return containment;
  containment = [];
  if (process.platform !== "linux") return containment;
  const base = ["--pid", "--fork", "--kill-child", "--mount-proc"];
  const candidates = process.getuid?.() === 0 ? [base] : [["--user", "--map-current-user", ...base], ["--user", "--map-root-user", ...base]];
  for (const flags of candidates) {
    const probe = spawnSync("unshare", [...flags, "true"], { stdio: "ignore", timeout: 10_000 });
    if (probe.status === 0) {
      containment = ["unshare", ...flags];
      break;
    }
  }
  return containment;
}
