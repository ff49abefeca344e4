// The pure parts of `npm run trace`: read what `strace -f -yy` wrote, follow
// each socket of the test processes from socket() (or accept) to close(),
// name its owner from the marks test/support/trace.ts leaves (an access()
// of /kata-trace/…), and print the calls in the primer's words.

/** The system calls strace is asked for (`-e trace=`): the socket calls, reads and writes, the resolver's files, the marks, and clone so threads map to their process. */
export const SYSCALLS = [
  "socket", "bind", "listen", "accept", "accept4", "connect", "getsockname", "getpeername", "setsockopt", "shutdown", "close",
  "sendto", "sendmsg", "recvfrom", "recvmsg", "write", "writev", "read", "readv", "openat", "access", "clone", "clone3", "fork", "vfork",
];

/** The strace command line (before `--` and the command it runs). */
export function straceArgs(/** @type {string} */ outFile) {
  return ["-f", "-qq", "-yy", "-s", "512", "-o", outFile, "-e", `trace=${SYSCALLS.join(",")}`];
}

/**
 * @typedef {{ tid: number, name: string, args: string, ret: string }} Call one finished system call
 * @typedef {{ value: number, errno: string | undefined }} Result
 * @typedef {{ fd: number, kind: string, inside: string }} FdNote what -yy wrote after an fd: `22<TCP:[127.0.0.1:80->…]>`
 * @typedef {{ call: string, primitive: string, text: string, errno: string | undefined, fin?: boolean, bytes?: number }} Step
 * @typedef {{ role: string, call: string, site: string }} Owner
 * @typedef {{ id: number, pid: number, fd: number, kind: string, local: string, peer: string, target: string, asked: string, listening: boolean, from: number | undefined, owner: Owner | undefined, resolver: boolean, steps: Step[] }} TracedSocket
 * @typedef {{ name: string, sockets: TracedSocket[], resolver: string[] }} TracedTest
 */

/**
 * Lines of `strace -f` output → finished calls, the `<unfinished ...>` halves joined.
 * @param {string} text
 * @returns {Call[]}
 */
export function parseStrace(text) {
  /** @type {Map<number, string>} */
  const pending = new Map();
  /** @type {Call[]} */
  const calls = [];
  for (const line of text.split("\n")) {
    const m = /^(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const tid = Number(m[1]);
    let rest = /** @type {string} */ (m[2]);
    if (rest.endsWith(" <unfinished ...>")) {
      pending.set(tid, rest.slice(0, -" <unfinished ...>".length));
      continue;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(rest);
    if (resumed) {
      const head = pending.get(tid);
      pending.delete(tid);
      if (head === undefined) continue;
      rest = head + resumed[1];
    }
    const call = /^(\w+)\((.*)\)\s+=\s+(.*)$/.exec(rest);
    if (call) calls.push({ tid, name: /** @type {string} */ (call[1]), args: /** @type {string} */ (call[2]), ret: /** @type {string} */ (call[3]).trim() });
  }
  return calls;
}

/** @param {string} ret @returns {Result} */
export function resultOf(ret) {
  const m = /^(-?\d+)(?:\s+(E[A-Z0-9]+))?/.exec(ret);
  return { value: m ? Number(m[1]) : NaN, errno: m?.[2] };
}

/** The fd note at the start of `text` (a call's arguments or result), if it is a socket. @param {string} text @returns {FdNote | undefined} */
export function fdNote(text) {
  const m = /^(\d+)<(TCP|TCPv6|UDP|UDPv6|UDPLITE|UNIX-STREAM|UNIX-DGRAM|UNIX-SEQPACKET|UNIX|NETLINK|RAW|RAWv6):\[(.*?)\]>/.exec(text);
  return m ? { fd: Number(m[1]), kind: /** @type {string} */ (m[2]), inside: /** @type {string} */ (m[3]) } : undefined;
}

/**
 * Local and peer address from an fd note: `127.0.0.1:80->127.0.0.1:5000`, `[::1]:80`,
 * `1330236->1330232,"/tmp/k.sock"` (Unix: inode numbers, then the path); a bare inode is no address yet.
 * @param {FdNote} note
 */
export function endsOf(note) {
  if (note.kind.startsWith("UNIX")) {
    const path = /,"(.*)"$/.exec(note.inside)?.[1];
    return { local: path ? `path:${path}` : "", peer: "" };
  }
  if (/^\d+$/.test(note.inside)) return { local: "", peer: "" };
  const [local = "", peer = ""] = note.inside.split("->");
  return { local, peer };
}

/**
 * A socket address as strace decodes it (`{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}`) → `127.0.0.1:80`, `[::1]:80`, `path:/tmp/k.sock`.
 * @param {string} text
 */
export function sockaddrOf(text) {
  const unix = /sun_path=(@?)"((?:[^"\\]|\\.)*)"/.exec(text);
  if (unix) return `path:${unix[1]}${unix[2]}`;
  const port = /sin6?_port=htons\((\d+)\)/.exec(text)?.[1];
  const v4 = /inet_addr\("([^"]+)"\)/.exec(text)?.[1];
  const v6 = /inet_pton\(AF_INET6, "([^"]+)"/.exec(text)?.[1];
  if (port === undefined) return "";
  return v6 !== undefined ? `[${v6}]:${port}` : `${v4 ?? "?"}:${port}`;
}

