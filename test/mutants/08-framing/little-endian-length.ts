/**
 * Mistake: the length is written little-endian (the machine's order) instead of big-endian (network order).
 * Caught by: encodes the length as 4 bytes, big-endian (network order), before the payload
 */
export { FrameDecoder, FrameTooLargeError, HEADER_BYTES, LineDecoder, LineTooLongError, encodeLine } from "../../../solutions/08-framing/index.ts";
export type { FrameDecoderOptions, LineDecoderOptions } from "../../../solutions/08-framing/index.ts";

export function encodeFrame(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(payload.length, 0);
  return Buffer.concat([header, payload]);
}
