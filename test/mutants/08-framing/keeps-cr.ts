/**
 * Mistake: lines are split on "\n" only, so a CRLF line keeps its "\r".
 * Caught by: takes CRLF as a line ending too, without leaving the \r in the line
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
    const parts = this.#pending.split("\n");
    this.#pending = parts.pop() ?? "";
    if (Buffer.byteLength(this.#pending) > this.#max + 1) throw new LineTooLongError(this.#max);
    return parts.map((p) => Buffer.from(p, "latin1").toString("utf8"));
  }
}
