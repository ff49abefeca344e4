import { describe, expect, it } from "vitest";
import {
  FrameDecoder,
  FrameTooLargeError,
  HEADER_BYTES,
  LineDecoder,
  LineTooLongError,
  encodeFrame,
  encodeLine,
} from "#kata/08-framing";
import { attempt, hexDump, openClient, say, show, startTestServer, thrownBy, within } from "./support/index.ts";

/** The test's own encoding of frames (4-byte big-endian length, payload), independent of encodeFrame. */
function wire(...payloads: (string | Uint8Array)[]): Buffer {
  return Buffer.concat(
    payloads.map((p) => {
      const body = typeof p === "string" ? Buffer.from(p) : Buffer.from(p);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(body.length);
      return Buffer.concat([header, body]);
    }),
  );
}

/** decoder.push(chunk), failing with the chunk when the decoder throws (a header read past the chunk's end). */
function pushed<T>(decoder: { push(chunk: Uint8Array): T[] }, chunk: Uint8Array): T[] {
  return attempt(say`push() of ${show(chunk)}`, () => decoder.push(chunk));
}

/** Frames as the protocol log shows them, for readable comparisons. */
const shown = (frames: readonly Uint8Array[]) => frames.map((f) => show(f));

/** Feed `chunks` in order; return every frame, and the buffered bytes after each push. */
function feed(decoder: FrameDecoder, chunks: readonly Uint8Array[]) {
  const frames: Buffer[] = [];
  const held: number[] = [];
  for (const chunk of chunks) {
    frames.push(...pushed(decoder, chunk));
    held.push(decoder.bufferedBytes);
  }
  return { frames, held };
}

/** Split bytes into 1-byte chunks. */
const bytewise = (bytes: Buffer) => Array.from(bytes, (b) => Buffer.of(b));

describe("08-framing: encoding frames", () => {
  it("encodes the length as 4 bytes, big-endian (network order), before the payload", () => {
    const encoded = encodeFrame(Buffer.alloc(300, 0x61));
    expect(hexDump(encoded.subarray(0, 6)), say`the first 6 bytes of encodeFrame(300 × 'a'): 300 is 0x0000012c`).toBe(
      hexDump(Buffer.from([0x00, 0x00, 0x01, 0x2c, 0x61, 0x61])),
    );
    expect(encoded.length, say`the frame's length: a header and 300 bytes`).toBe(HEADER_BYTES + 300);
  });

  it("encodes an empty payload as a header of zero", () => {
    expect(hexDump(encodeFrame(Buffer.alloc(0))), "encodeFrame(empty)").toBe(hexDump(Buffer.alloc(4)));
  });

  it("encodes only the payload's own bytes, also when it is a view into part of a larger buffer", () => {
    // A subarray shares its parent's memory from a nonzero byteOffset; so does a small Buffer from Node's pool.
    const parent = new Uint8Array([0x2d, 0x2d, 0x2d, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x2d, 0x2d]);
    const view = parent.subarray(3, 8);
    expect(hexDump(encodeFrame(view)), say`encodeFrame() of "hello", a 5-byte view at offset 3 of a 10-byte buffer`).toBe(
      hexDump(Buffer.from([0x00, 0x00, 0x00, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f])),
    );
  });
});

