// On a Node.js outside package.json "engines", every npm script that runs
// Node prints one line saying which versions the kata needs and exits 2,
// before any of its imports load (no stack trace from inside Vitest).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

  it("are accepted by the engines of every installed package but Stryker's, whose exceptions CONTRIBUTING names", () => {
    /** @typedef {{ engines?: { node?: string }, dependencies?: Record<string, string>, optionalDependencies?: Record<string, string>, peerDependencies?: Record<string, string>, devDependencies?: Record<string, string> }} LockEntry */
    /** @type {unknown} */
    const rawLock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
    const lock = /** @type {{ packages: Record<string, LockEntry> }} */ (rawLock);
    // The lowest version of each alternative of the kata's range: 22.22.1, 24.0.0, 26.0.0.
    const floors = pkg.engines.node.split("||").map((part) => part.trim().replace(/^(\^|>=)/, ""));
    /** @type {(path: string) => string} */
    const nameOf = (path) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    const narrow = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== "" && entry.engines?.node !== undefined && floors.some((v) => !engineAccepts(entry.engines?.node ?? "", v)))
      .map(([path]) => path);
    // What the kata's own dependencies reach, Stryker's left out (Node's lookup: the nearest node_modules up the path).
    const root0 = lock.packages[""] ?? {};
    const stryker = (/** @type {string} */ name) => name.startsWith("@stryker-mutator/");
    const reached = new Set();
    const queue = Object.keys({ ...root0.dependencies, ...root0.devDependencies }).filter((n) => !stryker(n)).map((n) => `node_modules/${n}`);
    while (queue.length > 0) {
      const path = /** @type {string} */ (queue.pop());
      if (reached.has(path) || !lock.packages[path]) continue;
      reached.add(path);
      const entry = lock.packages[path];
      for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
        let at = path;
        while (at !== "" && !lock.packages[`${at}/node_modules/${dep}`]) at = at.includes("/node_modules/") ? at.slice(0, at.lastIndexOf("/node_modules/")) : "";
        queue.push(at === "" ? `node_modules/${dep}` : `${at}/node_modules/${dep}`);
      }
    }
    assert.ok(reached.has("node_modules/vitest") && reached.has("node_modules/lint-staged") && !reached.has("node_modules/@inquirer/core"), "the walk reaches the kata's own tools, not Stryker's");
    assert.deepEqual(narrow.filter((path) => reached.has(path)), [], `packages outside Stryker's tree whose engines leave out one of ${floors.join(", ")}`);
    if (!existsSync(join(root, "CONTRIBUTING.md"))) return; // a hand-out copy has none
    const contributing = readFileSync(join(root, "CONTRIBUTING.md"), "utf8");
    const section = contributing.split("\n## Node.js\n")[1]?.split("\n## ")[0] ?? "";
    const families = [...new Set(narrow.map((path) => nameOf(path).replace(/\/.*$/, "/*")))];
    assert.deepEqual(families.filter((family) => !section.includes(`\`${family}\``)), [], "Stryker's packages whose engines leave out a supported Node, not named in CONTRIBUTING's Node.js section");
  });

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

/**
 * Whether `version` is in an engines range as packages write them: `||`
 * alternatives, each one or more comparators (`>=X.Y.Z`, `>= X`, `<=X.Y.Z`,
 * `<X`, `^X.Y`) or a bare `X` or `X.Y` (that major, or minor).
 * @param {string} range
 * @param {string} version
 */
function engineAccepts(range, version) {
  /** @param {number[]} v */
  const key = (v) => (v[0] ?? 0) * 1e8 + (v[1] ?? 0) * 1e4 + (v[2] ?? 0);
  const at = key(version.split(".").map(Number));
  return range.split("||").some((alternative) =>
    alternative.trim().replace(/(>=|<=|>|<|\^)\s+/g, "$1").split(/\s+/).every((comparator) => {
      const m = /^(>=|<=|>|<|\^)?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(comparator);
      if (!m) throw new Error(`cannot read "${comparator}" in the engines range "${range}"`);
      const parts = [m[2], m[3], m[4]].filter((p) => p !== undefined).map(Number);
      const low = key(parts);
      // The first version past the named one: 22 → 23.0.0, 22.13 → 22.14.0, 22.13.1 → 22.13.2.
      const next = key(parts.map((p, i) => (i === parts.length - 1 ? p + 1 : p)));
      const major = parts[0] ?? 0;
      switch (m[1]) {
        case ">=": return at >= low;
        case ">": return at >= next;
        case "<=": return at < next;
        case "<": return at < low;
        case "^": return at >= low && at < key([major + 1]);
        default: return at >= low && at < next;
      }
    }),
  );
}
