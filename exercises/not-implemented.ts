import { fileURLToPath } from "node:url";

/**
 * What every stub throws until you write it. Its message names the file to
 * open, e.g. "not implemented: exercises/03-listen/index.ts".
 */
export class NotImplementedError extends Error {
  override name = "NotImplementedError";
  readonly file: string;

  constructor(file: string) {
    super(`not implemented: ${file}`);
    this.file = file;
  }
}

/**
 * Build the error for the stub whose `import.meta.url` is given. Use it as
 * `throw notImplemented(import.meta.url);`, then replace that line with your code.
 */
export function notImplemented(moduleUrl: string): NotImplementedError {
  const path = fileURLToPath(moduleUrl).replaceAll("\\", "/");
  const at = path.lastIndexOf("/exercises/");
  return new NotImplementedError(at === -1 ? path : path.slice(at + 1));
}