describe("08-framing: decoding frames", () => {
  it("decodes a frame pushed whole", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 64 });
    expect(shown(pushed(decoder, wire("hello"))), say`frames from one push of one whole frame`).toEqual(shown([Buffer.from("hello")]));
  });

  it("decodes frames fed one byte at a time (a chunk is not a frame)", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 64 });
    const { frames } = feed(decoder, bytewise(wire("first", "second")));
    expect(shown(frames), say`frames from the stream fed one byte per push`).toEqual(shown([Buffer.from("first"), Buffer.from("second")]));
  });

  it("decodes every frame in one chunk, in order", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 64 });
    const payloads = ["one", "two", "three", "four"].map((p) => Buffer.from(p));
    expect(shown(pushed(decoder, wire(...payloads))), say`frames from one push of 4 frames`).toEqual(shown(payloads));
  });

  it("decodes a header split across chunks (2 bytes, then the rest)", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 64 });
    const stream = wire("split header");
    const { frames } = feed(decoder, [stream.subarray(0, 2), stream.subarray(2, 3), stream.subarray(3)]);
    expect(shown(frames), say`frames when the header came as 2 + 1 + the rest`).toEqual(shown([Buffer.from("split header")]));
  });

  it("decodes the same frames wherever the stream is split in two", () => {
    const payloads = ["ab", "", "cde", "f"].map((p) => Buffer.from(p));
    const stream = wire(...payloads);
    for (let at = 0; at <= stream.length; at += 1) {
      const { frames } = feed(new FrameDecoder({ maxFrameBytes: 64 }), [stream.subarray(0, at), stream.subarray(at)]);
      expect(shown(frames), say`frames when the ${stream.length}-byte stream is split at offset ${at}`).toEqual(shown(payloads));
    }
  });

  it("decodes zero-length frames, also at the very end of a chunk", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 64 });
    const payloads = ["a", "", "b", ""].map((p) => Buffer.from(p));
    expect(shown(pushed(decoder, wire(...payloads))), say`frames from [a, empty, b, empty] in one push`).toEqual(shown(payloads));
    expect(shown(pushed(decoder, wire(""))), say`an empty frame alone`).toEqual(shown([Buffer.alloc(0)]));
  });

  it("accepts a frame of exactly the maximum size", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 16 });
    const payload = Buffer.alloc(16, 0x7a);
    expect(shown(pushed(decoder, wire(payload))), say`frames from a 16-byte frame, maximum 16`).toEqual(shown([payload]));
  });

  it("rejects a declared length over the maximum as soon as the header arrives, before buffering the body", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 16 });
    const header = wire(Buffer.alloc(17)).subarray(0, HEADER_BYTES);
    const err = thrownBy(say`push() of a header declaring 17 bytes (maximum 16), with no body yet`, FrameTooLargeError, () => decoder.push(header));
    expect([err.declared, err.max], say`the error's declared and max`).toEqual([17, 16]);
  });

  it("reads the length as an unsigned 32-bit integer: a header of 2^31 or more is refused as too large", () => {
    // ff ff ff ff first: read as signed it is -1, a bogus empty frame; 80 00 00 00 read as signed can loop forever.
    for (const [header, declared] of [
      [Buffer.from([0xff, 0xff, 0xff, 0xff]), 0xffff_ffff],
      [Buffer.from([0x80, 0x00, 0x00, 0x00]), 0x8000_0000],
    ] as const) {
      const decoder = new FrameDecoder({ maxFrameBytes: 64 });
      const err = thrownBy(say`push() of the header ${header.toString("hex")} (${declared} bytes, maximum 64)`, FrameTooLargeError, () => decoder.push(header));
      expect(err.declared, say`the declared length in the error for the header ${header.toString("hex")}`).toBe(declared);
    }
  });

  it("never holds more than the maximum frame plus one header, however the stream is chunked", () => {
    const max = 32;
    const decoder = new FrameDecoder({ maxFrameBytes: max });
    const payloads = Array.from({ length: 12 }, (_, i) => Buffer.alloc(i % 2 === 0 ? max : i, 0x30 + i));
    const stream = wire(...payloads);
    const sizes = [1, 7, 3, 50, 2, 36, 5, 80, 13];
    const chunks: Buffer[] = [];
    for (let at = 0, i = 0; at < stream.length; i += 1) {
      const size = sizes[i % sizes.length]!;
      chunks.push(stream.subarray(at, at + size));
      at += size;
    }
    const { frames, held } = feed(decoder, chunks);
    expect(shown(frames), say`the frames decoded`).toEqual(shown(payloads));
    expect(Math.max(...held), say`the most bytes held after a push (max frame ${max} + header ${HEADER_BYTES})`).toBeLessThanOrEqual(max + HEADER_BYTES);
    expect(held.at(-1), say`bytes held once every frame is out`).toBe(0);
  });

  it("decodes frames that crossed a real socket one byte at a time", async () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 64 });
    const frames: Buffer[] = [];
    const peer = await startTestServer((socket) => socket.on("data", (chunk: Buffer) => frames.push(...decoder.push(chunk))));
    const client = await openClient(peer.port);
    await client.writeBytewise(wire("over", "", "tcp"));
    await within(say`the three frames to be decoded on the server side`, (async () => {
      while (frames.length < 3) await new Promise((resolve) => setImmediate(resolve));
    })());
    expect(shown(frames), say`frames decoded from the socket`).toEqual(shown(["over", "", "tcp"].map((p) => Buffer.from(p))));
  });
});

