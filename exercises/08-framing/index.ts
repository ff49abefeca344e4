/**
 * 08 — framing
 *
 * TCP delivers a stream of bytes, chunked however the network likes. To
 * carry messages you put their boundaries in the stream: a length before
 * each one, or a terminator after it. Read README.md (or README.pt.md, em
 * português) beside this file, then write the encoders and decoders below
 * (the constants and error classes are given). Run only this exercise with
 * `npm test -- 08`.
 */
import { notImplemented } from "../not-implemented.ts";

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

/**
 * Encode one frame: the payload's length as 4 bytes, big-endian (network
 * byte order), then the payload itself. The payload may be a view into part
 * of a larger buffer (a subarray): encode its own bytes, from its byteOffset.
 */
export function encodeFrame(payload: Uint8Array): Buffer {
  throw notImplemented(import.meta.url);
}

/**
 * Decode frames from a byte stream fed in chunks of any size: a header may
 * be split across chunks, one chunk may hold many frames, and a frame may
 * be empty (a header of zero). A header declaring more than `maxFrameBytes`
 * throws FrameTooLargeError as soon as the header is in, before any of
 * that body is kept (the length is unsigned: ff ff ff ff is 4294967295);
 * after each push, at most `maxFrameBytes` plus one header are held.
 */
export class FrameDecoder {
  constructor(options: FrameDecoderOptions) {
    throw notImplemented(import.meta.url);
  }

  /** Bytes held, waiting for the rest of a frame. */
  get bufferedBytes(): number {
    throw notImplemented(import.meta.url);
  }

  /** Feed the next chunk; returns every frame it completes, in order (often none). */
  push(chunk: Uint8Array): Buffer[] {
    throw notImplemented(import.meta.url);
  }
}

/** Encode one line: the text as UTF-8, then "\n". Text containing "\n" throws a RangeError. */
export function encodeLine(text: string): Buffer {
  throw notImplemented(import.meta.url);
}

/**
 * Decode lines ending in "\n" or "\r\n" from a byte stream fed in chunks of
 * any size, as UTF-8 (a character split across chunks comes out whole).
 * Lines come out without their line ending, and nothing else removed
 * ("a \t\r\n" is "a \t", "a\r\r\n" is "a\r"); an empty line is a line.
 * Lengths are UTF-8 bytes, not characters. A line longer than
 * `maxLineBytes` throws LineTooLongError, as soon as more than
 * `maxLineBytes` + 1 bytes wait without a newline (the + 1 leaves room for
 * the "\r" of a "\r\n").
 */
export class LineDecoder {
  constructor(options: LineDecoderOptions) {
    throw notImplemented(import.meta.url);
  }

  /** Bytes held, waiting for the end of a line. */
  get bufferedBytes(): number {
    throw notImplemented(import.meta.url);
  }

  /** Feed the next chunk; returns every line it completes, without its line ending. */
  push(chunk: Uint8Array): string[] {
    throw notImplemented(import.meta.url);
  }
}
