// `npm run new`: the skeleton of every file of a new exercise, so that the
// maintainer writes only the content. Every sentence the maintainer must
// still write holds PLACEHOLDER; verify names each one left, with its file
// and line, so a skeleton never passes for a finished exercise. The code
// itself works from the start: the test passes against the solution, fails
// "not implemented" against the stub, and the example mutant is caught.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { MESSAGES_PT, readMessages } from "./messages.mjs";
import { ROOT, loadManifest, pathsOf } from "./manifest.mjs";

/** What the skeleton leaves for the maintainer to write; verify lists every one left. */
export const PLACEHOLDER = "TODO(npm run new)";

/** Where the Portuguese test names live. */
export const NAMES_PT = "test/names.pt.json";

/** An id as `npm run new` takes it: the next number, a dash, lower-case words. */
export const ID_FORMAT = /^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The README heading of a server exercise's "Try it by hand" section, per language. */
export const TRY_HEADINGS = /** @type {const} */ ({ en: "## Try it by hand", pt: "## Experimenta à mão" });

/**
 * A TypeScript name from an id's words: "17-keep-alive" → "keepAlive".
 * @param {string} id
 */
export function nameOf(id) {
  const words = id.split("-").slice(1);
  const name = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return /^[a-z]/.test(name) ? name : `x${name}`;
}

/** @param {string} text */
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The code of the exercise: a server that greets each client (`server`),
 * or a function.
 * @param {string} id
 * @param {boolean} server
 */
function code(id, server) {
  const name = nameOf(id);
  const doc = `/**\n * ${PLACEHOLDER}: the contract, for learners: what ${server ? `start${capital(name)}()` : `${name}()`} does, returns and\n * rejects. This comment is their specification; stub and solution keep the same one.\n */`;
  if (!server) {
    const signature = `export function ${name}(who: string): string`;
    return {
      name,
      solution: `${doc}\n${signature} {\n  return \`hello, \${who}\`;\n}\n`,
      stub: `import { notImplemented } from "../not-implemented.ts";\n\n${doc}\n${signature} {\n  throw notImplemented(import.meta.url);\n}\n`,
      test: (/** @type {string} */ title) =>
        `import { describe, expect, it } from "vitest";\nimport { ${name} } from "#kata/${id}";\nimport { say } from "./support/index.ts";\n\n` +
        `describe("${id}: ${title}", () => {\n  // ${PLACEHOLDER}: a test for each promise of the README and each classic mistake, in the order of the task, each with a mutant in test/mutants/${id}/.\n` +
        `  it("${name}() greets whoever it is given", () => {\n    expect(${name}("you"), say\`what ${name}() returns\`).toBe("hello, you");\n  });\n});\n`,
      mistake: { from: "return `hello, ${who}`;", to: "return `hello ${who}`;", caughtBy: `${name}() greets whoever it is given` },
    };
  }
  const start = `start${capital(name)}`;
  const types = `export interface ${capital(name)}Server {\n  /** The address it listens on. */\n  readonly host: string;\n  /** The port the OS chose. */\n  readonly port: number;\n  /** Stop listening; resolves when the port is free. */\n  close(): Promise<void>;\n}\n\nexport interface ${capital(name)}Options {\n  /** Where to listen (default 127.0.0.1). */\n  host?: string;\n}\n`;
  const signature = `export async function ${start}(options: ${capital(name)}Options = {}): Promise<${capital(name)}Server>`;
  return {
    name: start,
    solution:
      `import net from "node:net";\nimport type { AddressInfo } from "node:net";\n\n${types}\n${doc}\n${signature} {\n` +
      `  const server = net.createServer((socket) => {\n    socket.on("error", () => socket.destroy()); // a client that resets costs only itself\n    socket.end("hello\\n");\n  });\n` +
      `  await new Promise<void>((resolve, reject) => {\n    server.once("error", reject);\n    server.listen(0, options.host ?? "127.0.0.1", () => {\n      server.off("error", reject);\n      resolve();\n    });\n  });\n` +
      `  const { address, port } = server.address() as AddressInfo;\n  return {\n    host: address,\n    port,\n    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),\n  };\n}\n`,
    stub: `import { notImplemented } from "../not-implemented.ts";\n\n${types}\n${doc}\n${signature} {\n  throw notImplemented(import.meta.url);\n}\n`,
    test: (/** @type {string} */ title) =>
      `import { describe, expect, it, onTestFinished } from "vitest";\nimport { ${start} } from "#kata/${id}";\nimport { openClient, say, within } from "./support/index.ts";\n\n` +
      `describe("${id}: ${title}", () => {\n  // ${PLACEHOLDER}: a test for each promise of the README and each classic mistake, in the order of the task, each with a mutant in test/mutants/${id}/.\n` +
      `  it("${start}() greets a client, then ends the connection", async () => {\n    const server = await within(say\`${start}() to resolve\`, ${start}());\n    onTestFinished(() => server.close());\n` +
      `    const client = await openClient(server.port);\n    await client.receiveEnd();\n    expect(client.text, say\`what \${client.label} got\`).toBe("hello\\n");\n  });\n});\n`,
    mistake: { from: 'socket.end("hello\\n");', to: 'socket.write("hello\\n");', caughtBy: `${start}() greets a client, then ends the connection` },
  };
}

