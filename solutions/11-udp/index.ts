/**
 * 11 — UDP datagrams: reference solution.
 */
import dgram from "node:dgram";

/** Largest UDP payload over IPv4: 65535 − 8 (UDP header) − 20 (IPv4 header). */
export const MAX_DATAGRAM_BYTES = 65507;

export interface UdpEchoServer {
  /** The address it is bound to. */
  host: string;
  /** The port the OS chose. */
  port: number;
  /** Close the socket; resolves once it is closed and the port is free. */
  close(): Promise<void>;
}

/** IPv6 addresses contain a colon; they need a udp6 socket. */
function typeFor(host: string): dgram.SocketType {
  return host.includes(":") ? "udp6" : "udp4";
}

/** A UDP echo server: each datagram goes back, whole, to where it came from. */
export async function startUdpEcho(options: { host?: string } = {}): Promise<UdpEchoServer> {
  const host = options.host ?? "127.0.0.1";
  const socket = dgram.createSocket(typeFor(host));
  // recvfrom gives the sender's address with each datagram; sendto answers it.
  socket.on("message", (message, from) => {
    socket.send(message, from.port, from.address);
  });
  // Unconnected, it hears no ICMP errors, and each echo is the size of a datagram that came in;
  // still, an 'error' with no listener would crash the process.
  socket.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    // It cannot bind there (a host that does not resolve, say): close the socket, then reject.
    const fail = (err: Error) => socket.close(() => reject(err));
    socket.once("error", fail);
    socket.bind(0, host, () => {
      socket.off("error", fail);
      resolve();
    });
  });
  const { port } = socket.address();
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    close: () => (closing ??= new Promise<void>((resolve) => socket.close(() => resolve()))),
  };
}

export interface UdpRequestOptions {
  /** Where the server is: "127.0.0.1" (default), "::1", … */
  host?: string;
  /** How long to wait for each answer, in milliseconds. Default 500. */
  timeoutMs?: number;
  /** How many more times to send when no answer comes. Default 3. */
  retries?: number;
}

/** Send one datagram and wait for the answer, resending on silence. */
export async function udpRequest(port: number, payload: Uint8Array, options: UdpRequestOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  const timeoutMs = options.timeoutMs ?? 500;
  const retries = options.retries ?? 3;
  if (payload.length > MAX_DATAGRAM_BYTES) {
    throw new RangeError(`a datagram carries at most ${MAX_DATAGRAM_BYTES} bytes; this one has ${payload.length}`);
  }
  const socket = dgram.createSocket(typeFor(host));
  try {
    // connect() fixes the peer: the kernel then drops datagrams from any
    // other address, and an ICMP "port unreachable" surfaces as an error.
    // Without a callback, a failed connect() (the host does not resolve, say) comes as 'error'.
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve();
      });
      socket.connect(port, host);
    });
    const attempts = retries + 1;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const answer = await new Promise<Buffer | undefined>((resolve, reject) => {
        const timer = setTimeout(() => finish(undefined), timeoutMs);
        const onMessage = (message: Buffer) => finish(message);
        // ECONNREFUSED here is the ICMP answer of a closed port: a lost datagram, retry.
        const onError = (err: NodeJS.ErrnoException) => (err.code === "ECONNREFUSED" ? undefined : fail(err));
        function finish(message: Buffer | undefined) {
          clearTimeout(timer);
          socket.off("message", onMessage);
          socket.off("error", onError);
          resolve(message);
        }
        function fail(err: Error) {
          clearTimeout(timer);
          socket.off("message", onMessage);
          socket.off("error", onError);
          reject(err);
        }
        socket.on("message", onMessage);
        socket.on("error", onError);
        socket.send(payload);
      });
      if (answer) return answer;
    }
    throw Object.assign(new Error(`no answer from ${host}:${port} after ${attempts} attempts of ${timeoutMs} ms`), {
      code: "ETIMEDOUT",
    });
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
