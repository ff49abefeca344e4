/**
 * Mistake: a body may be split, but the header is assumed to arrive in one chunk: header bytes that come alone are dropped.
 * Caught by: decodes a header split across chunks (2 bytes, then the rest)
 */
import { FrameTooLargeError, HEADER_BYTES } from "../../../solutions/08-framing/index.ts";
import type { FrameDecoderOptions } from "../../../solutions/08-framing/index.ts";

export { FrameTooLargeError, HEADER_BYTES, LineDecoder, LineTooLongError, encodeFrame, encodeLine } from "../../../solutions/08-framing/index.ts";
export type { FrameDecoderOptions, LineDecoderOptions } from "../../../solutions/08-framing/index.ts";

export class FrameDecoder {
  readonly #max: number;
  #buffer: Buffer = Buffer.alloc(0);
  #offset = 0;

  constructor(options: FrameDecoderOptions) {
    this.#max = options.maxFrameBytes;
  }

  get bufferedBytes(): number {
    return this.#buffer.length - this.#offset;
  }

  push(chunk: Uint8Array): Buffer[] {
    const frames: Buffer[] = [];
    if (this.#buffer.length === 0 && chunk.length < HEADER_BYTES) return frames; // a header never splits, surely
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= HEADER_BYTES) {
      const length = this.#buffer.readUInt32BE(0);
      if (length > this.#max) throw new FrameTooLargeError(length, this.#max);
      if (this.#buffer.length < HEADER_BYTES + length) break;
      frames.push(Buffer.from(this.#buffer.subarray(HEADER_BYTES, HEADER_BYTES + length)));
      this.#buffer = this.#buffer.subarray(HEADER_BYTES + length);
    }
    return frames;
  }
}
