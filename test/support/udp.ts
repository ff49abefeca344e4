/**
 * A UDP peer the test owns: it records every datagram it receives, can drop
 * the first few (to prove a client retries), and can answer or stay silent.
 * Closed when the test ends.
 */
import dgram from "node:dgram";
import { onTestFinished } from "vitest";
import { preparing, within } from "./deadline.ts";
import { say } from "./say.ts";

export interface UdpPeerOptions {
  /** 127.0.0.1 (default) or ::1. */
  host?: string;
  /** The port to bind. Default 0: the OS chooses. */
  port?: number;
  /** Ignore this many datagrams before answering any. Default 0. */
  drop?: number;
  /** Echo each datagram (not dropped) back to its sender. Default true; false makes a silent peer. */
  echo?: boolean;
}

export interface UdpPeer {
  readonly socket: dgram.Socket;
  readonly host: string;
  readonly port: number;
  /** Every datagram received, dropped ones included, in order. */
  readonly received: { data: Buffer; from: dgram.RemoteInfo }[];
  /** Wait, with the deadline, until at least `count` datagrams came (an event, not a pause). */
  receivedAtLeast(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Start a UDP peer on host, port 0. */
export async function startUdpPeer(options: UdpPeerOptions = {}): Promise<UdpPeer> {
  const host = options.host ?? "127.0.0.1";
  const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  const received: UdpPeer["received"] = [];
  let toDrop = options.drop ?? 0;
  const arrivals = new Set<() => void>();
  socket.on("message", (data, from) => {
    received.push({ data, from });
    for (const wake of [...arrivals]) wake();
    if (toDrop > 0) {
      toDrop -= 1;
      return;
    }
    if (options.echo ?? true) socket.send(data, from.port, from.address);
  });
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => socket.close(() => resolve()));
    return closed;
  };
  // Before binding: a bind that fails (a port asked for is taken) leaves no socket open.
  onTestFinished(close);
  await preparing(
    say`a UDP test peer to bind ${host}`,
    new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(options.port ?? 0, host, () => resolve());
    }),
  );
  const { port } = socket.address();
  const receivedAtLeast = async (count: number): Promise<void> => {
    let wake = (): void => undefined;
    const enough = new Promise<void>((resolve) => {
      wake = () => {
        if (received.length >= count) resolve();
      };
    });
    arrivals.add(wake);
    wake();
    try {
      await within(say`the UDP test peer to receive ${count} datagrams (it has ${received.length})`, enough);
    } finally {
      arrivals.delete(wake);
    }
  };
  return { socket, host, port, received, receivedAtLeast, close };
}

/**
 * A bare UDP socket for the test to send from and read with; closed when the
 * test ends. `next()` waits (with a deadline) for the next datagram.
 */
export async function openUdpSocket(host = "127.0.0.1"): Promise<{
  socket: dgram.Socket;
  port: number;
  messages: Buffer[];
  next(what?: string): Promise<Buffer>;
}> {
  const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  const messages: Buffer[] = [];
  const waiting: ((data: Buffer) => void)[] = [];
  let read = 0;
  socket.on("message", (data) => {
    messages.push(data);
    const wake = waiting.shift();
    if (wake) {
      read += 1;
      wake(data);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, host, () => resolve());
  });
  onTestFinished(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  const next = (what = say`the next datagram`): Promise<Buffer> => {
    if (read < messages.length) {
      const data = messages[read];
      read += 1;
      if (data) return Promise.resolve(data);
    }
    return within(what, new Promise<Buffer>((resolve) => waiting.push(resolve)));
  };
  return { socket, port: socket.address().port, messages, next };
}
