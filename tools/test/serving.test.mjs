// `npm run serve`: every entry starts the reference solution's server, which
// accepts a connection (or a datagram) where the entry says, and stops.
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createVitest } from "vitest/node";
import { ROOT, loadManifest, pathsOf } from "../lib/manifest.mjs";
import { SERVE, fillTry } from "../lib/serving.mjs";

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