/** The bytes of a read or write, as strace escaped them, shortened: the iov_base of a *msg/*v call, else the first argument. @param {string} args */
function bytesOf(args) {
  const m = /iov_base="((?:[^"\\]|\\.)*)"(\.\.\.)?/.exec(args) ?? /^"((?:[^"\\]|\\.)*)"(\.\.\.)?/.exec(args);
  if (!m) return "";
  const text = /** @type {string} */ (m[1]);
  return text.length > 40 || m[2] ? `"${text.slice(0, 40)}"…` : `"${text}"`;
}

/** "1 byte", "5 bytes": the same in English and Portuguese. @param {number} n */
const bytes = (n) => `${n} ${n === 1 ? "byte" : "bytes"}`;

/** Which step of the primer a system call is (docs/sockets.md, "The primitives"). */
export const PRIMITIVE = /** @type {const} */ ({
  socket: "create", bind: "bind", listen: "listen", accept: "accept", accept4: "accept", connect: "connect",
  sendto: "send", sendmsg: "send", write: "send", writev: "send",
  recvfrom: "receive", recvmsg: "receive", read: "receive", readv: "receive",
  shutdown: "shut down", close: "close", getsockname: "own address", getpeername: "peer address", setsockopt: "option",
});

/** Files getaddrinfo reads (glibc: nsswitch.conf(5), hosts(5), resolv.conf(5), gai.conf(5), host.conf(5)). */
const RESOLVER_FILES = ["/etc/hosts", "/etc/nsswitch.conf", "/etc/resolv.conf", "/etc/gai.conf", "/etc/host.conf"];

/**
 * One step of a socket, as its line will read: the POSIX call with its arguments decoded, and its result.
 * @param {Call} call
 * @param {boolean} datagram
 * @returns {Step}
 */
export function stepOf(call, datagram) {
  const { value, errno } = resultOf(call.ret);
  const primitive = PRIMITIVE[/** @type {keyof typeof PRIMITIVE} */ (call.name)] ?? call.name;
  const failed = errno ? ` = -1 ${errno}` : "";
  const rest = call.args.replace(/^\d+<[\w-]+:\[.*?\]>,?\s*/, "");
  /** @param {string} text */
  const step = (text) => ({ call: call.name, primitive, text, errno });
  switch (call.name) {
    case "socket": {
      const [domain = "", type = ""] = call.args.split(", ");
      return step(`socket(${domain}, ${type.split("|").filter((t) => !/CLOEXEC|NONBLOCK/.test(t)).join("|")}) = ${fdNote(call.ret)?.fd ?? value}${failed}`);
    }
    case "setsockopt": {
      const [, name = "", val = ""] = rest.split(", ");
      return step(`setsockopt(${name}, ${val.replace(/^\[(.*)\]$/, "$1")})${failed}`);
    }
    case "bind":
    case "connect":
      return step(`${call.name}(${sockaddrOf(rest)})${failed}`);
    case "listen":
      return step(`listen(backlog ${rest.trim()})${failed}`);
    case "accept":
    case "accept4": {
      const note = fdNote(call.ret);
      const peer = note ? endsOf(note).peer : "";
      return step(`${call.name}() = ${note?.fd ?? value}${peer ? ` (${peer})` : ""}${failed}`);
    }
    case "getsockname":
    case "getpeername":
      return step(`${call.name}() = ${sockaddrOf(rest)}${failed}`);
    case "shutdown":
      return step(`shutdown(${rest.trim()})${failed}`);
    case "close":
      return step(`close()${failed}`);
    case "write":
    case "writev":
    case "sendto":
    case "sendmsg": {
      const to = /msg_name=\{|^"(?:[^"\\]|\\.)*"(?:\.\.\.)?, \d+, \w+, \{/.test(rest) ? sockaddrOf(rest) : "";
      return { ...step(`${call.name}(${bytesOf(rest)}${to ? ` → ${to}` : ""}) = ${errno ? `-1 ${errno}` : bytes(value)}`), bytes: errno ? 0 : value };
    }
    default: {
      // read, readv, recvfrom, recvmsg
      if (errno) return step(`${call.name}() = -1 ${errno}`);
      if (value === 0 && !datagram) return { ...step(`${call.name}() = 0`), fin: true };
      const from = /msg_name=\{|, \{sa_family/.test(rest) ? sockaddrOf(rest) : "";
      return { ...step(`${call.name}() = ${bytesOf(rest)}${from ? ` ← ${from}` : ""} (${bytes(value)})`), bytes: value };
    }
  }
}

/**
 * Follow every socket of the test processes through the calls, grouped by the test that was running when it was made.
 * Only processes that left a /kata-trace/ mark (the test workers) count, so Vitest's own pipes and sockets are left out.
 * @param {Call[]} calls
 * @returns {TracedTest[]}
 */
export function followSockets(calls) {
  /** @type {Map<number, number>} thread id → process id */
  const processOf = new Map();
  /** @type {Set<number>} */
  const marked = new Set();
  for (const c of calls) {
    if (c.name.startsWith("clone") || c.name === "fork" || c.name === "vfork") {
      const child = resultOf(c.ret).value;
      if (child > 0) processOf.set(child, /CLONE_THREAD/.test(c.args) ? (processOf.get(c.tid) ?? c.tid) : child);
    }
    if (c.name === "access" && c.args.startsWith('"/kata-trace/')) marked.add(processOf.get(c.tid) ?? c.tid);
  }
  /** @type {TracedTest[]} */
  const tests = [];
  /** @type {Map<number, TracedTest>} */
  const current = new Map();
  /** @type {Map<string, TracedSocket>} "pid/fd" → the open socket */
  const open = new Map();
  /** @type {TracedSocket[]} every socket, in order of creation */
  const all = [];
  let ids = 0;
  /** @param {number} pid */
  const testOf = (pid) => {
    let test = current.get(pid);
    if (!test) {
      test = { name: "", sockets: [], resolver: [] };
      tests.push(test);
      current.set(pid, test);
    }
    return test;
  };
  /** @param {number} pid @param {FdNote} note @param {number | undefined} from */
  const openSocket = (pid, note, from) => {
    ids += 1;
    /** @type {TracedSocket} */
    const socket = { id: ids, pid, fd: note.fd, kind: note.kind, local: "", peer: "", target: "", asked: "", listening: false, from, owner: undefined, resolver: note.kind === "NETLINK", steps: [] };
    Object.assign(socket, endsOf(note));
    if (from !== undefined) socket.owner = all.find((s) => s.id === from)?.owner;
    open.set(`${pid}/${note.fd}`, socket);
    all.push(socket);
    testOf(pid).sockets.push(socket);
    return socket;
  };
  for (const c of calls) {
    const pid = processOf.get(c.tid) ?? c.tid;
    if (!marked.has(pid)) continue;
    if (c.name === "access") {
      const mark = /^"\/kata-trace\/([^"]*)"/.exec(c.args)?.[1];
      if (mark !== undefined) claim(mark.split("/").map((p) => decodeURIComponent(p)), pid);
      continue;
    }
    if (c.name === "openat") {
      const path = /^\w+(?:<[^>]*>)?, "([^"]*)"/.exec(c.args)?.[1];
      if (path && RESOLVER_FILES.includes(path) && !resultOf(c.ret).errno) testOf(pid).resolver.push(path);
      continue;
    }
    if (c.name === "socket") {
      const note = fdNote(c.ret);
      if (note) openSocket(pid, note, undefined).steps.push(stepOf(c, /DGRAM/.test(c.args)));
      continue;
    }
    const note = fdNote(c.args);
    if (!note) continue;
    const socket = open.get(`${pid}/${note.fd}`);
    if (!socket) continue;
    const ends = endsOf(note);
    if (ends.local) socket.local = ends.local;
    if (ends.peer) socket.peer = ends.peer;
    const datagram = socket.kind.startsWith("UDP") || socket.kind === "UNIX-DGRAM";
    // libuv reads until the kernel has nothing more (EAGAIN): that last read is its loop, not the program's.
    if (PRIMITIVE[/** @type {keyof typeof PRIMITIVE} */ (c.name)] === "receive" && resultOf(c.ret).errno === "EAGAIN") continue;
    socket.steps.push(stepOf(c, datagram));
    if (c.name === "listen") socket.listening = true;
    if (c.name === "bind") socket.asked = sockaddrOf(c.args);
    if (c.name === "connect") {
      socket.target = sockaddrOf(c.args);
      if (socket.target === "path:/var/run/nscd/socket" || socket.target.endsWith(":53")) socket.resolver = true;
    }
    if ((c.name === "accept4" || c.name === "accept") && fdNote(c.ret)) openSocket(pid, /** @type {FdNote} */ (fdNote(c.ret)), socket.id);
    if (c.name === "close") open.delete(`${pid}/${note.fd}`);
  }
  return tests.filter((t) => t.name !== "" || t.sockets.length > 0);

  /**
   * A mark: `test/<name>` starts a test; `own/<role>/<call>/<site>/<key>` names the owner of the latest
   * socket whose local address is key (`<local>` or `<local>><remote>`: else the one without an address
   * yet that connected to remote), or (key `to:<address>`) that connected there, or (`at:<address>`) that asked bind() for it.
   * @param {string[]} parts
   * @param {number} pid
   */
  function claim(parts, pid) {
    const [kind, ...rest] = parts;
    if (kind === "test") {
      /** @type {TracedTest} */
      const test = { name: rest.join("/"), sockets: [], resolver: [] };
      tests.push(test);
      current.set(pid, test);
      return;
    }
    if (kind !== "own" || rest.length < 4) return;
    const [role = "", call = "", site = "", ...key] = rest;
    const wanted = key.join("/");
    // Most recent first; a failed connect() was already closed when Node reported it.
    const mine = all.filter((s) => s.pid === pid && !s.owner).reverse();
    const found = wanted.startsWith("to:")
      ? mine.find((s) => s.target === wanted.slice(3))
      : wanted.startsWith("at:")
        ? mine.find((s) => s.asked === wanted.slice(3))
        : mine.find((s) => s.local === wanted.split(">")[0]) ?? mine.find((s) => !s.local && s.target === wanted.split(">")[1]);
    if (!found) return;
    found.owner = { role, call, site: site === "-" ? "" : site };
    // Connections it accepted before the mark came are its too.
    for (const s of all) if (s.from === found.id && !s.owner) s.owner = found.owner;
  }
}

