/**
 * 14 — backpressure
 *
 * A fast sender and a slow reader: who holds the bytes in between? Read
 * README.md (or README.pt.md, em português) beside this file, then write
 * sendBody() below (bodyByte is given). Run only this exercise with
 * `npm test -- 14`.
 */
import type net from "node:net";
import { notImplemented } from "../not-implemented.ts";

/** Byte `i` of every body: a pattern that shows a lost, doubled or reordered chunk. */
export function bodyByte(i: number): number {
  return i % 251;
}

export interface BodyOptions {
  /** Bytes per write(). Default 16 KiB. */
  chunkBytes?: number;
}

export interface BodyReport {
  /** How many times write() returned false and the sender waited for 'drain'. */
  drains: number;
}

/**
 * Write a body of `totalBytes` bytes to `socket` (byte i is bodyByte(i)),
 * `chunkBytes` per write(), then end the socket. Honour backpressure: when
 * write() returns false, write nothing more until 'drain'. So the socket's
 * queue (socket.writableLength) never holds more than its high-water mark
 * plus one chunk. Make each chunk when it is about to be written, not the
 * whole body up front; the last chunk is what is left (the body is exactly
 * totalBytes). If the connection is already closed, or closes before the
 * body is sent, stop writing and reject. Take the 'close' listener of each
 * wait off again when 'drain' comes. Resolve with how many times it waited for 'drain'.
 */
export async function sendBody(socket: net.Socket, totalBytes: number, options: BodyOptions = {}): Promise<BodyReport> {
  throw notImplemented(import.meta.url);
}
