// A page in headless Chromium (Debian's `chromium` package), read over the
// DevTools protocol, for the by-hand checks that need a real browser
// (tools/check-ui.mjs, tools/check-class.mjs). Not used in CI or verify.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A free port on loopback, chosen by the OS. */
export async function freePort() {
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
export async function poll(what, probe, ms) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Start headless Chromium (a profile of its own, thrown away on close) and
 * open `url` in it; or, with `url` a function, open what it resolves to
 * once the browser is up.
 * @param {string | (() => Promise<string>)} url
 * @param {{ browser?: string }} [options]
 */
export async function openPage(url, { browser = "/usr/bin/chromium" } = {}) {
  const debugPort = await freePort();
  const profile = mkdtempSync(join(tmpdir(), "kata-chromium-"));
  const flags = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--window-size=1400,8000",
    `--user-data-dir=${profile}`,
    `--remote-debugging-port=${debugPort}`,
    "about:blank",
  ];
  const child = spawn(browser, flags, { stdio: "ignore" });
  const close = () => {
    child.kill("SIGTERM");
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    const address = typeof url === "string" ? url : await url();
    const target = await poll(
      "Chromium's DevTools endpoint",
      async () => /** @type {{ webSocketDebuggerUrl: string }} */ (await (await fetch(`http://127.0.0.1:${debugPort}/json/new?${address}`, { method: "PUT" })).json()),
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
    return {
      address,
      /**
       * The value of an expression in the page (returned by value).
       * @param {string} expression
       * @returns {Promise<unknown>}
       */
      evaluate: (expression) =>
        new Promise((resolve) => {
          id += 1;
          waiting.set(id, resolve);
          socket.send(JSON.stringify({ id, method: "Runtime.evaluate", params: { expression, returnByValue: true } }));
        }),
      close() {
        socket.close();
        close();
      },
    };
  } catch (err) {
    close();
    throw err;
  }
}
