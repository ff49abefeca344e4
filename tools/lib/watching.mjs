// How npm run watch sees a save. File events (inotify, FSEvents) where they
// work; where they never arrive (WSL2 with the kata on the Windows drive,
// network file systems, some container mounts) it polls: every half second
// it compares each exercise file's size and modification time. Or neither:
// the learner presses r.
import { readFileSync, readdirSync, realpathSync, statSync, statfsSync, watch } from "node:fs";
import { join, sep } from "node:path";

/** How often polling looks at the files. */
export const POLL_MS = 500;

/**
 * File systems whose changes no file event reports, by statfs(2) magic
 * number (linux/magic.h): NFS, SMB/CIFS, 9p (WSL2's /mnt/c), FUSE (sshfs,
 * Docker Desktop's mounts), virtiofs, AFS, Ceph.
 * @type {Record<number, string>}
 */
const REMOTE = {
  0x6969: "NFS",
  0x517b: "SMB",
  0xff534d42: "CIFS",
  0xfe534d42: "SMB2",
  0x01021997: "9p",
  0x65735546: "FUSE",
  0x6a656a63: "virtiofs",
  0x5346414f: "AFS",
  0x00c36400: "Ceph",
};

/**
 * Why polling is needed for this directory, or undefined when file events work.
 * @param {string} dir
 * @param {{ env?: NodeJS.ProcessEnv, procVersion?: string, fsType?: number, realDir?: string }} [seen]
 *   what the machine says (read from it when not given: the tools' tests give it)
 */
export function pollReason(dir, seen = {}) {
  const env = seen.env ?? process.env;
  const realDir = seen.realDir ?? safe(() => realpathSync(dir), dir);
  const procVersion = seen.procVersion ?? (process.platform === "linux" ? safe(() => readFileSync("/proc/version", "utf8"), "") : "");
  const wsl = Boolean(env.WSL_DISTRO_NAME || env.WSL_INTEROP) || /microsoft|wsl/i.test(procVersion);
  if (wsl && /^\/mnt\/[a-z](\/|$)/i.test(realDir)) return "WSL, Windows drive";
  const type = seen.fsType ?? safe(() => statfsSync(dir).type, 0);
  const remote = REMOTE[type];
  return remote ? `${remote} file system` : undefined;
}

/**
 * @template T
 * @param {() => T} read
 * @param {T} otherwise
 */
function safe(read, otherwise) {
  try {
    return read();
  } catch {
    return otherwise;
  }
}

/**
 * Size and modification time of every file in each exercise's folder.
 * @param {string} exercisesDir
 * @returns {Map<string, string>} path relative to exercisesDir → "mtime:size"
 */
export function snapshot(exercisesDir) {
  /** @type {Map<string, string>} */
  const files = new Map();
  for (const id of safe(() => readdirSync(exercisesDir), /** @type {string[]} */ ([]))) {
    for (const name of safe(() => readdirSync(join(exercisesDir, id)), /** @type {string[]} */ ([]))) {
      const stat = safe(() => statSync(join(exercisesDir, id, name)), undefined);
      if (stat?.isFile()) files.set(`${id}${sep}${name}`, `${stat.mtimeMs}:${stat.size}`);
    }
  }
  return files;
}

/**
 * The files that differ between two snapshots (changed, added or removed).
 * @param {Map<string, string>} before
 * @param {Map<string, string>} after
 */
export function changedFiles(before, after) {
  return [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f));
}

/**
 * Call `onChange` with a file's path (relative to exercisesDir: "03-listen/index.ts")
 * each time one changes. Returns how it watches, and a way to stop.
 * @param {string} exercisesDir
 * @param {"events" | "poll" | "manual"} mode
 * @param {(file: string) => void} onChange
 * @param {(err: Error) => void} onError
 * @param {number} [pollMs]
 */
export function watchExercises(exercisesDir, mode, onChange, onError, pollMs = POLL_MS) {
  if (mode === "manual") return { close() {} };
  if (mode === "poll") {
    let last = snapshot(exercisesDir);
    const timer = setInterval(() => {
      const now = snapshot(exercisesDir);
      const changed = changedFiles(last, now);
      last = now;
      for (const file of changed) onChange(file);
    }, pollMs);
    return { close: () => clearInterval(timer) };
  }
  const watcher = watch(exercisesDir, { recursive: true }, (_event, file) => {
    if (file) onChange(String(file));
  });
  watcher.on("error", onError);
  return { close: () => watcher.close() };
}
