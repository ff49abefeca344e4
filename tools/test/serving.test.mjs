// `npm run serve`: every entry starts the reference solution's server, which
// accepts a connection (or a datagram) where the entry says, and stops.
import assert from "node:assert/strict";
import { execFile, execFileSync, spawn } from "node:child_process";
import dgram from "node:dgram";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { createVitest } from "vitest/node";
import { ROOT, loadManifest, pathsOf } from "../lib/manifest.mjs";
import { TRY_HEADINGS } from "../lib/scaffold.mjs";
import { SERVE, fillTry } from "../lib/serving.mjs";
import { hasScript, inTerminal } from "./terminal.mjs";

/** @type {import("vitest/node").Vitest} */
let vitest;
const place = mkdtempSync(join(tmpdir(), "kata-serve-test-"));

/**
 * @param {import("../lib/serving.mjs").Where} where
 * @returns {Promise<string>}
 */
function reach(where) {
  if (where.udp) {
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket("udp4");
      socket.once("message", (msg) => {
        socket.close();
        resolve(String(msg));
      });
      socket.once("error", reject);
      socket.send("ping", where.port ?? 0, where.host);
    });
  }
  return new Promise((resolve, reject) => {
    const socket = where.path ? net.connect(where.path) : net.connect(where.port ?? 0, where.host);
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", reject);
  });
}

const skip = existsSync(join(ROOT, "solutions")) ? false : "a hand-out copy has no reference servers to start";

describe("npm run serve", { skip }, () => {
  before(async () => {
    vitest = await createVitest({ root: ROOT, watch: false, reporters: [{ onInit() {} }] });
  });
  after(async () => {
    await vitest.close();
    rmSync(place, { recursive: true, force: true });
  });

  it("knows only exercises of the manifest", () => {
    const ids = new Set(loadManifest().exercises.map((e) => e.id));
    assert.deepEqual(Object.keys(SERVE).filter((id) => !ids.has(id)), []);
  });

  for (const [id, entry] of Object.entries(SERVE)) {
    it(`starts ${id}'s reference server, which answers where it says, and stops it`, async () => {
      /** @type {unknown} */
      const module = await vitest.import(join(ROOT, pathsOf(id).solution));
      const serving = await entry.start(module, { path: join(place, `${id}.sock`) });
      try {
        const answer = await reach(serving.where);
        assert.ok(answer === "connected" || answer === "ping", `reaching ${JSON.stringify(serving.where)} gave ${String(answer)}`);
        // Each try-line names only what this server has: a path for a Unix socket, a host and port otherwise.
        for (const line of entry.try) {
          for (const [placeholder, value] of /** @type {const} */ ([["{host}", serving.where.host], ["{port}", serving.where.port], ["{path}", serving.where.path]])) {
            if (line.includes(placeholder)) assert.ok(value !== undefined && value !== "", `"${line}" names ${placeholder}, which ${JSON.stringify(serving.where)} lacks`);
          }
          assert.doesNotMatch(fillTry(line, serving.where), /\{\w+\}/);
        }
      } finally {
        await serving.stop();
      }
    });
  }
});

