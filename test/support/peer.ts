/**
 * Peers that tests start themselves: a throwaway TCP server to connect to,
 * and a port that nothing listens on. Both are closed when the test ends.
 */
import net from "node:net";
import { onTestFinished } from "vitest";
import { preparing, within } from "./deadline.ts";
import { say } from "./say.ts";

/** A server started by a test, not by the code under test. */
export interface TestServer {
  readonly server: net.Server;
  readonly host: string;
  readonly port: number;
  /** The server side of every connection accepted so far (open or not). */
  readonly accepted: net.Socket[];
  /** Destroy every accepted connection and close the server. */
  close(): Promise<void>;
}

/**
 * Start a TCP server on `host` (127.0.0.1 by default), port 0. Each accepted
 * connection goes to `onConnection` if given; `serverOptions` go to
 * net.createServer (e.g. `{ allowHalfOpen: true }`). The server and its
 * connections are closed when the test ends, so a failing test leaks nothing.
 */
export async function startTestServer(
  onConnection?: (socket: net.Socket) => void,
  host = "127.0.0.1",
  serverOptions: net.ServerOpts = {},
): Promise<TestServer> {
  const accepted: net.Socket[] = [];
  const server = net.createServer(serverOptions, (socket) => {
    accepted.push(socket);
    socket.on("error", () => undefined); // a test's peer may reset; that is not this server's failure
    onConnection?.(socket);
  });
  await preparing(
    say`a test server to listen on ${host}`,
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, host, () => resolve());
    }),
  );
  const { port } = server.address() as net.AddressInfo;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= within(
      say`the test server on ${host}:${port} to close`,
      new Promise<void>((resolve) => {
        for (const socket of accepted) socket.destroy();
        if (server.listening) server.close(() => resolve());
        else resolve();
      }),
    );
    return closing;
  };
  onTestFinished(close);
  return { server, host, port, accepted, close };
}

/**
 * A port on `host` that nothing listens on right now: one the OS handed out
 * for port 0 and that we closed again. Connecting to it is refused.
 */
export async function closedPort(host = "127.0.0.1"): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