/** Every word `npm run trace` prints, in both languages. */
export const TRACE_TEXT = {
  en: {
    primitive: /** @type {Record<string, string>} */ ({
      create: "create", bind: "bind", listen: "listen", accept: "accept", connect: "connect", send: "send", receive: "receive",
      "shut down": "shut down", close: "close", "own address": "own address", "peer address": "peer address", option: "option", resolve: "resolve",
    }),
    fin: "end of stream: the peer's FIN",
    errno: /** @type {Record<string, string>} */ ({
      EINPROGRESS: "the handshake goes on; Node waits for it",
      ECONNREFUSED: "nothing listens there",
      ECONNRESET: "the peer aborted (RST)",
      EADDRINUSE: "something still holds that address",
      EACCES: "not allowed (a privileged port?)",
      EPIPE: "writing after the peer closed",
      EAGAIN: "not now: the send buffer is full, or nothing has arrived",
      ENOENT: "no such path",
      EADDRNOTAVAIL: "not an address of this machine",
    }),
    yours: (/** @type {string} */ call) => `your ${call}`,
    theTest: (/** @type {string} */ call) => `the test's ${call}`,
    unknown: "a socket no mark names",
    noneYours: "(your code made no socket in this test: it worked on the test's, shown in full)",
    times: (/** @type {number} */ n, /** @type {number} */ total) => `×${n}, ${total} bytes in all`,
    yoursSide: "your code:",
    referenceSide: "the reference:",
    noSocket: "(no socket)",
    alike: (/** @type {number} */ same, /** @type {number} */ all) => `${same} of ${all} tests: your code made the same socket calls as the reference (sends and receives aside).`,
    acceptedYours: "a connection your server accepted",
    acceptedTest: "a connection the test's server accepted",
    listening: "listening on",
    resolver: "the resolver's (getaddrinfo)",
    reads: (/** @type {string} */ files) => `the resolver read ${files}`,
    calls: (/** @type {number} */ n) => `${n} ${n === 1 ? "call" : "calls"}; --all shows them`,
    test: "test",
    outside: "outside any test (loading the files)",
    nothing: "No socket calls: did the tests run? (npm test -- NN says)",
    legend: "The steps are the rows of the primer's table (docs/sockets.md, \"The primitives, in the order a program calls them\"); own and peer address are getsockname() and getpeername(), just below it; option is setsockopt(), a socket option (man 7 socket, man 7 tcp).",
  },
  pt: {
    primitive: /** @type {Record<string, string>} */ ({
      create: "criar", bind: "associar", listen: "escutar", accept: "aceitar", connect: "ligar", send: "enviar", receive: "receber",
      "shut down": "fechar um sentido", close: "fechar", "own address": "endereço próprio", "peer address": "endereço do outro", option: "opção", resolve: "resolver",
    }),
    fin: "fim do fluxo: o FIN do outro lado",
    errno: /** @type {Record<string, string>} */ ({
      EINPROGRESS: "o aperto de mão continua; o Node espera por ele",
      ECONNREFUSED: "ninguém está à escuta aí",
      ECONNRESET: "o outro lado abortou (RST)",
      EADDRINUSE: "alguém ainda ocupa esse endereço",
      EACCES: "não é permitido (uma porta privilegiada?)",
      EPIPE: "escrever depois de o outro lado fechar",
      EAGAIN: "agora não: o buffer de envio está cheio, ou nada chegou",
      ENOENT: "esse caminho não existe",
      EADDRNOTAVAIL: "não é um endereço desta máquina",
    }),
    yours: (/** @type {string} */ call) => `o teu ${call}`,
    theTest: (/** @type {string} */ call) => `o ${call} do teste`,
    unknown: "um socket que nenhuma marca nomeia",
    noneYours: "(o teu código não criou nenhum socket neste teste: trabalhou nos do teste, mostrados por inteiro)",
    times: (/** @type {number} */ n, /** @type {number} */ total) => `×${n}, ${total} bytes ao todo`,
    yoursSide: "o teu código:",
    referenceSide: "a referência:",
    noSocket: "(nenhum socket)",
    alike: (/** @type {number} */ same, /** @type {number} */ all) => `${same} de ${all} testes: o teu código fez as mesmas chamadas de sockets que a referência (envios e receções à parte).`,
    acceptedYours: "uma ligação que o teu servidor aceitou",
    acceptedTest: "uma ligação que o servidor do teste aceitou",
    listening: "à escuta em",
    resolver: "do resolvedor (getaddrinfo)",
    reads: (/** @type {string} */ files) => `o resolvedor leu ${files}`,
    calls: (/** @type {number} */ n) => `${n} ${n === 1 ? "chamada" : "chamadas"}; --all mostra-as`,
    test: "teste",
    outside: "fora de qualquer teste (a carregar os ficheiros)",
    nothing: "Nenhuma chamada de sockets: os testes correram? (o npm test -- NN diz)",
    legend: "Os passos são as linhas da tabela da introdução (docs/sockets.pt.md, \"As primitivas, pela ordem em que um programa as chama\"); endereço próprio e do outro são o getsockname() e o getpeername(), logo abaixo dela; opção é o setsockopt(), uma opção do socket (man 7 socket, man 7 tcp).",
  },
};

