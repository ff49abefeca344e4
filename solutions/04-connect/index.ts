/**
 * 04 — connect: reference solution.
 */
import net from "node:net";

export interface Endpoint {
  address: string;
  port: number;
  family: "IPv4" | "IPv6";
}

export interface Connection {
  /** The connected socket; the caller ends or destroys it. */
  socket: net.Socket;
  /** This end: the address and the port the OS chose for it. */
  local: Endpoint;
  /** The server's end. */
  remote: Endpoint;
}

export interface Candidate {
  host: string;
  port: number;
}

function endpoint(address: string | undefined, port: number | undefined, family: string | undefined): Endpoint {
  return { address: address ?? "", port: port ?? 0, family: family === "IPv6" ? "IPv6" : "IPv4" };
}

/** Connect to host:port and report both ends (see the stub for the contract). */
export async function connect(host: string, port: number): Promise<Connection> {
  const socket = net.connect({ host, port });
  try {
    // connect() is asynchronous: 'connect' when the handshake completes,
    // 'error' (ECONNREFUSED, …) when it fails. An unhandled 'error' would crash.
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
  } catch (err) {
    socket.destroy(); // a failed attempt must not leave its socket behind
    throw err;
  }
  socket.removeAllListeners("error");
  return {
    socket,
    local: endpoint(socket.localAddress, socket.localPort, socket.localFamily),
    remote: endpoint(socket.remoteAddress, socket.remotePort, socket.remoteFamily),
  };
}

/** Try each candidate in turn until one connects (see the stub for the contract). */
export async function connectFirst(candidates: readonly Candidate[]): Promise<Connection> {
  if (candidates.length === 0) throw new RangeError("connectFirst needs at least one candidate");
  const errors: unknown[] = [];
  for (const { host, port } of candidates) {
    try {
      return await connect(host, port);
    } catch (err) {
      errors.push(err);
    }
  }
  throw new AggregateError(errors, `could not connect to any of ${candidates.length} candidates`);
}
