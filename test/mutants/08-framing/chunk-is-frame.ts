/**
 * Mistake: each chunk is taken as one frame: its first 4 bytes as the header.
 * Caught by: decodes frames fed one byte at a time (a chunk is not a frame)
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
    const buffer = Buffer.from(chunk);
    if (buffer.length < HEADER_BYTES) return frames;
    const length = buffer.readUInt32BE(0);
    if (length > this.#max) throw new FrameTooLargeError(length, this.#max);
    let at = 0;
    while (at + HEADER_BYTES <= buffer.length) {
      const size = buffer.readUInt32BE(at);
      frames.push(Buffer.from(buffer.subarray(at + HEADER_BYTES, at + HEADER_BYTES + size)));
      at += HEADER_BYTES + size;
    }
    return frames;
  }
}