describe("the READMEs' 'Try it by hand' sections", () => {
  for (const [id, entry] of Object.entries(SERVE)) {
    for (const [lang, path] of /** @type {const} */ ([["en", pathsOf(id).readme], ["pt", pathsOf(id).readmePt]])) {
      it(`${path} shows what npm run serve -- ${id.slice(0, 2)} prints under its nc lines, and says each thing once`, () => {
        const readme = readFileSync(join(ROOT, path), "utf8");
        const section = readme.split(`\n${TRY_HEADINGS[lang]}\n`)[1]?.split(/\n## /)[0] ?? "";
        assert.ok(section, `${path} has no "${TRY_HEADINGS[lang]}" section`);
        if (entry.note) assert.equal(section.split(entry.note[lang]).length - 1, 1, `${path}: "${entry.note[lang]}" (what npm run serve prints) once in "${TRY_HEADINGS[lang]}"`);
        // A clause of four words or more said twice (outside the commands) is a repetition.
        const clauses = section.replace(/```[\s\S]*?```/g, "").split(/[.;:]\s+|\n/).map((c) => c.trim().toLowerCase()).filter((c) => c.split(/\s+/).length >= 4);
        assert.deepEqual(clauses.filter((c, i) => clauses.indexOf(c) !== i), [], `${path}: said twice in "${TRY_HEADINGS[lang]}"`);
      });
    }
  }
});

describe("Ctrl-C on npm run serve -- 15", { skip }, () => {
  /**
   * Start the tool on 15's reference, send one request (3 s of work), then SIGINT it as Ctrl-C does.
   * @param {number[]} presses when to send each SIGINT, in ms after the server took the request
   */
  async function serveAndInterrupt(presses) {
    const child = spawn(process.execPath, [join(ROOT, "tools", "serve.mjs"), "15", "--solution", "--lang", "en"], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    child.stdout.on("data", (chunk) => (out += String(chunk)));
    /** @type {Promise<number | null>} */
    const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    /** @type {number} */
    const port = await new Promise((resolve, reject) => {
      const seen = () => {
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      };
      child.stdout.on("data", seen);
      child.once("exit", () => reject(new Error(`serve ended before listening:\n${out}`)));
    });
    const client = net.connect(Number(port), "127.0.0.1");
    let answer = "";
    client.on("data", (chunk) => (answer += String(chunk)));
    client.on("error", () => {});
    const closed = new Promise((resolve) => client.once("close", resolve));
    await new Promise((resolve) => client.once("connect", resolve));
    client.write("job\n");
    // The request is in flight once the tool logs it: press then (and again `presses` ms later).
    await new Promise((resolve) => {
      const busy = () => /→ "job" \(3 s\)/.test(out) && resolve(undefined);
      busy();
      child.stdout.on("data", busy);
    });
    for (const at of presses) setTimeout(() => child.kill("SIGINT"), at);
    const code = await exited;
    await closed;
    return { code, out, answer };
  }

  it("lets the request in flight finish through the exercise's own shutdown() and prints its report", async () => {
    const { code, out, answer } = await serveAndInterrupt([0]);
    assert.equal(answer, "done: job\n", `the answer in flight never came; the tool said:\n${out}`);
    assert.match(out, /Stopping gracefully[\s\S]*shutdown\(\): \{"completed":1,"closedIdle":0,"forced":0\}[\s\S]*Stopped\./);
    assert.equal(code, 0);
  });

  it("stops at once on a second Ctrl-C, but takes two signals 0.5 s apart for one press (npm passes its copy on)", async () => {
    const { code, out, answer } = await serveAndInterrupt([0, 50, 1_000]);
    assert.match(out, /Stopped at once \(second Ctrl-C\)/);
    assert.equal(answer, "");
    assert.equal(code, 130);
  });
});

/**
 * npm run serve -- <id> --solution in a terminal of 80 columns (script(1)), as a learner runs it:
 * `until` waits for what it printed to match, its runs of white space as one space (its lines
 * break at the terminal's width); `out` is all it printed, escape codes and carriage returns dropped;
 * `ctrlC` presses Ctrl-C.
 * @param {string} id two digits
 * @param {"en" | "pt"} lang
 */
function serveInTerminal(id, lang) {
  const terminal = inTerminal([process.execPath, join(ROOT, "tools", "serve.mjs"), id, "--solution", "--lang", lang], { columns: 80 });
  const child = spawn("script", terminal.args, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...terminal.env }, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  /** @type {(() => void)[]} */
  const waiting = [];
  child.stdout.on("data", (chunk) => {
    out += stripVTControlCharacters(String(chunk)).replaceAll("\r", "");
    for (const wake of waiting.splice(0)) wake();
  });
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    exited,
    out: () => out,
    ctrlC: () => child.stdin.write("\u0003"),
    kill: () => child.kill("SIGKILL"),
    /**
     * @param {RegExp} pattern
     * @param {number} [ms]
     * @returns {Promise<RegExpExecArray>}
     */
    async until(pattern, ms = 30_000) {
      const deadline = Date.now() + ms;
      for (let seen = pattern.exec(out.replace(/\s+/g, " ")); ; seen = pattern.exec(out.replace(/\s+/g, " "))) {
        if (seen) return seen;
        const left = deadline - Date.now();
        if (left <= 0 || child.exitCode !== null) assert.fail(`npm run serve -- ${id} never printed ${pattern} within ${ms} ms; it printed:\n${out}`);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 1_000));
          waiting.push(() => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
      }
    },
  };
}

