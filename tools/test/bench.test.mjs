// npm run bench judges its measurements against the targets in tools/lib/bench.mjs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TARGETS, measured, median, renderTable } from "../lib/bench.mjs";

describe("npm run bench's judgement", () => {
  it("takes the median, not the mean, so one slow run does not decide", () => {
    assert.equal(median([100, 5_000, 120]), 120);
    assert.equal(median([100, 120]), 110);
  });

  it("marks a measurement over its target as missed, and one without a target as ok", () => {
    const limit = TARGETS.saveToResult?.targetMs ?? 0;
    assert.equal(measured("saveToResult", "save → result", limit).ok, true);
    assert.equal(measured("saveToResult", "save → result", limit + 1).ok, false);
    assert.equal(measured("notATarget", "a figure only shown", 60_000).ok, true);
  });

  it("says MISSED in the table next to the target it missed", () => {
    const table = renderTable([measured("stubRun", "npm test, all stubs", 99_000), measured("saveToRerun", "save → rerun", 10)]);
    assert.match(table, /npm test, all stubs\s+99000 ms\s+≤ 3000 ms\s+MISSED/);
    assert.match(table, /save → rerun\s+10 ms\s+≤ 1000 ms\s+ok/);
  });
});
