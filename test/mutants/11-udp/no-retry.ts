/**
 * Mistake: sends once and gives up at the first timeout: no retry on loss.
 * Caught by: retries when datagrams are lost (no retry is the mistake)
 */
import { udpRequest as right } from "../../../solutions/11-udp/index.ts";
import type { UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export { MAX_DATAGRAM_BYTES, startUdpEcho } from "../../../solutions/11-udp/index.ts";
export type { UdpEchoServer, UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export function udpRequest(port: number, payload: Uint8Array, options: UdpRequestOptions = {}): Promise<Buffer> {
  return right(port, payload, { ...options, retries: 0 });
}
