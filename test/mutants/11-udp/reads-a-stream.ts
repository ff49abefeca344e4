/**
 * Mistake: treats datagrams as a stream, joining them until it has as many bytes as it sent.
 * Caught by: resolves with one datagram, not a stream of them joined
 */
import dgram from "node:dgram";
import type { UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export { MAX_DATAGRAM_BYTES, startUdpEcho } from "../../../solutions/11-udp/index.ts";
export type { UdpEchoServer, UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export async function udpRequest(port: number, payload: Uint8Array, options: UdpRequestOptions = {}): Promise<Buffer> {
  const socket = dgram.createSocket("udp4");
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => reject(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })), options.timeoutMs ?? 500);
      socket.on("message", (m: Buffer) => {
        chunks.push(m);
        const all = Buffer.concat(chunks);
        if (all.length >= payload.length) {
          clearTimeout(timer);
          resolve(all);
        }
      });
      socket.send(payload, port, options.host ?? "127.0.0.1");
    });
  } finally {
    socket.close();
  }
}
