/**
 * Mistake: the echo server sends what it got back in 1024-byte pieces, as if UDP were a stream.
 * Caught by: keeps datagram boundaries: three sends come back as three whole datagrams
 */
import dgram from "node:dgram";
import type { UdpEchoServer } from "../../../solutions/11-udp/index.ts";

export { MAX_DATAGRAM_BYTES, udpRequest } from "../../../solutions/11-udp/index.ts";
export type { UdpEchoServer, UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export async function startUdpEcho(options: { host?: string } = {}): Promise<UdpEchoServer> {
  const host = options.host ?? "127.0.0.1";
  const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  socket.on("message", (message: Buffer, from) => {
    for (let at = 0; at < message.length; at += 1024) socket.send(message.subarray(at, at + 1024), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, host, () => resolve()));
  return { host, port: socket.address().port, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
