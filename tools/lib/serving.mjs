// How `npm run serve <id>` starts each exercise that builds a server: which
// export to call, with what options, how to stop it, and the real-tool
// command (nc, socat) to talk to it. One entry per exercise id.
import diagnostics from "node:diagnostics_channel";

/**
 * @typedef {{ host?: string, port?: number, path?: string, udp?: boolean }} Where
 * @typedef {{ where: Where, stop: () => Promise<unknown> }} Serving
 * @typedef {{ start: (module: any, place: { path: string }) => Promise<Serving>, try: string[], note?: { en: string, pt: string }, graceful?: boolean }} ServeEntry
 *   `start` gets the exercise's module (its own type, annotated per entry);
 *   `graceful`: Ctrl-C stops it through the exercise's own shutdown().
 */

/** @param {{ host: string, port: number, close(): Promise<unknown> }} server @returns {Serving} */
const tcp = (server) => ({ where: { host: server.host, port: server.port }, stop: () => server.close() });

/** How long Ctrl-C gives a graceful shutdown() (15, 16) before it forces the connections still open. */
export const SHUTDOWN_DEADLINE_MS = 5_000;

/** @param {{ host: string, port: number, shutdown(o: { deadlineMs: number }): Promise<unknown> }} server @returns {Serving} */
const graceful = (server) => ({
  where: { host: server.host, port: server.port },
  stop: async () => console.log(`shutdown(): ${JSON.stringify(await server.shutdown({ deadlineMs: SHUTDOWN_DEADLINE_MS }))}`),
});

/**
 * Follow the TCP connections that servers in this process accept (Node's
 * `net.server.socket` diagnostics channel), whoever's code the server is:
 * so the tool can say what a graceful shutdown waits for.
 */
export function followConnections() {
  /** @type {Set<import("node:net").Socket>} */
  const open = new Set();
  const accepted = (/** @type {unknown} */ message) => {
    const { socket } = /** @type {{ socket: import("node:net").Socket }} */ (message);
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  };
  diagnostics.subscribe("net.server.socket", accepted);
  return {
    /** How many connections to this port are open now. @param {number | undefined} port */
    openAt: (port) => [...open].filter((socket) => !socket.destroyed && socket.localPort === port).length,
    stop: () => diagnostics.unsubscribe("net.server.socket", accepted),
  };
}

/** @type {Record<string, ServeEntry>} */
export const SERVE = {
  "03-listen": {
    start: async (/** @type {typeof import("../../exercises/03-listen/index.ts")} */ m) => {
      const greet = (/** @type {import("node:net").Socket} */ s) => {
        s.on("error", () => s.destroy()); // a client that resets costs only itself
        s.end("hello from your listener\n");
      };
      const l = await m.listen({ onConnection: greet });
      return { where: { host: l.address, port: l.port }, stop: () => l.close() };
    },
    try: ["nc {host} {port}"],
  },
  "05-accept": { start: async (/** @type {typeof import("../../exercises/05-accept/index.ts")} */ m) => tcp(await m.startWhoAmI()), try: ["nc {host} {port}"] },
  "06-send-recv": { start: async (/** @type {typeof import("../../exercises/06-send-recv/index.ts")} */ m) => tcp(await m.startEchoServer()), try: ["nc {host} {port}", "socat - TCP:{host}:{port}"] },
  "07-shutdown": {
    start: async (/** @type {typeof import("../../exercises/07-shutdown/index.ts")} */ m) => tcp(await m.startAnswerServer({ answer: (/** @type {Buffer} */ req) => `${req.length} bytes: ${req.toString().toUpperCase()}\n` })),
    try: ["printf 'hello' | nc -N {host} {port}", "socat - TCP:{host}:{port}"],
    note: { en: "Type a request, press Enter, then Ctrl-D: socat half-closes, and the answer comes back.", pt: "Escreve um pedido, carrega em Enter e depois em Ctrl-D: o socat faz o meio-fecho, e a resposta volta." },
  },
  "09-request-response": {
    start: async (/** @type {typeof import("../../exercises/09-request-response/index.ts")} */ m) => tcp(await m.startLineServer()),
    try: ["nc -C {host} {port}"],
    note: { en: "Then type PING, ECHO hi, NOTE x, NOTES, QUIT.", pt: "Depois escreve PING, ECHO olá, NOTE x, NOTES, QUIT." },
  },
  "10-unix-socket": {
    start: async (/** @type {typeof import("../../exercises/10-unix-socket/index.ts")} */ m, place) => {
      const server = await m.listenUnix(place.path);
      return { where: { path: server.path }, stop: () => server.close() };
    },
    try: ["nc -U {path}", "socat - UNIX-CONNECT:{path}"],
  },
  "11-udp": {
    start: async (/** @type {typeof import("../../exercises/11-udp/index.ts")} */ m) => {
      const server = await m.startUdpEcho();
      return { where: { host: server.host, port: server.port, udp: true }, stop: () => server.close() };
    },
    try: ["nc -u {host} {port}", "socat - UDP:{host}:{port}"],
  },
  "12-concurrency": { start: async (/** @type {typeof import("../../exercises/12-concurrency/index.ts")} */ m) => tcp(await m.startChatServer()), try: ["nc {host} {port}"],
    note: { en: "Open it in two or three terminals and chat.", pt: "Abre-o em dois ou três terminais e conversa." } },
  "13-timeouts": {
    start: async (/** @type {typeof import("../../exercises/13-timeouts/index.ts")} */ m) => tcp(await m.startIdleEchoServer({ idleMs: 10_000 })),
    try: ["nc {host} {port}"],
    note: { en: "Then say nothing for 10 s.", pt: "Depois não digas nada durante 10 s." },
  },
  "15-graceful-shutdown": {
    start: async (/** @type {typeof import("../../exercises/15-graceful-shutdown/index.ts")} */ m) =>
      graceful(
        await m.startWorkServer({
          handle: async (/** @type {string} */ line) => {
            console.log(`→ ${JSON.stringify(line)} (3 s)`); // in flight: now Ctrl-C shows the graceful shutdown
            await new Promise((resolve) => setTimeout(resolve, 3_000));
            return `done: ${line}`;
          },
        }),
      ),
    graceful: true,
    try: ["nc {host} {port}"],
    note: { en: "Each line takes 3 s to answer: press Ctrl-C in the server's terminal while one is running.", pt: "Cada linha demora 3 s a ser respondida: carrega em Ctrl-C no terminal do servidor enquanto uma está a correr." },
  },
  "16-capstone": {
    start: async (/** @type {typeof import("../../exercises/16-capstone/index.ts")} */ m) => graceful(await m.startKvServer({ idleMs: 60_000 })),
    graceful: true,
    try: ["nc -C {host} {port}"],
    note: { en: "Then type SET k v, GET k, DEL k, QUIT.", pt: "Depois escreve SET k v, GET k, DEL k, QUIT." },
  },
};

/**
 * Fill a try-line's placeholders.
 * @param {string} line
 * @param {Where} where
 */
export function fillTry(line, where) {
  return line
    .replaceAll("{host}", where.host ?? "")
    .replaceAll("{port}", String(where.port ?? ""))
    .replaceAll("{path}", where.path ?? "");
}
