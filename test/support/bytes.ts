/**
 * Render bytes the way a protocol log does: a quoted string when the bytes
 * are printable text, hex and ASCII side by side when they are binary.
 */
import { say } from "./say.ts";

const PRINTABLE = /^[\x20-\x7e\t\r\n\u00a0-\uffff]*$/u;

function quote(text: string): string {
  return JSON.stringify(text);
}

/** A hex dump, 16 bytes a row: offset, hex, then the printable ASCII. */
export function hexDump(data: Uint8Array): string {
  const rows: string[] = [];
  for (let offset = 0; offset < data.length; offset += 16) {
    const row = data.subarray(offset, offset + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    rows.push(`${offset.toString(16).padStart(6, "0")}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  return rows.join("\n");
}

/**
 * Show bytes or text for a failure message. Text (and bytes that are valid,
 * printable UTF-8) comes back quoted; anything else as a hex dump. Long data
 * is cut after `max` bytes and says how long it was.
 */
export function show(data: Uint8Array | string, max = 160): string {
  if (typeof data === "string") {
    return data.length > max ? say`${quote(data.slice(0, max))}… (${data.length} characters in all)` : quote(data);
  }
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length === 0) return say`"" (0 bytes)`;
  const head = bytes.subarray(0, max);
  const more = bytes.length > max ? say`… (${bytes.length} bytes in all)` : say` (${bytes.length} bytes)`;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
  if (!text.includes("\ufffd") && PRINTABLE.test(text)) return `${quote(text)}${more}`;
  const count = bytes.length > max ? say`${bytes.length} bytes, the first ${max}` : say`${bytes.length} bytes`;
  return `${count}:\n${hexDump(head)}`;
}

/**
 * Compare bytes. Returns undefined when they are equal, otherwise a protocol-log
 * description of the first difference: the offset, and both sides around it.
 */
export function bytesDifference(actual: Uint8Array, expected: Uint8Array): string | undefined {
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
  if (a.equals(b)) return undefined;
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at += 1;
  const from = Math.max(0, at - 8);
  const lengths = a.length === b.length ? say`${a.length} bytes each` : say`${a.length} bytes received, ${b.length} expected`;
  return [
    say`the bytes differ from offset ${at} (${lengths})`,
    say`received from offset ${from}:`,
    hexDump(a.subarray(from, from + 32)) || say`(nothing)`,
    say`expected from offset ${from}:`,
    hexDump(b.subarray(from, from + 32)) || say`(nothing)`,
  ].join("\n");
}
