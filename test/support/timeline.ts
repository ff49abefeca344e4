/**
 * The exchange of a test over time, for a failing test only: the raw
 * clients note what they do and what comes to them (connected, bytes sent
 * and received, FIN, RST, errors, close), and `within` notes a deadline that
 * ran out. When a wait on a client fails, its message ends with the timeline
 * as text (what the terminal shows); when a deadline runs out, the test gets
 * it as an annotation with an SVG sequence diagram (`context.annotate`, shown
 * by Vitest's UI), recorded before the failure since Vitest takes no
 * annotation once a test has failed. A passing test only pays for the
 * notes: a clock reading and an array push.
 *
 *        ms  lane
 *         3  [client 1] ─▶ connect
 *         5  [client 1] ─▶ "PING\n" (5 bytes)
 *      2006  == waited 2000 ms for [client 1] to receive "PONG\n" ==
 */
import { explain } from "./errors.ts";
import { say } from "./say.ts";

export type Happening = "connect" | "send" | "receive" | "fin-sent" | "fin-received" | "reset-sent" | "error" | "close" | "deadline";

interface Note {
  /** ms since the test began */
  t: number;
  lane: string;
  what: Happening;
  /** the first bytes, for a send or receive */
  bytes?: Uint8Array;
  /** how many bytes in all (several sends or receives in a row are merged) */
  length?: number;
  /** how many events a merged row stands for */
  count?: number;
  /** an error's explanation, a deadline's sentence */
  text?: string;
}

type Annotate = (message: string, type: string, attachment: { contentType: string; body: Uint8Array }) => Promise<unknown>;

let began = performance.now();
let notes: Note[] = [];
let frozen = false;
let annotate: Annotate | undefined;
let annotated = false;

/** Start a test's timeline afresh (setup.ts, before each test, with the test's `context.annotate`). */
export function beginTimeline(annotator?: Annotate): void {
  began = performance.now();
  notes = [];
  frozen = false;
  annotate = annotator;
  annotated = false;
}

/**
 * Attach the timeline to the running test (once), as text with the SVG
 * diagram: called when a deadline runs out, before the wait rejects.
 */
export async function annotateTimeline(): Promise<void> {
  const body = timelineSvg();
  if (frozen || annotated || annotate === undefined || body === undefined) return;
  annotated = true;
  try {
    // As bytes: Vitest reads a string body as base64 already.
    await annotate(say`the exchange as a sequence diagram: one lane per client, arrows to and from the server`, "timeline", { contentType: "image/svg+xml", body: Buffer.from(body) });
  } catch {
    // A test that already ended takes no annotation: the message still has the text.
  }
}

/** The timeline as a block to end a failure message with ("" when the test exchanged nothing). */
export function timelineBlock(): string {
  const text = timelineText();
  return text === undefined ? "" : `\n\n${text}`;
}

/** Stop noting (setup.ts, once the test body is over: the cleanup's closes are not the test's exchange). */
export function freezeTimeline(): void {
  frozen = true;
}

const HEAD = 24;

/** Note one thing a client did or saw. */
export function noteTimeline(lane: string, what: Happening, detail?: Uint8Array | string | Error): void {
  if (frozen) return;
  const t = performance.now() - began;
  if (detail instanceof Uint8Array) {
    const last = notes.at(-1);
    // Many small writes or reads in a row (a byte at a time) make one row.
    if (last && last.lane === lane && last.what === what && last.bytes) {
      if (last.bytes.length < HEAD) last.bytes = Buffer.concat([last.bytes, detail.subarray(0, HEAD - last.bytes.length)]);
      last.length = (last.length ?? 0) + detail.length;
      last.count = (last.count ?? 1) + 1;
      return;
    }
    notes.push({ t, lane, what, bytes: detail.subarray(0, HEAD), length: detail.length });
  } else {
    notes.push({ t, lane, what, text: detail instanceof Error ? explain(detail) : detail });
  }
}

/** Bytes in one short piece: quoted text, or hex when they are not printable. */
function brief(bytes: Uint8Array, length: number): string {
  const text = Buffer.from(bytes).toString("utf8");
  const shown = !text.includes("\ufffd") && /^[\x20-\x7e\t\r\n\u00a0-\uffff]*$/u.test(text)
    ? JSON.stringify(text)
    : Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
  return `${shown}${length > bytes.length ? "…" : ""} (${length === 1 ? say`1 byte` : say`${length} bytes`})`;
}

/** What a row says after its lane. */
function rowText(note: Note): { arrow: "→" | "←" | "×" | ""; text: string } {
  const times = note.count && note.count > 1 ? say` in ${note.count} pieces` : "";
  switch (note.what) {
    case "connect":
      return { arrow: "→", text: say`connect` };
    case "send":
      return { arrow: "→", text: `${brief(note.bytes ?? new Uint8Array(), note.length ?? 0)}${times}` };
    case "receive":
      return { arrow: "←", text: `${brief(note.bytes ?? new Uint8Array(), note.length ?? 0)}${times}` };
    case "fin-sent":
      return { arrow: "→", text: say`FIN (it ended its side)` };
    case "fin-received":
      return { arrow: "←", text: say`FIN (the server ended its side)` };
    case "reset-sent":
      return { arrow: "→", text: say`RST (it reset the connection)` };
    case "error":
      return { arrow: "×", text: note.text ?? "" };
    case "close":
      return { arrow: "", text: say`closed` };
    case "deadline":
      return { arrow: "", text: note.text ?? "" };
  }
}

