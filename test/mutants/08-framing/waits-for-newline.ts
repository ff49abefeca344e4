/**
 * Mistake: the length is checked only when a line is complete, so a peer that never sends a newline makes the buffer grow without bound.
 * Caught by: rejects an over-long line as soon as it passes the maximum, without waiting for its newline
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
    this.#pending += Buffer.from(chunk).toString("latin1");
    const parts = this.#pending.split(/\r?\n/);
    this.#pending = parts.pop() ?? "";
    if (parts.some((p) => p.length > this.#max)) throw new LineTooLongError(this.#max);
    return parts.map((p) => Buffer.from(p, "latin1").toString("utf8"));
  }
}
