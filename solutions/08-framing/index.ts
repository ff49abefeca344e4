/**
 * 08 — framing: reference solution.
 */
/** Bytes in a frame header: the payload length as an unsigned 32-bit big-endian integer. */
export const HEADER_BYTES = 4;

/** A frame header declared a payload longer than the decoder accepts. */
export class FrameTooLargeError extends Error {
  override name = "FrameTooLargeError";
  constructor(
    readonly declared: number,
    readonly max: number,
  ) {
    super(`a frame header declares ${declared} bytes; the maximum is ${max}`);
  }
}

/** A line grew longer than the decoder accepts, before its newline came. */
export class LineTooLongError extends Error {
  override name = "LineTooLongError";
  constructor(readonly max: number) {
    super(`a line is longer than the maximum of ${max} bytes`);
  }
}

export interface FrameDecoderOptions {
  /** The largest payload accepted, in bytes. */
  maxFrameBytes: number;
}

export interface LineDecoderOptions {
  /** The longest line accepted, in bytes, not counting its "\n" or "\r\n". */
  maxLineBytes: number;
}

/** A frame: the payload's length (4 bytes, big-endian), then the payload. */
export function encodeFrame(payload: Uint8Array): Buffer {
  if (payload.length > 0xffff_ffff) throw new RangeError(`a payload of ${payload.length} bytes does not fit a 4-byte length`);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(payload.length, 0); // network byte order
  return Buffer.concat([header, payload]);
}

/** Turns a byte stream, chunked any way at all, back into frames. */
export class FrameDecoder {
  readonly #max: number;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(options: FrameDecoderOptions) {
    this.#max = options.maxFrameBytes;
  }

  /** Bytes held, waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.#buffer.length;
  }

  /** Feed the next chunk; returns every frame it completes, in order. */
  push(chunk: Uint8Array): Buffer[] {
    this.#buffer = this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk]);
    const frames: Buffer[] = [];
    // ">=": a zero-length frame is a header alone, and still a frame.
    while (this.#buffer.length >= HEADER_BYTES) {
      const length = this.#buffer.readUInt32BE(0);
      // Refuse as soon as the header is in: never buffer a body we will reject.
      if (length > this.#max) throw new FrameTooLargeError(length, this.#max);
      if (this.#buffer.length < HEADER_BYTES + length) break; // the rest comes later
      // Copy the payload out, so the caller's frame does not pin our buffer.
      frames.push(Buffer.from(this.#buffer.subarray(HEADER_BYTES, HEADER_BYTES + length)));
      this.#buffer = this.#buffer.subarray(HEADER_BYTES + length);
    }
    if (this.#buffer.length === 0) this.#buffer = Buffer.alloc(0);
    return frames;
  }
}

/** A line: the text as UTF-8, then "\n". */
export function encodeLine(text: string): Buffer {
  if (text.includes("\n")) throw new RangeError('a line cannot contain "\\n"');
  return Buffer.from(`${text}\n`, "utf8");
}

const LF = 0x0a;
const CR = 0x0d;

/** Turns a byte stream into lines ending in "\n" or "\r\n". */
export class LineDecoder {
  readonly #max: number;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(options: LineDecoderOptions) {
    this.#max = options.maxLineBytes;
  }

  /** Bytes held, waiting for the end of a line. */
  get bufferedBytes(): number {
    return this.#buffer.length;
  }

  /** Feed the next chunk; returns every line it completes, without its line ending. */
  push(chunk: Uint8Array): string[] {
    // Keep bytes, not text: a character split across chunks is decoded whole.
    this.#buffer = this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk]);
    const lines: string[] = [];
    let newline: number;
    while ((newline = this.#buffer.indexOf(LF)) !== -1) {
      const end = newline > 0 && this.#buffer[newline - 1] === CR ? newline - 1 : newline;
      if (end > this.#max) throw new LineTooLongError(this.#max);
      lines.push(this.#buffer.toString("utf8", 0, end));
      this.#buffer = this.#buffer.subarray(newline + 1);
    }
    // No newline in what is left: it may still end in the "\r" of a "\r\n".
    if (this.#buffer.length > this.#max + 1) throw new LineTooLongError(this.#max);
    if (this.#buffer.length === 0) this.#buffer = Buffer.alloc(0);
    return lines;
  }
}
