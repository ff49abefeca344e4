// One exercise's tests, in a process of its own, for `npm run grade`: a
// learner's code that calls process.exit, never finishes or kills its
// worker costs that exercise only. Prints the result as one JSON line.
//
//   node tools/lib/grade-one.mjs <root> <id> <junit file>
import { createVitest } from "vitest/node";
import { resultOf } from "./kata.mjs";
import { RUN_MARK, markRun, sweep } from "./sweep.mjs";

const [root, id, junit] = process.argv.slice(2);
if (!root || !id || !junit) {
  console.error("usage: grade-one.mjs <root> <id> <junit file>");
  process.exit(2);
}
// The grader marks this process (or we do): whatever the learner's code starts carries the mark.
const runId = process.env[RUN_MARK] ?? markRun();
const vitest = await createVitest({
  root,
  mode: "exercises",
  watch: false,
  allowOnly: false,
  // No transformed module from a cache in node_modules, which any code run before could have written.
  fsModuleCache: false,
  reporters: [["junit", { suiteName: id }]],
  outputFile: { junit },
});
await vitest.standalone(); // sets up the reporters (JUnit) without running anything
const run = await vitest.runTestSpecifications(await vitest.globTestSpecifications([`test/${id}.test.ts`]));
const result = resultOf(id, run.testModules[0], run.unhandledErrors);
process.stdout.write(`${JSON.stringify(result)}\n`);
sweep(runId, { spareChildren: true }); // what the learner's code left running, before close() waits on it
// close() waits on the workers' pipes, which a child of the learner's code that the sweep cannot find
// (its environment cleared) may hold: the result is out already, so it gets a few seconds, then we go.
await Promise.race([vitest.close(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
sweep(runId);
process.exit(0);
