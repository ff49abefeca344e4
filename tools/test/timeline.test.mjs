// The timeline a failing exchange gets (test/support/timeline.ts): rows in
// order, runs of small writes merged, the deadline's bar, and a diagram with
// one lane per client and one row per note, so no two labels share a line.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resultOf } from "../lib/kata.mjs";
import { beginTimeline, freezeTimeline, noteTimeline, timelineSvg, timelineText } from "../../test/support/timeline.ts";

describe("the timeline of a failing exchange", () => {
  it("has nothing to draw for a test that talked to no server", () => {
    beginTimeline();
    noteTimeline("", "deadline", "waited 2000 ms for the server to start listening");
    assert.equal(timelineText(), undefined);
    assert.equal(timelineSvg(), undefined);
  });

  it("writes a row per thing a client did or saw, merging a run of one-byte writes", () => {
    beginTimeline();
    noteTimeline("[client 1]", "connect");
    for (const byte of Buffer.from("PING\n")) noteTimeline("[client 1]", "send", Buffer.of(byte));
    noteTimeline("[client 2]", "connect");
    noteTimeline("[client 2]", "receive", Buffer.of(0, 255));
    noteTimeline("[client 1]", "fin-sent");
    noteTimeline("[client 2]", "reset-sent");
    noteTimeline("", "deadline", "waited 2000 ms for [client 1] to receive \"PONG\\n\"");
    freezeTimeline();
    noteTimeline("[client 1]", "close"); // after the test body: not the test's exchange
    const rows = (timelineText() ?? "").split("\n").slice(1).map((row) => row.replace(/^ +\d+ {2}/, ""));
    assert.deepEqual(rows, [
      "[client 1] → connect",
      "[client 1] → \"PING\\n\" (5 bytes) in 5 pieces",
      "[client 2] → connect",
      "[client 2] ← 00 ff (2 bytes)",
      "[client 1] → FIN (it ended its side)",
      "[client 2] → RST (it reset the connection)",
      "== waited 2000 ms for [client 1] to receive \"PONG\\n\" ==",
    ]);
  });

  it("draws 10 clients in 11 lanes, each note on a row of its own", () => {
    beginTimeline();
    for (let i = 1; i <= 10; i += 1) noteTimeline(`[client ${i}]`, "connect");
    for (let i = 10; i >= 1; i -= 1) noteTimeline(`[client ${i}]`, "send", Buffer.from(`[client ${i}] says hi\n`));
    const svg = timelineSvg() ?? "";
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const lanes = [...svg.matchAll(/<text x="(\d+)" y="44"[^>]*>([^<]*)</g)];
    assert.deepEqual(lanes.map((m) => m[2]), [...Array.from({ length: 10 }, (_, i) => `[client ${i + 1}]`), "server"]);
    const rows = [...svg.matchAll(/<line x1="\d+" y1="(\d+)" x2="\d+" y2="\d+" stroke="#333"/g)].map((m) => m[1]);
    assert.equal(new Set(rows).size, 20);
    assert.doesNotMatch(svg, /<script|href="http/);
  });

  it("ends the failure npm test and watch show with the failing test's timeline, when its message does not carry it (an expect() after the clients talked)", () => {
    const rows = ["timeline (ms since the test began; → to the server, ← from it)", "      0  [client 1] → connect"];
    /** @param {string} name @param {string} state @param {Record<string, unknown>} meta @param {string} [message] */
    const test = (name, state, meta, message) => ({
      name,
      fullName: name,
      meta: () => meta,
      result: () => ({ state, errors: message === undefined ? [] : [{ message }] }),
    });
    const judged = (/** @type {string} */ message) => {
      const tests = [test("talks", "failed", { timeline: rows }, message)];
      const module = /** @type {import("vitest/node").TestModule} */ (/** @type {unknown} */ ({ children: { allTests: () => tests }, errors: () => [] }));
      return resultOf("01-x", module).failure?.message ?? "";
    };
    assert.equal(judged("expected 1 to be 2"), `expected 1 to be 2\n\n${rows.join("\n")}`);
    assert.equal(judged(`a wait failed\n\n${rows.join("\n")}`), `a wait failed\n\n${rows.join("\n")}`, "once, not twice");
  });
});