const MAX_ROWS = 40;

/** The rows to draw: all of them, or the first and last when there are too many. */
function rows(): (Note | undefined)[] {
  if (notes.length <= MAX_ROWS) return notes;
  return [...notes.slice(0, MAX_ROWS / 2), undefined, ...notes.slice(-MAX_ROWS / 2)];
}

/** The timeline as text (the terminal's form), or undefined when the test exchanged nothing. */
export function timelineText(): string | undefined {
  if (!notes.some((n) => n.what !== "deadline")) return undefined;
  const width = Math.max(...notes.map((n) => n.lane.length));
  const lines = [say`timeline (ms since the test began; → to the server, ← from it)`];
  for (const note of rows()) {
    if (note === undefined) {
      lines.push(`${"".padStart(7)}  ${say`… ${notes.length - MAX_ROWS} rows more …`}`);
      continue;
    }
    const ms = String(Math.round(note.t)).padStart(7);
    if (note.what === "deadline") {
      lines.push(`${ms}  == ${note.text ?? ""} ==`);
      continue;
    }
    const { arrow, text } = rowText(note);
    lines.push(`${ms}  ${note.lane.padEnd(width)} ${arrow ? `${arrow} ` : ""}${text}`);
  }
  return lines.join("\n");
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The timeline as a sequence diagram: one lane per client and one for the
 * server, an arrow per row (bytes, FIN, RST), a bar for a deadline that ran
 * out, one row per note so no two labels share a line.
 */
export function timelineSvg(): string | undefined {
  if (!notes.some((n) => n.what !== "deadline")) return undefined;
  const lanes = [...new Set(notes.filter((n) => n.what !== "deadline").map((n) => n.lane))];
  const laneWidth = 120;
  const left = 70;
  const serverX = left + lanes.length * laneWidth + 40;
  const x = (lane: string) => left + lanes.indexOf(lane) * laneWidth + 40;
  const rowHeight = 26;
  const drawn = rows();
  const height = 60 + drawn.length * rowHeight + 20;
  // Wide enough for every label where it is drawn (monospace 12 px: about 7.3 px a character).
  const ends = drawn.map((n) => {
    if (n === undefined) return 0;
    if (n.what === "deadline") return left + 12 + (n.text ?? "").length * 7.3;
    const { arrow, text } = rowText(n);
    return (arrow === "→" || arrow === "←" ? serverX + 8 : x(n.lane) + 6) + (text.length + 2) * 7.3;
  });
  const width = Math.ceil(Math.max(serverX + 100, ...ends) + 16);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#333"/></marker></defs>`,
    `<text x="8" y="20" font-weight="bold">${xml(say`timeline (ms since the test began; → to the server, ← from it)`)}</text>`,
  ];
  for (const lane of [...lanes, say`server`]) {
    const at = lane === say`server` ? serverX : x(lane);
    out.push(`<text x="${at}" y="44" text-anchor="middle" font-weight="bold">${xml(lane)}</text>`);
    out.push(`<line x1="${at}" y1="50" x2="${at}" y2="${height - 10}" stroke="#bbb" stroke-dasharray="4 3"/>`);
  }
  drawn.forEach((note, i) => {
    const y = 70 + i * rowHeight;
    if (note === undefined) {
      out.push(`<text x="${left}" y="${y}" fill="#666">${xml(say`… ${notes.length - MAX_ROWS} rows more …`)}</text>`);
      return;
    }
    out.push(`<text x="8" y="${y}" fill="#666">${Math.round(note.t)}</text>`);
    if (note.what === "deadline") {
      out.push(`<rect x="${left}" y="${y - 13}" width="${width - left - 8}" height="18" fill="#fde2e1" stroke="#c62828"/>`);
      out.push(`<text x="${left + 6}" y="${y}" fill="#c62828">${xml(note.text ?? "")}</text>`);
      return;
    }
    const { arrow, text } = rowText(note);
    const from = x(note.lane);
    const colour = note.what === "reset-sent" || note.what === "error" ? "#c62828" : note.what.startsWith("fin") ? "#1565c0" : "#333";
    if (arrow === "→" || arrow === "←") {
      const [x1, x2] = arrow === "→" ? [from, serverX] : [serverX, from];
      out.push(`<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${colour}" marker-end="url(#a)"/>`);
      out.push(`<text x="${serverX + 8}" y="${y + 4}" fill="${colour}">${xml(text)}</text>`);
    } else {
      out.push(`<text x="${from + 6}" y="${y + 4}" fill="${colour}">${arrow === "×" ? "× " : ""}${xml(text)}</text>`);
    }
  });
  out.push("</svg>");
  return out.join("\n");
}