/**
 * The trace as the learner reads it: per test, each socket with its owner, addresses and calls.
 * The test's own sockets (its clients and peers) take one line each unless `all`.
 * @param {TracedTest[]} tests
 * @param {{ lang: "en" | "pt", all?: boolean }} look
 */
export function renderTrace(tests, { lang, all = false }) {
  const t = TRACE_TEXT[lang];
  const shown = tests.filter((test) => test.sockets.length > 0 || test.resolver.length > 0);
  if (shown.length === 0) return t.nothing;
  /** @type {string[]} */
  const out = [];
  for (const test of shown) {
    out.push(`\n▸ ${test.name || t.outside}`);
    // Code that makes no socket of its own (14 writes on the test's) works on the test's: show those in full.
    const none = !test.sockets.some((s) => s.owner?.role === "yours");
    if (none) out.push(`  ${t.noneYours}`);
    if (test.resolver.length > 0) out.push(`    ${(t.primitive.resolve ?? "").padEnd(19)}${t.reads([...new Set(test.resolver)].join(", "))}`);
    for (const socket of test.sockets) {
      const mine = socket.owner?.role === "yours";
      const head = headOf(socket, t);
      if (!mine && !all && !(none && socket.owner) && (socket.owner || socket.resolver)) {
        out.push(`  ${head} (${t.calls(socket.steps.length)})`);
        continue;
      }
      out.push(`  ${head}`);
      for (const run of runsOf(socket.steps)) {
        const [first] = run;
        if (!first) continue;
        const many = run.length > 1 ? ` ${t.times(run.length, run.reduce((sum, s) => sum + (s.bytes ?? 0), 0))}` : "";
        out.push(`    ${(t.primitive[first.primitive] ?? first.primitive).padEnd(19)}${lineOf(first, t)}${many}`);
      }
    }
  }
  out.push(`\n${t.legend}`);
  return out.join("\n");
}

