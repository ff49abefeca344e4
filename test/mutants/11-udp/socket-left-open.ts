/**
 * Mistake: never closes the client socket when no answer comes.
 * Caught by: closes its socket when it gives up (leaving it open is a leak)
 */
import dgram from "node:dgram";
import type { UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export { MAX_DATAGRAM_BYTES, startUdpEcho } from "../../../solutions/11-udp/index.ts";
export type { UdpEchoServer, UdpRequestOptions } from "../../../solutions/11-udp/index.ts";

export async function udpRequest(port: number, payload: Uint8Array, options: UdpRequestOptions = {}): Promise<Buffer> {
  const socket = dgram.createSocket("udp4");
  const attempts = (options.retries ?? 3) + 1;
  for (let i = 0; i < attempts; i += 1) {
    const answer = await new Promise<Buffer | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), options.timeoutMs ?? 500);
      socket.once("message", (m: Buffer) => {
        clearTimeout(timer);
        resolve(m);
      });
      socket.send(payload, port, options.host ?? "127.0.0.1");
    });
    if (answer) {
      socket.close();
      return answer;
    }
  }
  throw Object.assign(new Error(`no answer after ${attempts} attempts`), { code: "ETIMEDOUT" });
}
