import { describe, expect, it } from "vitest";
import { classifyPort, needsPrivilege, observeEphemeralPort } from "#kata/01-port-ranges";
import { markHandles, openSince, probeConnect, say, thrownBy, watchListening, within } from "./support/index.ts";

describe("01-port-ranges: classifyPort", () => {
  it("puts a typical port of each range in its range (80, 8080, 50000)", () => {
    expect(classifyPort(80), say`classifyPort(80): HTTP's port`).toBe("well-known");
    expect(classifyPort(8080), "classifyPort(8080)").toBe("registered");
    expect(classifyPort(50000), "classifyPort(50000)").toBe("dynamic");
  });

  it("ends the well-known range at 1023, not 1024 (off by one)", () => {
    expect(classifyPort(1023), say`classifyPort(1023): the last well-known port`).toBe("well-known");
    expect(classifyPort(1024), say`classifyPort(1024): the first registered port`).toBe("registered");
  });

  it("ends the registered range at 49151, not 49152 (off by one)", () => {
    expect(classifyPort(49151), say`classifyPort(49151): the last registered port`).toBe("registered");
    expect(classifyPort(49152), say`classifyPort(49152): the first dynamic port`).toBe("dynamic");
  });

  it("covers both ends of the port space, 0 and 65535", () => {
    expect(classifyPort(0), "classifyPort(0)").toBe("well-known");
    expect(classifyPort(65535), say`classifyPort(65535): the largest 16-bit number`).toBe("dynamic");
  });

  it("rejects -1 and 65536: ports are 16-bit, 0 to 65535", () => {
    for (const bad of [-1, 65536, 100000]) {
      const err = thrownBy(`classifyPort(${bad})`, RangeError, () => classifyPort(bad));
      expect(err.message, say`the RangeError's message should name the bad value`).toContain(String(bad));
    }
  });

  it("rejects 80.5: a port is a whole number", () => {
    thrownBy("classifyPort(80.5)", RangeError, () => classifyPort(80.5));
  });

  it("rejects NaN and Infinity (a failed parseInt or a division gone wrong)", () => {
    thrownBy("classifyPort(NaN)", RangeError, () => classifyPort(Number.NaN));
    thrownBy("classifyPort(Infinity)", RangeError, () => classifyPort(Number.POSITIVE_INFINITY));
  });

  it("names the bad value in the RangeError's message for 80.5, NaN and Infinity too, not only out of range", () => {
    for (const bad of [80.5, Number.NaN, Number.POSITIVE_INFINITY, -0.5]) {
      for (const [name, call] of [["classifyPort", classifyPort], ["needsPrivilege", needsPrivilege]] as const) {
        const err = thrownBy(`${name}(${bad})`, RangeError, () => call(bad));
        expect(err.message, say`the message of ${name}(${bad})'s RangeError should name the bad value`).toContain(String(bad));
      }
    }
  });
});

describe("01-port-ranges: needsPrivilege", () => {
  it("says ports 1 to 1023 need privilege, and 1024 does not (off by one)", () => {
    expect(needsPrivilege(1), "needsPrivilege(1)").toBe(true);
    expect(needsPrivilege(80), "needsPrivilege(80)").toBe(true);
    expect(needsPrivilege(1023), "needsPrivilege(1023)").toBe(true);
    expect(needsPrivilege(1024), "needsPrivilege(1024)").toBe(false);
    expect(needsPrivilege(65535), "needsPrivilege(65535)").toBe(false);
  });

  it("says port 0 needs no privilege: it asks the OS to choose a free port", () => {
    expect(needsPrivilege(0), "needsPrivilege(0)").toBe(false);
  });

  it("rejects the same bad values as classifyPort (-1, 65536, 80.5, NaN)", () => {
    for (const bad of [-1, 65536, 80.5, Number.NaN]) {
      thrownBy(`needsPrivilege(${bad})`, RangeError, () => needsPrivilege(bad));
    }
  });
});

describe("01-port-ranges: observeEphemeralPort", () => {
  it("reports the port the OS chose for port 0, with its range", async () => {
    const seen = await within(say`observeEphemeralPort() to resolve`, observeEphemeralPort());
    expect(Number.isInteger(seen.port) && seen.port > 0 && seen.port <= 65535, say`port ${seen.port} should be 1 to 65535, never 0`).toBe(true);
    const expected = seen.port <= 1023 ? "well-known" : seen.port <= 49151 ? "registered" : "dynamic";
    expect(seen.range, say`the range of port ${seen.port}`).toBe(expected);
  });

  it("closes the probe server before resolving (leaving it open is a leak)", async () => {
    const mark = markHandles();
    const { port } = await within(say`observeEphemeralPort() to resolve`, observeEphemeralPort());
    expect(await openSince(mark), say`handles still open after observeEphemeralPort() resolved`).toEqual([]);
    expect(await probeConnect(port), say`connecting to 127.0.0.1:${port} after the probe closed`).toBe("ECONNREFUSED");
  });

  it("listens on 127.0.0.1 only, not on every interface", async () => {
    const listening = watchListening();
    await within(say`observeEphemeralPort() to resolve`, observeEphemeralPort());
    expect(listening(), say`where the probe server listened (listen(0) without a host takes every interface: "::" or "0.0.0.0")`).toEqual(["127.0.0.1"]);
  });

  it("gets a fresh port each time it is asked, not a fixed one", async () => {
    const ports = new Set<number>();
    for (let i = 0; i < 3; i += 1) {
      ports.add((await within(say`observeEphemeralPort() to resolve`, observeEphemeralPort())).port);
    }
    expect(ports.size, say`ports seen in 3 calls: ${[...ports].join(", ")}`).toBeGreaterThan(1);
  });
});