/**
 * Consecutive sends (or receives) with the same call and no error, one run each: a 4 MiB body is
 * one line "write(…) = 65536 bytes ×64, 4194304 bytes in all", not 64.
 * @param {Step[]} steps
 * @returns {Step[][]}
 */
export function runsOf(steps) {
  /** @type {Step[][]} */
  const runs = [];
  for (const step of steps) {
    const last = runs.at(-1);
    const head = last?.[0];
    const joins = head && head.call === step.call && step.bytes !== undefined && head.bytes !== undefined && !step.errno && !head.errno && !step.fin && !head.fin;
    if (last && joins) last.push(step);
    else runs.push([step]);
  }
  return runs;
}

/** @param {TracedSocket} socket @param {typeof TRACE_TEXT["en"]} t */
function headOf(socket, t) {
  const who = socket.resolver
    ? t.resolver
    : !socket.owner
      ? t.unknown
      : socket.from !== undefined
        ? socket.owner.role === "yours" ? t.acceptedYours : t.acceptedTest
        : `${(socket.owner.role === "yours" ? t.yours : t.theTest)(socket.owner.call)}${socket.owner.site ? ` (${socket.owner.site})` : ""}`;
  const where = socket.listening
    ? `${t.listening} ${plain(socket.local)}`
    : [plain(socket.local), plain(socket.peer || socket.target)].filter(Boolean).join(socket.from !== undefined ? " ← " : " → ");
  return `${who}: fd ${socket.fd}, ${socket.kind}${where ? `, ${where}` : ""}`;
}

