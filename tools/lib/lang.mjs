// Learner-facing tools speak English or Portuguese: --lang wins, then
// LC_ALL, LC_MESSAGES and LANG (a value starting with "pt" means Portuguese).

/**
 * @param {string | undefined} flag the --lang option, if given
 * @returns {"en" | "pt"}
 */
export function pickLang(flag) {
  // An empty variable counts as unset, as POSIX says.
  const chosen = flag ?? (process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || "");
  return chosen.toLowerCase().startsWith("pt") ? "pt" : "en";
}
