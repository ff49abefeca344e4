/**
 * 06 — send / recv: reference solution.
 */
import net from "node:net";

export interface EchoServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** Stop accepting; resolve once the server is closed (every connection ended). */
  close(): Promise<void>;
}

export interface EchoOptions {
  /** Default "127.0.0.1". */
  host?: string;
}

/** An echo server (see the stub for the contract). */
export async function startEchoServer(options: EchoOptions = {}): Promise<EchoServer> {
  const host = options.host ?? "127.0.0.1";
  const server = net.createServer((socket) => {
    socket.on("error", () => socket.destroy()); // a client that resets costs only itself
    // Each chunk goes back as the same bytes, on this client's own socket:
    // no decoding, no waiting for "the whole message" (TCP has none).
    socket.on("data", (chunk: Buffer) => socket.write(chunk));
    // Without allowHalfOpen, Node ends our side once the client ends its own.
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    host,
    port,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Send a payload to an echo server and collect the reply (see the stub). */
export function sendAndCollect(port: number, payload: Uint8Array, options: EchoOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  // Nothing to send, nothing to wait for: no connection at all.
  if (payload.length === 0) return Promise.resolve(Buffer.alloc(0));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const socket = net.connect({ port, host });
    const finish = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, received));
    };
    socket.on("error", finish);
    socket.on("connect", () => socket.write(payload));
    // recv() returns whatever has arrived: keep reading until every byte is back.
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= payload.length) finish();
    });
    socket.on("end", () => {
      if (received < payload.length) {
        finish(new Error(`the server ended the connection after ${received} of ${payload.length} bytes`));
      }
    });
  });
}

/** Send text, collect the reply as text (see the stub). */
export async function sendText(port: number, text: string, options: EchoOptions = {}): Promise<string> {
  const reply = await sendAndCollect(port, Buffer.from(text, "utf8"), options);
  // Decode once, from all the bytes: a character split across chunks stays whole.
  return reply.toString("utf8");
}
