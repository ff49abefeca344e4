/**
 * Mistake: waits for the answer with no timeout at all.
 * Caught by: gives up with ETIMEDOUT after retries + 1 sends instead of waiting forever
 */
import dgram from "node:dgram";
import type { UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export { MAX_DATAGRAM_BYTES, startUdpEcho } from "../../../solutions/11-udp/index.ts";
export type { UdpEchoServer, UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export async function udpRequest(port: number, payload: Uint8Array, options: UdpRequestOptions = {}): Promise<Buffer> {
  const socket = dgram.createSocket("udp4");
  const answer = new Promise<Buffer>((resolve) => socket.once("message", resolve));
  socket.send(payload, port, options.host ?? "127.0.0.1");
  const message = await answer;
  socket.close();
  return message;
}
