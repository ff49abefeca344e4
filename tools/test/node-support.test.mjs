// On a Node.js outside package.json "engines", every npm script that runs
// Node prints one line saying which versions the kata needs and exits 2,
// before any of its imports load (no stack trace from inside Vitest).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rangeInWords, refusal, satisfies, supportedRange } from "../lib/node-support.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
/** @type {unknown} */
const raw = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pkg = /** @type {{ scripts: Record<string, string>, engines: { node: string } }} */ (raw);
const GUARD = "node --import ./tools/lib/node-support.mjs ";

/**
 * `npm run --silent <script>` in a Node that says it is `version`.
 * @param {string} script
 * @param {string} version
 * @returns {Promise<{ code: number | null, out: string }>}
 */
function runAs(script, version, shim = fakeVersion(version)) {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], {
      cwd: root,
      shell: process.platform === "win32",
      env: { ...process.env, NODE_OPTIONS: `--import=${shim}`, LANG: "C", LC_ALL: "", LC_MESSAGES: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += String(chunk)));
    child.stderr.on("data", (chunk) => (out += String(chunk)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const shims = mkdtempSync(join(tmpdir(), "kata-node-"));
after(() => rmSync(shims, { recursive: true, force: true }));

/** A module to preload that makes process.versions.node say `version`. @param {string} version */
function fakeVersion(version) {
  const file = join(shims, `node-${version}.mjs`);
  writeFileSync(file, `Object.defineProperty(process.versions, "node", { value: ${JSON.stringify(version)} });\n`);
  return pathToFileURL(file).href;
}

describe("the supported Node.js versions", () => {
  it("are package.json engines.node, read the way npm reads them", () => {
    const range = "^22.22.1 || ^24.0.0 || >=26.0.0";
    const verdicts = Object.fromEntries(["20.19.0", "22.12.0", "22.22.0", "22.22.1", "22.23.5", "23.11.0", "24.0.0", "25.2.1", "26.0.0", "27.1.0"].map((v) => [v, satisfies(v, range)]));
    assert.deepEqual(verdicts, {
      "20.19.0": false,
      "22.12.0": false,
      "22.22.0": false,
      "22.22.1": true,
      "22.23.5": true,
      "23.11.0": false,
      "24.0.0": true,
      "25.2.1": false,
      "26.0.0": true,
      "27.1.0": true,
    });
    assert.equal(supportedRange(), pkg.engines.node);
    assert.equal(rangeInWords(range), "22.22.1+, 24 or 26+");
    assert.equal(rangeInWords(range, "pt"), "22.22.1+, 24 ou 26+");
  });

  it("include the Node.js running these tests", () => {
    assert.ok(satisfies(process.versions.node, pkg.engines.node), `${process.versions.node} is not in ${pkg.engines.node}`);
  });

  const nodeScripts = Object.entries(pkg.scripts).filter(([, command]) => /^node\b/.test(command));

  it("are checked first by every npm script that runs Node", () => {
    assert.ok(nodeScripts.length >= 10, "the tools' scripts");
    assert.deepEqual(
      nodeScripts.filter(([, command]) => !command.startsWith(GUARD)).map(([name]) => name),
      [],
      `every script starts with "${GUARD}"`,
    );
  });

  for (const [name] of nodeScripts) {
    it(`npm run ${name} on Node 20 prints the one-line refusal and exits 2`, async () => {
      const { code, out } = await runAs(name, "20.20.2");
      assert.equal(out.trim(), refusal("20.20.2", pkg.engines.node, "en"));
      assert.equal(code, 2);
    });
  }

  it("refuse a version between two supported majors (25), in Portuguese when LANG says so", async () => {
    const shim = fakeVersion("25.2.1");
    /** @type {{ code: number | null, out: string }} */
    const { code, out } = await new Promise((resolve) => {
      const child = spawn(process.execPath, ["--import", shim, "--import", "./tools/lib/node-support.mjs", "-e", "console.log('ran')"], {
        cwd: root,
        env: { ...process.env, LANG: "pt_PT.UTF-8", LC_ALL: "", LC_MESSAGES: "" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let text = "";
      child.stdout.on("data", (chunk) => (text += String(chunk)));
      child.stderr.on("data", (chunk) => (text += String(chunk)));
      child.on("close", (exit) => resolve({ code: exit, out: text }));
    });
    assert.equal(out.trim(), refusal("25.2.1", pkg.engines.node, "pt"));
    assert.match(out, /tens o 25\.2\.1/);
    assert.equal(code, 2);
  });
});
