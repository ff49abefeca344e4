// The terminal the tools' tests give watch, ui and serve: util-linux
// script(1), which runs a command on a pseudo-terminal, where Ctrl-C is a key
// before it is a signal and the screen has a width.
import { execFileSync } from "node:child_process";

/** Whether util-linux script(1) is here (BSD script on macOS has other flags, and refuses --version). */
export const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore", timeout: 5_000 });
    return process.platform === "linux";
  } catch {
    return false;
  }
})();

/**
 * script(1)'s arguments and environment to run `argv` in a terminal, of
 * `columns` × `rows` when columns is given (else script's own size, which
 * tools read as 80 columns). script runs the command with `$SHELL -c`:
 * SHELL=/bin/sh makes it the same shell on every machine, and `exec` leaves
 * no shell waiting between (dash, when Ctrl-C comes while it waits for a
 * command, exits 130 itself once the command ends, and `script -e` would
 * report that instead of the tool's own exit code).
 * @param {string[]} argv
 * @param {{ columns?: number, rows?: number }} [size]
 * @returns {{ args: string[], env: Record<string, string> }}
 */
export function inTerminal(argv, { columns = 0, rows = 30 } = {}) {
  const command = `exec ${argv.map((a) => `'${a}'`).join(" ")}`;
  return { args: ["-qfec", columns > 0 ? `stty cols ${columns} rows ${rows}; ${command}` : command, "/dev/null"], env: { SHELL: "/bin/sh" } };
}
