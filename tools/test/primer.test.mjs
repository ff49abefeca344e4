// The primer check must fail when a README forgets the primer, when the
// primer forgets an exercise, and when its diagram is missing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { judgePrimer, linkTargets } from "../lib/primer.mjs";

const IDS = ["01-alpha", "02-beta"];
const PRIMER_EN = "Start with [01-alpha](../exercises/01-alpha/README.md), then 02-beta.\n\n![diagram](exchange.svg)\n";
const PRIMER_PT = "Começa por 01-alpha e depois 02-beta. [English](sockets.md)\n";

/** A kata whose files are `files`: path → text. @param {Record<string, string>} files */
function kata(files) {
  return {
    read: (/** @type {string} */ path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`no ${path}`);
      return text;
    },
    exists: (/** @type {string} */ path) => path in files,
  };
}

/** A whole kata, with `changes` applied (undefined removes a file). @param {Record<string, string | undefined>} changes */
function whole(changes = {}) {
  /** @type {Record<string, string | undefined>} */
  const files = {
    "docs/sockets.md": PRIMER_EN,
    "docs/sockets.pt.md": PRIMER_PT,
    "docs/exchange.svg": "<svg/>",
    "exercises/01-alpha/README.md": "# Alpha\n\nThe big picture: [the primer](../../docs/sockets.md).\n",
    "exercises/01-alpha/README.pt.md": "# Alfa\n\n[A introdução](../../docs/sockets.pt.md#portas).\n",
    "exercises/02-beta/README.md": "# Beta\n\nSee [the primer](../../docs/sockets.md).\n",
    "exercises/02-beta/README.pt.md": "# Beta\n\nVê [a introdução](../../docs/sockets.pt.md).\n",
    ...changes,
  };
  return kata(/** @type {Record<string, string>} */ (Object.fromEntries(Object.entries(files).filter(([, text]) => text !== undefined))));
}

describe("judgePrimer: every README links to the primer, and the primer names every exercise", () => {
  it("accepts a kata whose READMEs link to the primer of their language, anchors allowed", () => {
    assert.deepEqual(judgePrimer(IDS, whole()), []);
  });
  it("catches a missing primer", () => {
    const problems = judgePrimer(IDS, whole({ "docs/sockets.pt.md": undefined }));
    assert.deepEqual(problems, ["docs/sockets.pt.md is missing: every exercise's README.pt.md links to it"]);
  });
  it("catches a README that does not link to the primer", () => {
    const problems = judgePrimer(IDS, whole({ "exercises/02-beta/README.md": "# Beta\n\nAs the note says.\n" }));
    assert.deepEqual(problems, ["exercises/02-beta/README.md does not link to the primer (../../docs/sockets.md)"]);
  });
  it("catches a Portuguese README that links to the English primer", () => {
    const problems = judgePrimer(IDS, whole({ "exercises/01-alpha/README.pt.md": "[x](../../docs/sockets.md)\n" }));
    assert.deepEqual(problems, ["exercises/01-alpha/README.pt.md does not link to the primer (../../docs/sockets.pt.md)"]);
  });
  it("catches a README that gives the primer's path only in plain text, not as a link", () => {
    const problems = judgePrimer(IDS, whole({ "exercises/01-alpha/README.md": "see ../../docs/sockets.md\n" }));
    assert.equal(problems.length, 1);
  });
  it("catches a primer that leaves out an exercise, and does not take a longer id for it", () => {
    const problems = judgePrimer(["01-alpha", "02-beta", "02-bet"], whole());
    assert.ok(problems.includes("docs/sockets.md does not name 02-bet: name each where the primer explains its step"), problems.join("\n"));
    assert.ok(problems.includes("docs/sockets.pt.md does not name 02-bet: name each where the primer explains its step"), problems.join("\n"));
  });
  it("catches a primer whose diagram or local link leads nowhere", () => {
    const problems = judgePrimer(IDS, whole({ "docs/exchange.svg": undefined }));
    assert.deepEqual(problems, ["docs/sockets.md links to exchange.svg, which does not exist"]);
  });
  it("reads link targets, images included, without their fragment or title", () => {
    assert.deepEqual(linkTargets('[a](x.md#b) ![c](d.svg "t") [e](https://example.org/f)'), ["x.md", "d.svg", "https://example.org/f"]);
  });
});