/** A pattern that matches this text as it is. @param {string} text */
const literally = (text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

describe("Ctrl-C on npm run serve in a terminal, with a client that keeps its side open as nc does", { skip: skip || (hasScript ? false : "needs util-linux script(1) to give serve a terminal") }, () => {
  const said = {
    en: {
      whose: "Stopping gracefully: the reference solution's shutdown() lets requests in flight finish (up to 5 s), then forces the rest.",
      waiting: "Waiting up to 5 s for 1 open connection to finish; nc keeps its side open until you press Ctrl-D or Ctrl-C in its terminal.",
      stopped: "Stopped.",
    },
    pt: {
      whose: "A parar com elegância: o shutdown() da solução de referência deixa acabar os pedidos em curso (até 5 s) e depois força o resto.",
      waiting: "À espera, até 5 s, que 1 ligação aberta termine; o nc mantém o seu lado aberto até carregares em Ctrl-D ou Ctrl-C no terminal dele.",
      stopped: "Parado.",
    },
  };
  for (const [id, lang] of /** @type {const} */ ([["15", "en"], ["16", "pt"]])) {
    it(`${id} (${lang}): says at once what the shutdown waits for, whose shutdown() it is, and breaks its lines between words at 80 columns`, { timeout: 60_000 }, async () => {
      const serve = serveInTerminal(id, lang);
      /** @type {net.Socket | undefined} */
      let client;
      try {
        // Up to its last line (the port whole, not cut between two writes): a terminal drops what it has not shown yet when Ctrl-C comes.
        const [, port] = await serve.until(/(?:listening on|à escuta em) 127\.0\.0\.1:(\d+)\s[\s\S]*Ctrl-C (?:stops it|para-o)\./);
        // Like nc: the server's FIN leaves it half-closed, its own side open.
        const socket = net.connect({ port: Number(port), host: "127.0.0.1", allowHalfOpen: true });
        client = socket;
        let heard = "";
        socket.on("data", (chunk) => (heard += String(chunk)));
        await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
        socket.on("error", () => {});
        // Once the server has taken the connection (connected is only the kernel's handshake): 15 logs
        // the request it starts, 16 answers.
        socket.write(id === "15" ? "job\n" : "SET k v\r\n");
        if (id === "15") await serve.until(/→ "job" \(3 s\)/);
        else await new Promise((resolve) => socket.on("data", () => heard.includes("\n") && resolve(undefined)));
        assert.equal(heard, id === "15" ? "" : "OK\n");
        serve.ctrlC();
        await serve.until(literally(said[lang].waiting));
        assert.match(serve.out().replace(/\s+/g, " "), literally(said[lang].whose));
        assert.doesNotMatch(serve.out(), /shutdown\(\): /, "the waiting line comes before the shutdown's report, at once");
        // Then the client closes its side (nc on Ctrl-D), and the shutdown ends.
        socket.end();
        await serve.until(new RegExp(`shutdown\\(\\): \\{[^}]*\\} ${literally(said[lang].stopped).source}`));
        assert.equal(await serve.exited, 0);
        // Each line broken between words: said with its runs of white space as one space, it is whole.
        const note = SERVE[id === "15" ? "15-graceful-shutdown" : "16-capstone"]?.note?.[lang] ?? "";
        assert.match(serve.out().replace(/\s+/g, " "), literally(note));
        const long = serve.out().split("\n").filter((line) => line.length > 80);
        assert.deepEqual(long, [], "lines longer than the terminal's 80 columns, which it would cut mid-word");
      } finally {
        client?.destroy();
        serve.kill();
      }
    });
  }

  /**
   * Serve `id` in English in a terminal, connect a client, wait until the server has taken it (its
   * first answer to a line), press Ctrl-C, then run `then` with both; both are stopped after.
   * @param {string} id @param {(serve: ReturnType<typeof serveInTerminal>, socket: net.Socket) => Promise<void>} then
   */
  async function ctrlCWithClient(id, then) {
    const serve = serveInTerminal(id, "en");
    /** @type {net.Socket | undefined} */
    let client;
    try {
      const [, port] = await serve.until(/listening on 127\.0\.0\.1:(\d+)\s[\s\S]*Ctrl-C stops it\./);
      const socket = net.connect({ port: Number(port), host: "127.0.0.1" });
      client = socket;
      socket.on("error", () => {});
      await new Promise((resolve, reject) => socket.once("data", resolve).once("error", reject).write("hi\n"));
      serve.ctrlC();
      await then(serve, socket);
    } finally {
      client?.destroy();
      serve.kill();
    }
  }

  it("15 (en): a second Ctrl-C stops it at once, said on a line of its own after the terminal's ^C", { timeout: 60_000 }, async () => {
    const serve = serveInTerminal("15", "en");
    /** @type {net.Socket | undefined} */
    let client;
    try {
      const [, port] = await serve.until(/listening on 127\.0\.0\.1:(\d+)\s[\s\S]*Ctrl-C stops it\./);
      client = net.connect({ port: Number(port), host: "127.0.0.1" });
      client.on("error", () => {});
      client.write("job\n");
      await serve.until(/→ "job" \(3 s\)/); // a request in flight holds the graceful shutdown
      serve.ctrlC();
      await serve.until(/Stopping gracefully/);
      await new Promise((resolve) => setTimeout(resolve, 600)); // a second press, not npm's copy of the first
      serve.ctrlC();
      await serve.until(/Stopped at once \(second Ctrl-C\)\./);
      assert.ok(serve.out().split("\n").includes("Stopped at once (second Ctrl-C)."), serve.out());
      assert.equal(await serve.exited, 130);
    } finally {
      client?.destroy();
      serve.kill();
    }
  });

  it("12 (en): says nothing of waiting when the exercise's close() cuts its clients off, and stops", { timeout: 60_000 }, () =>
    ctrlCWithClient("12", async (serve) => {
      await serve.until(/Stopped\./);
      assert.doesNotMatch(serve.out(), /Waiting for/, "12's close() cuts its clients off: nothing waits");
      assert.equal(await serve.exited, 0);
    }));

  it("06 (en): says that close() waits for the open connection, and ends when the client goes", { timeout: 60_000 }, () =>
    ctrlCWithClient("06", async (serve, socket) => {
      await serve.until(/Waiting for 1 open connection to end: close\(\) takes no new ones and waits for those\./);
      assert.doesNotMatch(serve.out(), /Stopped\./, "the waiting line comes while close() still waits");
      socket.destroy(); // nc stopped with Ctrl-C
      await serve.until(/Stopped\./);
      assert.equal(await serve.exited, 0);
    }));
});

/** Whether a command runs here. @param {string} command @param {string[]} args */
function runs(command, args) {
  try {
    execFileSync(command, args, { stdio: "ignore", timeout: 5_000 });
    return true;
  } catch (err) {
    // OpenBSD nc -h exits 1 after its usage; only a missing command is missing.
    return !(err && typeof err === "object" && "code" in err && err.code === "ENOENT");
  }
}
const tools = runs("nc", ["-h"]) && runs("socat", ["-V"]);
const skipTools = skip || (tools ? false : "needs nc (netcat-openbsd) and socat installed");

describe("the READMEs' 'Try it by hand' lines, with the real nc and socat", { skip: skipTools }, () => {
  /** @type {import("vitest/node").Vitest} */
  let runner;
  const sockets = mkdtempSync(join(tmpdir(), "kata-serve-tools-"));
  before(async () => {
    runner = await createVitest({ root: ROOT, watch: false, reporters: [{ onInit() {} }] });
  });
  after(async () => {
    await runner.close();
    rmSync(sockets, { recursive: true, force: true });
  });

  /**
   * Start a reference server as npm run serve does, run `shell` (with {host}, {port}, {path}) against it, stop it.
   * @param {string} id
   * @param {string} shell
   */
  async function talk(id, shell) {
    const entry = SERVE[id];
    assert.ok(entry);
    /** @type {unknown} */
    const module = await runner.import(join(ROOT, pathsOf(id).solution));
    const serving = await entry.start(module, { path: join(sockets, `${id}.sock`) });
    try {
      /** @type {string} */
      const out = await new Promise((resolve, reject) => {
        execFile("sh", ["-c", fillTry(shell, serving.where)], { timeout: 10_000, encoding: "utf8" }, (err, stdout) => (err ? reject(new Error(`${shell}: ${err.message}`)) : resolve(stdout)));
      });
      return out;
    } finally {
      await serving.stop();
    }
  }

  it("03: the server's one line ends the connection, and nc -d and socat end with it", async () => {
    assert.equal(await talk("03-listen", "nc -d {host} {port}"), "hello from your listener\n");
    assert.equal(await talk("03-listen", "socat - TCP:{host}:{port} </dev/null"), "hello from your listener\n");
  });

  it("06 and 10: a line comes back, and nc -N ends after it; socat too", async () => {
    assert.equal(await talk("06-send-recv", "printf 'hi\\n' | nc -N {host} {port}"), "hi\n");
    assert.equal(await talk("06-send-recv", "printf 'hi\\n' | socat - TCP:{host}:{port}"), "hi\n");
    assert.equal(await talk("10-unix-socket", "printf 'hi\\n' | nc -N -U {path}"), "hi\n");
    assert.equal(await talk("10-unix-socket", "printf 'hi\\n' | socat - UNIX-CONNECT:{path}"), "hi\n");
  });

  it("07: the answer comes after the FIN that nc -N and socat send at the end of their input", async () => {
    assert.equal(await talk("07-shutdown", "printf 'hello' | nc -N {host} {port}"), "5 bytes: HELLO\n");
    assert.equal(await talk("07-shutdown", "printf 'hello' | socat - TCP:{host}:{port}"), "5 bytes: HELLO\n");
  });

  it("09 and 16: nc -C talks the protocol, and a last line without a newline gets no answer", async () => {
    assert.equal(await talk("09-request-response", "printf 'PING\\nPING' | nc -C -N {host} {port}"), "PONG\n");
    assert.equal(await talk("16-capstone", "printf 'SET k v\\nGET k\\nGET k' | nc -C -N {host} {port}"), "OK\nVALUE v\n");
  });

  it("16 on Ctrl-C: nc keeps its side open after the server's FIN until its input ends (Ctrl-D), as serve says; the shutdown ends then", { skip: hasScript ? false : "needs util-linux script(1) to give serve a terminal", timeout: 60_000 }, async () => {
    for (const eof of [false, true]) {
      const serve = serveInTerminal("16", "en");
      const [, port] = await serve.until(/listening on 127\.0\.0\.1:(\d+)[\s\S]*Ctrl-C stops it\./);
      const nc = spawn("nc", ["-C", "127.0.0.1", port ?? ""], { stdio: ["pipe", "pipe", "ignore"] });
      try {
        let heard = "";
        nc.stdout.on("data", (chunk) => (heard += String(chunk)));
        nc.stdin.write("SET k v\n");
        await new Promise((resolve) => nc.stdout.on("data", () => heard.includes("OK\n") && resolve(undefined)));
        serve.ctrlC();
        await serve.until(/nc keeps its side open until you press Ctrl-D or Ctrl-C in its terminal\./);
        if (eof) nc.stdin.end(); // Ctrl-D
        const [report] = await serve.until(/shutdown\(\): \{[^}]*\}/);
        // Without its input ending, nc held the connection open until the deadline forced it.
        assert.equal(report, eof ? 'shutdown(): {"closed":1,"forced":0}' : 'shutdown(): {"closed":0,"forced":1}');
      } finally {
        nc.kill();
        serve.kill();
      }
    }
  });

  it("11: socat sends one datagram per line and prints the echo", async () => {
    assert.equal(await talk("11-udp", "printf 'ping\\n' | socat - UDP:{host}:{port}"), "ping\n");
  });
});
