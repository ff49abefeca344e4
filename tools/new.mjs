#!/usr/bin/env node
// npm run new -- NN-name "Title": the skeleton of a new exercise, then
// npm run sync. Writes the stub, the solution, the test, README.md and
// README.pt.md, an example mutant in test/mutants/NN-name/, its kata.json
// entry and placeholders for the Portuguese of its test names and messages.
// The code works from the start (the test passes against the solution and
// fails "not implemented" against the stub); every text you must still
// write says TODO(npm run new), and npm run verify names each one left.
//
//   npm run new -- 17-keep-alive "Keep-alive"             a function to write
//   npm run new -- 17-keep-alive "Keep-alive" --server    a TCP server (kata.json "server": true;
//                                                         add its entry to tools/lib/serving.mjs)
//   --pt "Título"     the Portuguese title (default: a placeholder)
//   --points N        its points (default 10)
//   --root DIR        the kata in DIR (default: this one)
import { resolve } from "node:path";
import { parseCommand, usage } from "./lib/args.mjs";
import { ROOT } from "./lib/manifest.mjs";
import { PLACEHOLDER, scaffold } from "./lib/scaffold.mjs";
import { syncDerived } from "./lib/sync.mjs";

const { values, positionals } = parseCommand({
  allowPositionals: true,
  options: { pt: { type: "string" }, points: { type: "string" }, server: { type: "boolean" }, root: { type: "string" } },
});
const [id, title, ...rest] = positionals;
const points = Number(values.points ?? "10");
if (id === undefined || title === undefined || rest.length > 0 || !Number.isInteger(points) || points <= 0) {
  console.error(`${id === undefined || title === undefined ? "an id and a title, please" : rest.length > 0 ? `one id and one title, not ${positionals.length} words (quote the title)` : "--points takes a whole number above 0"}\n\n${usage()}`);
  process.exit(2);
}
const root = resolve(values.root ?? ROOT);
const { written, problems } = scaffold({ id, title, titlePt: values.pt, points, server: values.server, root });
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(2);
}
for (const path of written) console.log(`wrote ${path}`);
const synced = syncDerived({ root });
for (const path of synced.changed) console.log(`updated ${path}`);
for (const problem of synced.problems) console.error(problem);
console.log(`
Now write the content: every "${PLACEHOLDER}" (npm run verify lists each one left), then
  - name ${id} in docs/sockets.md and docs/sockets.pt.md;${values.server ? `\n  - add "${id}" to tools/lib/serving.mjs (how npm run serve -- ${id.slice(0, 2)} starts it, and its nc/socat lines);` : ""}
  - npm run sync after changing kata.json or the tests, then npm run verify.`);
