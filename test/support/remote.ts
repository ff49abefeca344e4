/**
 * The learner's code in a process of its own (on when KATA_ISOLATE=1, as
 * `npm run grade` runs): nothing that code does can reach the tests, their
 * expect()s or Vitest's reporting, which stay in this process.
 *
 * vitest.config.ts then resolves `#kata/<id>` to a module that asks
 * `learnerModule()` for each export. Values come back as copies (numbers,
 * strings, Buffers, arrays, errors) or as stand-ins: a Proxy for each object
 * and function of the learner's, which reads a property or calls a method
 * over there and waits for the answer. Reads and sync calls wait in
 * Atomics.wait while a worker thread (host/relay.mjs) carries the messages;
 * promises settle later, as they would here. See CONTRIBUTING.md, "Grading
 * integrity".
 */
import { fileURLToPath } from "node:url";
import { Endpoint } from "./host/endpoint.mjs";
import { say } from "./say.ts";

/** Whether the code under test runs in a process of its own. */
export const ISOLATED = process.env.KATA_ISOLATE === "1";

/**
 * How long a property read or a sync call of the learner's code may take
 * before it counts as an endless loop. Generous: sync code in these
 * exercises takes microseconds, and a deadline only turns a hang into a
 * failure.
 */
const SYNC_LIMIT_MS = 4_000;
/** How long the learner's module may take to load (its imports, its top-level code). */
const LOAD_LIMIT_MS = 15_000;

/** The learner's process, and the way to it. */
class LearnerProcess {
  private readonly endpoint: Endpoint;

  constructor(root: string) {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    delete env.KATA_ISOLATE; // over there, the code runs where it is
    this.endpoint = new Endpoint({
      trusting: false,
      limitMs: SYNC_LIMIT_MS,
      timeoutText: (ms: number) => say`the code under test did not return within ${ms / 1000} s (an endless loop?); its process was stopped`,
      spawn: { entry: fileURLToPath(new URL("./host/child.mjs", import.meta.url)), execArgv: [], env, cwd: root },
      notice: (message: { k: string; fd?: number; data?: Uint8Array; value?: unknown; why?: string; code?: number | null; signal?: string | null; message?: string }) => {
        if (message.k === "output") {
          (message.fd === 2 ? process.stderr : process.stdout).write(message.data ?? new Uint8Array());
        } else if (message.k === "uncaught") {
          // Escaped over there: escape here too, in the test that is running, as it would in one process.
          const err = this.endpoint.wire.decode(message.value);
          setImmediate(() => {
            throw err;
          });
        } else if (message.k === "gone") {
          this.endpoint.gone = message.why === "spawn" ? say`the learner's process could not start: ${message.message ?? ""}` : exitText(message);
        }
      },
    });
  }

  /** Import the learner's module over there; resolves with a stand-in for its namespace. */
  load(file: string): Promise<Record<string, unknown>> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const why = say`loading ${file} took over ${LOAD_LIMIT_MS / 1000} s: an endless loop at import time?`;
        this.stop(why);
        reject(new Error(why));
      }, LOAD_LIMIT_MS);
    });
    return Promise.race([this.endpoint.askLater("load", { file }), limit]).finally(() => clearTimeout(timer)) as Promise<Record<string, unknown>>;
  }

  /** Run one of the learner's process's own operations (host/ops.ts). */
  host(name: string, ...args: unknown[]): unknown {
    return this.endpoint.ask("host", { name, args: args.map((arg) => this.endpoint.wire.encode(arg)) });
  }

  stop(why: string): void {
    this.endpoint.stop(why);
    if (current === this) current = undefined;
  }
}

/** @param {{ code?: number | null, signal?: string | null }} exit */
function exitText(exit: { code?: number | null; signal?: string | null }): string {
  return exit.signal ? say`the learner's process was ended by ${exit.signal}` : say`the learner's process exited with code ${String(exit.code)} (a process.exit() in the code under test?)`;
}

let current: LearnerProcess | undefined;

/**
 * Resolves once what the code under test has already done has reached this
 * process: a promise it has settled by now is settled here too. In one
 * process, a turn of the event loop; under isolation, a round trip to the
 * learner's process first (messages arrive in order).
 */
export async function caughtUp(): Promise<void> {
  current?.host("ping");
  await new Promise((resolve) => setImmediate(resolve));
}

/** The learner's process of this test file, once its module is loaded. */
export function learner(): LearnerProcess | undefined {
  return current;
}

/**
 * Load the learner's module `file` in a process of its own; resolves with
 * stand-ins for its exports. One process per test file: the previous one
 * is stopped.
 */
export async function learnerModule(root: string, file: string): Promise<Record<string, unknown>> {
  current?.stop(say`a later test file's learner process replaced this one`);
  current = new LearnerProcess(root);
  return current.load(file);
}
