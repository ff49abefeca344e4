/**
 * 14 — backpressure: reference solution.
 */
import type net from "node:net";

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

/** Stream a generated body, honouring backpressure (see the stub). */
export async function sendBody(socket: net.Socket, totalBytes: number, options: BodyOptions = {}): Promise<BodyReport> {
  const chunkBytes = options.chunkBytes ?? 16 * 1024;
  let drains = 0;
  for (let sent = 0; sent < totalBytes; ) {
    if (socket.destroyed) throw new Error(`the connection closed after ${sent} of ${totalBytes} bytes`);
    // Make each chunk only when it can be sent: the body is never all in memory.
    const chunk = Buffer.alloc(Math.min(chunkBytes, totalBytes - sent));
    for (let j = 0; j < chunk.length; j += 1) chunk[j] = bodyByte(sent + j);
    sent += chunk.length;
    if (!socket.write(chunk)) {
      // The queue has reached its high-water mark: wait until it drains, or the reader goes away.
      drains += 1;
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          socket.off("close", onClose);
          resolve();
        };
        const onClose = () => {
          socket.off("drain", onDrain);
          reject(new Error(`the connection closed after ${sent} of ${totalBytes} bytes were queued`));
        };
        socket.once("drain", onDrain);
        socket.once("close", onClose);
      });
    }
  }
  socket.end();
  return { drains };
}