describe("08-framing: lines", () => {
  it("encodes a line as its UTF-8 bytes and a newline, and refuses a newline inside", () => {
    expect(show(encodeLine("olá")), 'encodeLine("olá")').toBe(show(Buffer.from("olá\n")));
    thrownBy('encodeLine("two\\nlines")', RangeError, () => encodeLine("two\nlines"));
  });

  it("decodes lines fed one byte at a time, and many lines in one chunk", () => {
    const one = new LineDecoder({ maxLineBytes: 64 });
    const lines = bytewise(Buffer.from("first\nsecond\n")).flatMap((b) => pushed(one, b));
    expect(lines, say`lines from the stream fed one byte per push`).toEqual(["first", "second"]);
    const many = new LineDecoder({ maxLineBytes: 64 });
    expect(pushed(many, Buffer.from("a\nb\nc\n")), say`lines from one push of "a\\nb\\nc\\n"`).toEqual(["a", "b", "c"]);
  });

  it("takes CRLF as a line ending too, without leaving the \\r in the line", () => {
    const decoder = new LineDecoder({ maxLineBytes: 64 });
    const lines = [...pushed(decoder, Buffer.from("dos\r")), ...pushed(decoder, Buffer.from("\nunix\n"))];
    expect(lines, say`lines from "dos\\r" then "\\nunix\\n"`).toEqual(["dos", "unix"]);
  });

  it("keeps empty lines", () => {
    const decoder = new LineDecoder({ maxLineBytes: 64 });
    expect(pushed(decoder, Buffer.from("\n\r\nx\n")), say`lines from "\\n\\r\\nx\\n"`).toEqual(["", "", "x"]);
  });

  it("keeps a multi-byte character whole when its bytes arrive in two chunks (buffer bytes, not strings)", () => {
    const decoder = new LineDecoder({ maxLineBytes: 64 });
    const bytes = Buffer.from("ação\n");
    const lines = [...pushed(decoder, bytes.subarray(0, 2)), ...pushed(decoder, bytes.subarray(2))];
    expect(lines, say`lines from "ação\\n" split inside "ç"`).toEqual(["ação"]);
  });

  it("removes only the line ending: spaces and tabs before it stay in the line", () => {
    const decoder = new LineDecoder({ maxLineBytes: 64 });
    expect(pushed(decoder, Buffer.from("hello  \t\r\nbye \n")), say`lines from "hello  \\t\\r\\nbye \\n"`).toEqual(["hello  \t", "bye "]);
  });

  it("removes one \\r before the \\n, no more (a\\r\\r\\n is the line a\\r)", () => {
    const decoder = new LineDecoder({ maxLineBytes: 64 });
    expect(pushed(decoder, Buffer.from("a\r\r\nb\rc\n")), say`lines from "a\\r\\r\\nb\\rc\\n"`).toEqual(["a\r", "b\rc"]);
  });

  it("counts a line's length in UTF-8 bytes, not characters", () => {
    const held = new LineDecoder({ maxLineBytes: 8 });
    pushed(held, Buffer.from("çç"));
    expect(held.bufferedBytes, say`bytes held after "çç" (2 characters, 4 bytes)`).toBe(4);
    const decoder = new LineDecoder({ maxLineBytes: 8 });
    thrownBy(say`push() of "ççççç\\n" (5 characters, a 10-byte line, maximum 8)`, LineTooLongError, () => decoder.push(Buffer.from("ççççç\n")));
  });

  it("rejects an over-long line as soon as it passes the maximum, without waiting for its newline", () => {
    const decoder = new LineDecoder({ maxLineBytes: 8 });
    expect(pushed(decoder, Buffer.from("12345678\r\n")), say`a line of exactly 8 bytes, maximum 8`).toEqual(["12345678"]);
    pushed(decoder, Buffer.from("12345678\r"));
    expect(decoder.bufferedBytes, say`bytes held after "12345678\\r": 8 and a \\r that may be the start of \\r\\n`).toBe(9);
    thrownBy(say`push() of a 10th byte with no newline (maximum 8)`, LineTooLongError, () => decoder.push(Buffer.from("0")));
  });

  it("rejects an over-long line that arrives whole, newline and all, in one push", () => {
    const decoder = new LineDecoder({ maxLineBytes: 8 });
    thrownBy(say`push() of "123456789\\n" (a 9-byte line, maximum 8)`, LineTooLongError, () => decoder.push(Buffer.from("123456789\n")));
    const crlf = new LineDecoder({ maxLineBytes: 8 });
    thrownBy(say`push() of "123456789\\r\\n" (a 9-byte line, maximum 8)`, LineTooLongError, () => crlf.push(Buffer.from("123456789\r\n")));
  });

  it("accepts a line of exactly the maximum whose \\r and \\n arrive in separate chunks", () => {
    const decoder = new LineDecoder({ maxLineBytes: 8 });
    const lines = [...pushed(decoder, Buffer.from("12345678\r")), ...pushed(decoder, Buffer.from("\n"))];
    expect(lines, say`lines from "12345678\\r" then "\\n" (maximum 8)`).toEqual(["12345678"]);
  });
});
