/**
 * Mistake: frames are read at a moving offset but the consumed bytes are never dropped: the buffer grows with the whole stream.
 * Caught by: never holds more than the maximum frame plus one header, however the stream is chunked
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
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length - this.#offset >= HEADER_BYTES) {
      const length = this.#buffer.readUInt32BE(this.#offset);
      if (length > this.#max) throw new FrameTooLargeError(length, this.#max);
      if (this.#buffer.length - this.#offset < HEADER_BYTES + length) break;
      const start = this.#offset + HEADER_BYTES;
      frames.push(Buffer.from(this.#buffer.subarray(start, start + length)));
      this.#offset = start + length;
    }
    // bufferedBytes honestly reports the whole array
    Object.defineProperty(this, "bufferedBytes", { value: this.#buffer.length, configurable: true });
    return frames;
  }
}
