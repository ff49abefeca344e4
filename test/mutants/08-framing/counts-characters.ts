/**
 * Mistake: lines are decoded as text as they come (a StringDecoder keeps a split character whole), and lengths are counted in UTF-16 characters, not bytes: "ççççç" passes a maximum of 8 bytes, and "çç" is 2 bytes held.
 * Caught by: counts a line's length in UTF-8 bytes, not characters
 */
import { StringDecoder } from "node:string_decoder";
import { LineTooLongError } from "../../../solutions/08-framing/index.ts";
import type { LineDecoderOptions } from "../../../solutions/08-framing/index.ts";

export { FrameDecoder, FrameTooLargeError, HEADER_BYTES, LineTooLongError, encodeFrame, encodeLine } from "../../../solutions/08-framing/index.ts";
export type { FrameDecoderOptions, LineDecoderOptions } from "../../../solutions/08-framing/index.ts";

export class LineDecoder {
  readonly #max: number;
  readonly #decoder = new StringDecoder("utf8");
  #pending = "";

  constructor(options: LineDecoderOptions) {
    this.#max = options.maxLineBytes;
  }

  get bufferedBytes(): number {
    return this.#pending.length;
  }

  push(chunk: Uint8Array): string[] {
    this.#pending += this.#decoder.write(Buffer.from(chunk));
    const lines: string[] = [];
    let newline: number;
    while ((newline = this.#pending.indexOf("\n")) !== -1) {
      const line = this.#pending.slice(0, newline);
      const text = line.endsWith("\r") ? line.slice(0, -1) : line;
      if (text.length > this.#max) throw new LineTooLongError(this.#max);
      lines.push(text);
      this.#pending = this.#pending.slice(newline + 1);
    }
    if (this.#pending.length > this.#max + 1) throw new LineTooLongError(this.#max);
    return lines;
  }
}
