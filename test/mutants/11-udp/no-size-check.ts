/**
 * Mistake: sends whatever it is given, so an oversized payload fails later with EMSGSIZE instead of a RangeError up front.
 * Caught by: refuses a payload over 65507 bytes with a RangeError before sending anything
 */
import { MAX_DATAGRAM_BYTES, udpRequest as right } from "../../../solutions/11-udp/index.ts";
import type { UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export { MAX_DATAGRAM_BYTES, startUdpEcho } from "../../../solutions/11-udp/index.ts";
export type { UdpEchoServer, UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export function udpRequest(port: number, payload: Uint8Array, options: UdpRequestOptions = {}): Promise<Buffer> {
  if (payload.length <= MAX_DATAGRAM_BYTES) return right(port, payload, options);
  return Promise.reject(Object.assign(new Error("send EMSGSIZE"), { code: "EMSGSIZE" }));
}
