/**
 * 04 — connect
 *
 * The client's side of a connection: connect() opens it, and the OS picks
 * this end's port. Read README.md (or README.pt.md, em português) beside
 * this file, then write the two functions below. Run only this exercise
 * with `npm test -- 04`.
 */
import type net from "node:net";
import { notImplemented } from "../not-implemented.ts";

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

/**
 * Connect to host:port and resolve, once connected, with the socket and
 * both ends. When the connection fails, reject with the socket's error
 * (ECONNREFUSED when nothing listens): never let it escape as an uncaught
 * 'error' event, and destroy the failed socket. Once connected, take your
 * 'error' listener off the socket: its later errors are the caller's.
 */
export async function connect(host: string, port: number): Promise<Connection> {
  throw notImplemented(import.meta.url);
}

/**
 * Try each candidate in order, one at a time, until one connects, and
 * resolve with that connection. Destroy each failed attempt's socket.
 * When none connects, reject with an AggregateError whose `errors` holds
 * every attempt's error, in order, one per candidate. An empty list is a
 * RangeError.
 */
export async function connectFirst(candidates: readonly Candidate[]): Promise<Connection> {
  throw notImplemented(import.meta.url);
}
