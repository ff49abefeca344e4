/**
 * 03 — listen: socket, bind, listen
 *
 * A server starts with three calls: socket(), bind() and listen(). Read
 * README.md (or README.pt.md, em português) beside this file, then write
 * listen() below. Run only this exercise with `npm test -- 03`.
 */
import type net from "node:net";
import { notImplemented } from "../not-implemented.ts";

export interface ListenOptions {
  /** Where to listen. Default "127.0.0.1": loopback only. */
  host?: string;
  /** Default 0: the operating system chooses a free port. */
  port?: number;
  /** Called with each accepted connection. Default: none. */
  onConnection?: (socket: net.Socket) => void;
}

export interface Listening {
  /** The bound address, as server.address() reports it. */
  address: string;
  /** The bound port (the real one, never 0). */
  port: number;
  family: "IPv4" | "IPv6";
  /** The underlying server. */
  server: net.Server;
  /**
   * Stop accepting at once; resolve when the server is fully closed, after
   * every open connection has ended. Rejects if it was not listening.
   */
  close(): Promise<void>;
}

/**
 * Start a TCP server on `host` (default "127.0.0.1", never every interface)
 * and `port` (default 0), and resolve once it is really listening, with the
 * address, port and family it is bound to.
 *
 * When it cannot listen (EADDRINUSE: the port is taken; EACCES: a port
 * below 1024 without privilege), reject with that error, never let it
 * escape as an uncaught 'error' event, and leave nothing open.
 */
export async function listen(options: ListenOptions = {}): Promise<Listening> {
  throw notImplemented(import.meta.url);
}
