/**
 * Mistake: each chunk is decoded to a string on arrival, so a character split between chunks becomes two U+FFFD.
 * Caught by: keeps a multi-byte character whole when its bytes arrive in two chunks (buffer bytes, not strings)
 */
import { LineTooLongError } from "../../../solutions/08-framing/index.ts";
import type { LineDecoderOptions } from "../../../solutions/08-framing/index.ts";

export { FrameDecoder, FrameTooLargeError, HEADER_BYTES, LineTooLongError, encodeFrame, encodeLine } from "../../../solutions/08-framing/index.ts";
export type { FrameDecoderOptions, LineDecoderOptions } from "../../../solutions/08-framing/index.ts";

export class LineDecoder {
  readonly #max: number;
  #pending = "";

  constructor(options: LineDecoderOptions) {
    this.#max = options.maxLineBytes;
  }

  get bufferedBytes(): number {
    return Buffer.byteLength(this.#pending);
  }

  push(chunk: Uint8Array): string[] {
    this.#pending += Buffer.from(chunk).toString("utf8");
    const parts = this.#pending.split(/\r?\n/);
    this.#pending = parts.pop() ?? "";
    if (Buffer.byteLength(this.#pending) > this.#max + 1) throw new LineTooLongError(this.#max);
    return parts;
  }
}
