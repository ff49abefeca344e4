/**
 * 15 — graceful shutdown: reference solution.
 */
import net from "node:net";

export interface WorkOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** Handles one request line (without its line ending); its result is the answer line. */
  handle: (request: string) => Promise<string> | string;
}

export interface ShutdownOptions {
  /** How long in-flight requests may take before their connections are destroyed, in milliseconds. */
  deadlineMs: number;
}

/** What shutdown() did with the connections open when it began. */
export interface ShutdownReport {
  /** Busy connections whose requests finished, were answered and then ended, before the deadline. */
  completed: number;
  /** Idle connections, ended at once. */
  closedIdle: number;
  /** Busy connections whose requests were still unanswered at the deadline, destroyed. (A connection already counted above whose client keeps its side open is destroyed at the deadline too, but not counted again.) */
  forced: number;
}

export interface WorkServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** Stop gracefully (see startWorkServer); calling it again returns the same promise. */
  shutdown(options: ShutdownOptions): Promise<ShutdownReport>;
}

interface Connection {
  socket: net.Socket;
  /** Requests received and not yet answered (the first one is being handled). */
  queue: string[];
  /** Set when shutdown began while this connection was busy. */
  draining: boolean;
  /** Set once the report counts it (completed or closedIdle): its client may keep its side open, and the deadline destroys it without counting it again. */
  counted: boolean;
}

/** A line server that can shut down gracefully (see the stub). */
export async function startWorkServer(options: WorkOptions): Promise<WorkServer> {
  const host = options.host ?? "127.0.0.1";
  const connections = new Set<Connection>();
  let stopping = false;
  let report: ShutdownReport = { completed: 0, closedIdle: 0, forced: 0 };

  /** Handle queued requests one at a time, in order; end a draining connection once it has none left. */
  const work = async (c: Connection) => {
    while (c.queue.length > 0) {
      const request = c.queue[0] ?? "";
      let answer: string;
      try {
        answer = await options.handle(request);
      } catch (err) {
        answer = `ERR ${err instanceof Error ? err.message : String(err)}`;
      }
      c.queue.shift();
      if (c.socket.destroyed) return; // forced at the deadline, or the client left
      c.socket.write(`${answer}\n`);
    }
    if (c.draining) {
      report.completed += 1;
      c.counted = true;
      c.socket.end();
    }
  };

  const server = net.createServer((socket) => {
    const c: Connection = { socket, queue: [], draining: false, counted: false };
    connections.add(c);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => connections.delete(c));
    let pending = "";
    socket.setEncoding("utf8"); // a StringDecoder: characters split across chunks stay whole
    socket.on("data", (text: string) => {
      if (stopping) return; // no new work once shutdown began
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      const idle = c.queue.length === 0;
      for (const line of lines) c.queue.push(line.endsWith("\r") ? line.slice(0, -1) : line);
      if (idle && c.queue.length > 0) void work(c);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;

  let shuttingDown: Promise<ShutdownReport> | undefined;
  const shutdown = ({ deadlineMs }: ShutdownOptions) =>
    (shuttingDown ??= new Promise<ShutdownReport>((resolve) => {
      stopping = true;
      report = { completed: 0, closedIdle: 0, forced: 0 };
      // At the deadline, whatever is still open is destroyed.
      const timer = setTimeout(() => {
        for (const c of connections) {
          if (!c.counted) report.forced += 1; // still busy: its work is cut short
          c.socket.destroy();
        }
      }, deadlineMs);
      // Stop accepting: the listening socket closes now, new connects are refused.
      // (Its callback waits for every connection: that is what the rest is for.)
      server.close(() => {
        clearTimeout(timer);
        resolve(report);
      });
      // Idle connections end now; busy ones after their last answer (in work()).
      for (const c of connections) {
        if (c.queue.length === 0) {
          report.closedIdle += 1;
          c.counted = true;
          c.socket.end();
        } else {
          c.draining = true;
        }
      }
    }));
  return { host, port, shutdown };
}