/**
 * A one-hunk unified diff that replaces `from` with `to` in `solution`,
 * under the two header lines every mutant has.
 * @param {string} id
 * @param {string} file the mutant's name
 * @param {string} solution
 * @param {{ from: string, to: string, caughtBy: string }} mistake
 */
export function mutantDiff(id, file, solution, mistake) {
  const lines = solution.split("\n");
  const at = lines.findIndex((line) => line.includes(mistake.from));
  if (at === -1) throw new Error(`the solution has no ${mistake.from}`);
  const first = Math.max(0, at - 2);
  const last = Math.min(lines.length - 1, at + 2);
  const context = (/** @type {number} */ i) => ` ${lines[i]}`;
  const body = [];
  for (let i = first; i <= last; i += 1) {
    if (i === at) body.push(`-${lines[i]}`, `+${(lines[i] ?? "").replace(mistake.from, mistake.to)}`);
    else body.push(context(i));
  }
  const count = last - first + 1;
  return [
    `Mistake: ${PLACEHOLDER}: what this wrong solution does, one classic mistake (this example ${mistake.from.startsWith("socket") ? "never ends the connection" : "drops the comma"}).`,
    `Caught by: ${mistake.caughtBy}`,
    "",
    `--- ${pathsOf(id).solution}`,
    `+++ test/mutants/${id}/${file}`,
    `@@ -${first + 1},${count} +${first + 1},${count} @@`,
    ...body,
    "",
  ].join("\n");
}

/**
 * The two READMEs: the sections every exercise README has, in order, with
 * what to write in each.
 * @param {string} id
 * @param {{ en: string, pt: string }} title
 * @param {boolean} server
 */
function readmes(id, title, server) {
  const n = id.slice(0, 2);
  const todo = (/** @type {string} */ what) => [`${PLACEHOLDER}: ${what}`];
  const run = (/** @type {string} */ stuck) => ["```sh", `npm test -- ${n}`, "```", "", stuck];
  /** @type {{ en: string, pt: string, body: { en: string[], pt: string[] } }[]} */
  const sections = [
    { en: "## The idea", pt: "## A ideia", body: { en: todo("what this step of a socket program is for, in a few plain sentences."), pt: todo("para que serve este passo de um programa com sockets, em poucas frases simples.") } },
    { en: "## In POSIX, and in Node", pt: "## Em POSIX, e em Node", body: { en: todo("the POSIX call (man page section) and the Node API that makes it, exact for Linux and the supported Node versions."), pt: todo("a chamada POSIX (secção do man) e a API de Node que a faz.") } },
    { en: "## Your task", pt: "## A tarefa", body: { en: todo(`what to write in exercises/${id}/index.ts, export by export.`), pt: todo(`o que escrever em exercises/${id}/index.ts, export a export.`) } },
    ...(server
      ? [
          {
            ...TRY_HEADINGS,
            body: {
              en: ["Start your server (add `--solution` for the reference one); it prints where it listens:", "", "```sh", `npm run serve -- ${n}`, "```", "", ...todo("the nc or socat lines to talk to it, as tools/lib/serving.mjs gives them.")],
              pt: ["Arranca o teu servidor (junta `--solution` para o de referência); ele diz onde está à escuta:", "", "```sh", `npm run serve -- ${n}`, "```", "", ...todo("as linhas de nc ou socat para falar com ele.")],
            },
          },
        ]
      : []),
    { en: "## Run only this exercise", pt: "## Correr só este exercício", body: { en: run(`Stuck? \`npm run hint ${n}\` shows the next hint.`), pt: run(`Encravado? \`npm run hint ${n}\` mostra a próxima dica.`) } },
    { en: "## What the tests catch", pt: "## O que os testes apanham", body: { en: todo("the classic mistakes, one line each, as the tests name them."), pt: todo("os erros clássicos, um por linha, como os testes os nomeiam.") } },
    {
      en: "## The big picture",
      pt: "## Visão de conjunto",
      body: {
        en: ["Where this step fits among the others, the calls in the order a program", "makes them, and the errors you may meet: [the sockets primer](../../docs/sockets.md)."],
        pt: ["Onde este passo encaixa entre os outros, as chamadas pela ordem em que um", "programa as faz, e os erros que podes encontrar: [a introdução aos", "sockets](../../docs/sockets.pt.md)."],
      },
    },
  ];
  const write = (/** @type {"en" | "pt"} */ lang) => [`# ${n} — ${title[lang]}`, "", ...sections.flatMap((section) => [section[lang], "", ...section.body[lang], ""])].join("\n");
  return { en: write("en"), pt: write("pt") };
}

