#!/usr/bin/env node
// Proves `npm run ui` works: starts the Vitest UI on loopback, loads it in
// headless Chromium (Debian's `chromium` package), and reads the page
// through the DevTools protocol until every exercise's test file is listed.
// Not part of CI or verify (it needs a browser); run it by hand after
// upgrading Vitest or @vitest/ui:
//
//   node tools/check-ui.mjs [--browser /usr/bin/chromium]
import { spawn } from "node:child_process";
import net from "node:net";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { parseCommand } from "./lib/args.mjs";
import { ROOT, loadManifest } from "./lib/manifest.mjs";

await main();

/** A free port on loopback, chosen by the OS. */
async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {net.AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return port;
}

/**
 * Wait until `probe()` gives a value, at most `ms`.
 * @template T
 * @param {string} what
 * @param {() => Promise<T | undefined>} probe
 * @param {number} ms
 * @returns {Promise<T>}
 */
async function poll(what, probe, ms) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main() {
  const { values } = parseCommand({ options: { browser: { type: "string", default: "/usr/bin/chromium" } } });
  const exercises = loadManifest().exercises;
  const uiPort = await freePort();
  const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");
  // stdin stays open: Vitest's watch mode ends when its input does.
  const ui = spawn(process.execPath, [vitest, "--ui", "--watch", "--open=false", `--api.port=${uiPort}`, "--api.host=127.0.0.1"], { cwd: ROOT, stdio: ["pipe", "pipe", "ignore"] });
  // Vitest 5's UI wants the token it prints with its address ("UI started at http://…/__vitest__/?token=…").
  let printed = "";
  ui.stdout.on("data", (chunk) => (printed += stripVTControlCharacters(String(chunk))));
  const debugPort = await freePort();
  const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--window-size=1400,8000", `--remote-debugging-port=${debugPort}`, "about:blank"];
  const browser = spawn(values.browser ?? "chromium", flags, { stdio: "ignore" });
  try {
    const url = await poll("Vitest to print the UI's address", () => Promise.resolve(/UI started at (\S+)/.exec(printed)?.[1]), 20_000);
    // It answers the token with a redirect that sets a cookie (Chromium keeps it; fetch would not).
    await poll(`the UI at ${url}`, () => fetch(url, { redirect: "manual" }).then((r) => (r.ok || r.status === 302 ? true : undefined)), 20_000);
    const target = await poll(
      "Chromium's DevTools endpoint",
      async () => /** @type {{ webSocketDebuggerUrl: string }} */ (await (await fetch(`http://127.0.0.1:${debugPort}/json/new?${url}`, { method: "PUT" })).json()),
      20_000,
    );
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    let id = 0;
    /** @type {Map<number, (value: unknown) => void>} */
    const waiting = new Map();
    socket.onmessage = (event) => {
      /** @type {unknown} */
      const raw = JSON.parse(String(event.data));
      const message = /** @type {{ id?: number, result?: { result?: { value?: unknown } } }} */ (raw);
      if (message.id !== undefined) waiting.get(message.id)?.(message.result?.result?.value);
    };
    /**
     * @param {string} expression
     * @returns {Promise<unknown>}
     */
    const evaluate = (expression) =>
      new Promise((resolve) => {
        id += 1;
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method: "Runtime.evaluate", params: { expression, returnByValue: true } }));
      });
    const names = exercises.map((e) => `${e.id}.test.ts`);
    let text = "";
    try {
      await poll(
        "the UI to list every exercise's test file",
        async () => {
          text = String(await evaluate("document.body.innerText"));
          return names.every((name) => text.includes(name)) ? true : undefined;
        },
        30_000,
      );
      console.log(`✔ the Vitest UI at ${url} lists all ${names.length} exercises' test files`);
    } catch {
      const missing = names.filter((name) => !text.includes(name));
      console.error(`✘ the Vitest UI at ${url} does not list: ${missing.join(", ")}\n--- page text ---\n${text.slice(0, 2000)}`);
      process.exitCode = 1;
    } finally {
      socket.close();
    }
  } finally {
    browser.kill("SIGTERM");
    ui.kill("SIGTERM");
  }
}
