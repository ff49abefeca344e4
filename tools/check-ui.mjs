#!/usr/bin/env node
// Proves `npm run ui` works: starts the Vitest UI on loopback, loads it in
// headless Chromium (Debian's `chromium` package), and reads the page
// through the DevTools protocol until every exercise's test file is listed.
// Not part of CI or verify (it needs a browser); run it by hand after
// upgrading Vitest or @vitest/ui:
//
//   node tools/check-ui.mjs [--browser /usr/bin/chromium]
import { spawn } from "node:child_process";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { parseCommand } from "./lib/args.mjs";
import { freePort, openPage, poll } from "./lib/chromium.mjs";
import { ROOT, loadManifest } from "./lib/manifest.mjs";

await main();

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
  try {
    const page = await openPage(
      async () => {
        const url = await poll("Vitest to print the UI's address", () => Promise.resolve(/UI started at (\S+)/.exec(printed)?.[1]), 20_000);
        // It answers the token with a redirect that sets a cookie (Chromium keeps it; fetch would not).
        await poll(`the UI at ${url}`, () => fetch(url, { redirect: "manual" }).then((r) => (r.ok || r.status === 302 ? true : undefined)), 20_000);
        return url;
      },
      { browser: values.browser },
    );
    const url = page.address;
    const evaluate = page.evaluate;
    const names = exercises.map((e) => `${e.id}.test.ts`);
    let text = "";
    try {
      await poll(
        "the UI to list every exercise's test file",
        async () => {
          // The explorer is a virtual list: it draws only the rows in view, and once a run expands each failing
          // file's tests, the last files fall out of it. Collapsed, the 16 file rows fit (it redraws by the next poll).
          text = String(await evaluate(`(() => { document.querySelector('[data-testid="collapse-all"]')?.click(); return document.body.innerText; })()`));
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
      page.close();
    }
  } finally {
    ui.kill("SIGTERM");
  }
}