/** @param {string} address */
const plain = (address) => address.replace(/^path:/, "");

/** @param {Step} step @param {typeof TRACE_TEXT["en"]} t */
function lineOf(step, t) {
  const text = step.text.replace(/path:/g, "");
  if (step.fin) return `${text} (${t.fin})`;
  const why = step.errno ? t.errno[step.errno] : undefined;
  return why ? `${text} (${why})` : text;
}

/**
 * What your sockets did in a test, in words that do not change from run to run: per socket, who
 * made it and its calls other than sends, receives and address queries (ports the OS picked, fds
 * and byte counts left out), with the FIN it received. Sends and receives differ with every chunking; these do not.
 * @param {TracedTest} test
 * @returns {string[]}
 */
export function summaryOf(test) {
  const steady = (/** @type {string} */ text) => text.replace(/:(\d{4,5})\b/g, ":PORT").replace(/ = \d+( \(|$)/, "$1").replace(/path:\/[^\s)]*\/([^/\s)]+)/g, "…/$1");
  return test.sockets
    .filter((s) => s.owner?.role === "yours")
    .map((s) => {
      // getsockname() and getpeername() only ask: how often is a matter of style.
      const calls = s.steps.filter((step) => (step.bytes === undefined || step.fin) && !step.primitive.endsWith("address")).map((step) => (step.fin ? "read() = 0" : steady(step.text)));
      return `${s.from !== undefined ? "accept4()" : s.owner?.call ?? ""} ${s.kind}: ${calls.join(", ")}`;
    });
}

/**
 * Your code's calls beside the reference's, for the tests where they differ.
 * @param {TracedTest[]} yours
 * @param {TracedTest[]} reference
 * @param {{ lang: "en" | "pt" }} look
 */
export function renderComparison(yours, reference, { lang }) {
  const t = TRACE_TEXT[lang];
  /** @type {string[]} */
  const out = [];
  let same = 0;
  for (const theirs of reference.filter((test) => test.name !== "")) {
    const mine = yours.find((test) => test.name === theirs.name);
    const a = mine ? summaryOf(mine) : [];
    const b = summaryOf(theirs);
    if (a.join("\n") === b.join("\n")) {
      same += 1;
      continue;
    }
    out.push(`\n▸ ${theirs.name}`, `  ${t.yoursSide}`, ...(a.length > 0 ? a : [t.noSocket]).map((line) => `    ${line}`), `  ${t.referenceSide}`, ...b.map((line) => `    ${line}`));
  }
  out.push(`\n${t.alike(same, same + out.filter((line) => line.startsWith("\n▸")).length)}`);
  return out.join("\n");
}
