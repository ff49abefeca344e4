/**
 * 07 — shutdown: reference solution.
 */
import net from "node:net";

export interface AnswerServer {
  /** Where it listens. */
  host: string;
  port: number;
  /** Stop accepting; resolve once the server is closed (every connection ended). */
  close(): Promise<void>;
}

export interface AnswerOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /**
   * Computes the answer to one whole request (every byte the client sent
   * before its FIN). It may take its time: it can return a Promise.
   */
  answer: (request: Buffer) => Uint8Array | string | Promise<Uint8Array | string>;
}

export interface RequestOptions {
  /** Default "127.0.0.1". */
  host?: string;
}

/** A server that answers once the client has said everything (see the stub). */
export async function startAnswerServer(options: AnswerOptions): Promise<AnswerServer> {
  const host = options.host ?? "127.0.0.1";
  // allowHalfOpen: when the client's FIN arrives, keep our side open so the
  // answer can still be written. Without it Node ends our side at once.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = []; // this connection's request, and only its
    socket.on("error", () => socket.destroy()); // a reset costs this client only
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // 'end' is recv() returning 0: the client shut down its sending side.
    socket.on("end", () => {
      void (async () => {
        try {
          socket.end(await options.answer(Buffer.concat(chunks)));
        } catch {
          socket.destroy(); // no answer to give: drop this client, keep serving
        }
      })();
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
  return {
    host,
    port,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Send a whole request, half-close, read the whole answer (see the stub). */
export function request(port: number, body: Uint8Array | string, options: RequestOptions = {}): Promise<Buffer> {
  const host = options.host ?? "127.0.0.1";
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host }, () => {
      // end(data) writes, then shuts down our sending side (FIN): the server
      // sees the end of the request, and we can still read its answer.
      socket.end(body);
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (err) => {
      socket.destroy();
      reject(err);
    });
    // The server's FIN: the answer is complete.
    socket.on("end", () => {
      socket.destroy();
      resolve(Buffer.concat(chunks));
    });
  });
}