/**
 * Write the skeleton of exercise `id` into the kata at `root`: stub,
 * solution, test, both READMEs, an example mutant, its kata.json entry and
 * the Portuguese of its test names and messages (as placeholders).
 * Refuses an id out of order or a file that exists already.
 * @param {{ id: string, title: string, titlePt?: string, points?: number, server?: boolean, root?: string }} options
 * @returns {{ written: string[], problems: string[] }} the paths written, or why nothing was
 */
export function scaffold({ id, title, titlePt, points = 10, server = false, root = ROOT }) {
  const manifest = loadManifest(root);
  const next = String(manifest.exercises.length + 1).padStart(2, "0");
  if (!ID_FORMAT.test(id)) return { written: [], problems: [`${id}: an id is NN-name in lower case, e.g. ${next}-keep-alive`] };
  if (!id.startsWith(`${next}-`)) return { written: [], problems: [`${id}: the next exercise is number ${next} (kata.json has ${manifest.exercises.length})`] };
  if (title.trim() === "") return { written: [], problems: ["the title is empty"] };
  const paths = pathsOf(id);
  const mutant = `test/mutants/${id}/first-mistake.diff`;
  const taken = [paths.stub, paths.solution, paths.test, paths.readme, paths.readmePt, `test/mutants/${id}`].filter((p) => existsSync(join(root, p)));
  if (taken.length > 0) return { written: [], problems: taken.map((p) => `${p} exists already: nothing written`) };

  const ptTitle = titlePt?.trim() || `${PLACEHOLDER}: ${title}`;
  const made = code(id, server);
  const docs = readmes(id, { en: title, pt: ptTitle }, server);
  const test = made.test(title);
  /** @type {[string, string][]} */
  const files = [
    [paths.stub, made.stub],
    [paths.solution, made.solution],
    [paths.test, test],
    [paths.readme, docs.en],
    [paths.readmePt, docs.pt],
    [mutant, mutantDiff(id, "first-mistake", made.solution, made.mistake)],
  ];
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }

  /** @type {import("./manifest.mjs").Exercise} */
  const entry = {
    id,
    title: { en: title, pt: ptTitle },
    points,
    hints: { en: [`${PLACEHOLDER}: a nudge, then hints that come nearer, the last an almost-answer.`], pt: [`${PLACEHOLDER}: um empurrão, depois dicas cada vez mais perto, a última quase a resposta.`] },
    ...(server ? { server: true } : {}),
  };
  writeFileSync(join(root, "kata.json"), `${JSON.stringify({ ...manifest, exercises: [...manifest.exercises, entry] }, null, 2)}\n`);

  // The Portuguese of the new test names and messages, as placeholders the maintainer translates.
  const names = Object.fromEntries([...test.matchAll(/\bit\("([^"]+)"/g)].map((m) => [m[1] ?? "", `${PLACEHOLDER}: ${m[1]}`]));
  const messages = Object.fromEntries(readMessages(paths.test, test).keys.map((k) => [k.key, `${PLACEHOLDER}: ${k.key}`]));
  for (const [path, added] of /** @type {const} */ ([[NAMES_PT, names], [MESSAGES_PT, messages]])) {
    const full = join(root, path);
    /** @type {Record<string, string>} */
    const catalogue = existsSync(full) ? /** @type {Record<string, string>} */ (JSON.parse(readFileSync(full, "utf8"))) : {};
    const missing = Object.entries(added).filter(([key]) => !(key in catalogue));
    writeFileSync(full, `${JSON.stringify({ ...catalogue, ...Object.fromEntries(missing) }, null, 2)}\n`);
  }
  return { written: [...files.map(([path]) => path), "kata.json", NAMES_PT, MESSAGES_PT], problems: [] };
}
