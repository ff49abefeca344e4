/**
 * Mistake: an unconnected socket that takes the first datagram whose source port is the server's, from any address.
 * Caught by: takes the answer only from the address it sent to, not from its port number at another address
 */
import dgram from "node:dgram";
import type { UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export { MAX_DATAGRAM_BYTES, startUdpEcho } from "../../../solutions/11-udp/index.ts";
export type { UdpEchoServer, UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export async function udpRequest(port: number, payload: Uint8Array, options: UdpRequestOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  try {
    const attempts = (options.retries ?? 3) + 1;
    for (let i = 0; i < attempts; i += 1) {
      const answer = await new Promise<Buffer | undefined>((resolve) => {
        const onMessage = (m: Buffer, from: dgram.RemoteInfo) => {
          if (from.port !== port) return;
          clearTimeout(timer);
          socket.off("message", onMessage);
          resolve(m);
        };
        const timer = setTimeout(() => {
          socket.off("message", onMessage);
          resolve(undefined);
        }, options.timeoutMs ?? 500);
        socket.on("message", onMessage);
        socket.send(payload, port, host);
      });
      if (answer) return answer;
    }
    throw Object.assign(new Error(`no answer after ${attempts} attempts`), { code: "ETIMEDOUT" });
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
