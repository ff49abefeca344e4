// `npm run trace`: reading strace's output (tools/lib/trace.mjs), and, where
// strace may trace here, the calls the reference solutions of 03, 05, 07
// and 11 must show.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../lib/manifest.mjs";
import { followSockets, parseStrace, renderComparison, renderTrace, runsOf, sockaddrOf, stepOf, summaryOf } from "../lib/trace.mjs";

// An excerpt of `strace -f -yy` over 07's first test, with a thread's call split in two halves.
const EXCERPT = `1838  access("/kata-trace/test/07%3A%20answers%20after%20the%20FIN", F_OK) = -1 ENOENT (No such file or directory)
1838  clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD, child_tid=0x1}, 88) = 1840
1700  socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 22<TCP:[9]>
1838  socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 22<TCP:[1335411]>
1838  setsockopt(22<TCP:[1335411]>, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
1838  bind(22<TCP:[1335411]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
1838  listen(22<TCP:[127.0.0.1:38111]>, 511) = 0
1838  access("/kata-trace/own/yours/server.listen()/solutions%2F07-shutdown%2Findex.ts%3A51/127.0.0.1%3A38111", F_OK) = -1 ENOENT (No such file or directory)
1838  socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 23<TCP:[1335416]>
1838  connect(23<TCP:[1335416]>, {sa_family=AF_INET, sin_port=htons(38111), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)
1838  accept4(22<TCP:[127.0.0.1:38111]>, NULL, NULL, SOCK_CLOEXEC|SOCK_NONBLOCK) = 24<TCP:[127.0.0.1:38111->127.0.0.1:41928]>
1838  access("/kata-trace/own/test/socket.connect()/test%2Fsupport%2Fclient.ts%3A304/127.0.0.1%3A41928%3E127.0.0.1%3A38111", F_OK) = -1 ENOENT (No such file or directory)
1838  write(23<TCP:[127.0.0.1:41928->127.0.0.1:38111]>, "hello", 5) = 5
1838  shutdown(23<TCP:[127.0.0.1:41928->127.0.0.1:38111]>, SHUT_WR) = 0
1840  openat(AT_FDCWD</work>, "/etc/hosts", O_RDONLY|O_CLOEXEC <unfinished ...>
1838  read(24<TCP:[127.0.0.1:38111->127.0.0.1:41928]>, "hello", 65536) = 5
1840  <... openat resumed>) = 25</etc/hosts>
1838  read(24<TCP:[127.0.0.1:38111->127.0.0.1:41928]>, 0x7f00, 65536) = -1 EAGAIN (Resource temporarily unavailable)
1838  read(24<TCP:[127.0.0.1:38111->127.0.0.1:41928]>, "", 65536) = 0
1838  write(24<TCP:[127.0.0.1:38111->127.0.0.1:41928]>, "5 bytes: HELLO\\n", 15) = 15
1838  shutdown(24<TCP:[127.0.0.1:38111->127.0.0.1:41928]>, SHUT_WR) = 0
1838  close(24<TCP:[127.0.0.1:38111->127.0.0.1:41928]>) = 0
1838  read(5</work/x.js>, "import", 6) = 6
1838  close(23<TCP:[127.0.0.1:41928->127.0.0.1:38111]>) = 0
1838  close(22<TCP:[127.0.0.1:38111]>)  = 0
1838  +++ exited with 0 +++
`;

describe("reading strace's output", () => {
  it("joins an unfinished call with its resumed half and keeps each call's thread", () => {
    const calls = parseStrace(EXCERPT);
    const open = calls.find((c) => c.name === "openat");
    assert.deepEqual(open, { tid: 1840, name: "openat", args: 'AT_FDCWD</work>, "/etc/hosts", O_RDONLY|O_CLOEXEC', ret: "25</etc/hosts>" });
    assert.equal(calls.filter((c) => c.name === "close").length, 3);
  });

  it("decodes IPv4, IPv6 and Unix socket addresses", () => {
    assert.equal(sockaddrOf('{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}'), "127.0.0.1:80");
    assert.equal(sockaddrOf('{sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}'), "[::1]:0");
    assert.equal(sockaddrOf('{sa_family=AF_UNIX, sun_path="/tmp/k.sock"}'), "path:/tmp/k.sock");
  });

  it("writes each call as the POSIX call with its arguments decoded and its result", () => {
    const step = (/** @type {string} */ line, datagram = false) => stepOf(parseStrace(`1 ${line}\n`)[0] ?? assert.fail(line), datagram);
    assert.equal(step('socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 22<UDPv6:[7]>').text, "socket(AF_INET6, SOCK_DGRAM) = 22");
    assert.equal(step("listen(22<TCP:[127.0.0.1:80]>, 511) = 0").text, "listen(backlog 511)");
    assert.equal(step("shutdown(23<TCP:[127.0.0.1:5->127.0.0.1:80]>, SHUT_WR) = 0").primitive, "shut down");
    assert.equal(step('connect(3<TCP:[8]>, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)').text, "connect(127.0.0.1:9) = -1 ECONNREFUSED");
    assert.equal(step('bind(3<TCP:[8]>, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EADDRINUSE (Address in use)').errno, "EADDRINUSE");
    const datagram = step('sendmsg(22<UDP:[0.0.0.0:5]>, {msg_name={sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="ping", iov_len=4}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 4', true);
    assert.deepEqual([datagram.primitive, datagram.text], ["send", 'sendmsg("ping" → 127.0.0.1:9) = 4 bytes']);
    assert.equal(step('read(24<TCP:[127.0.0.1:80->127.0.0.1:5]>, "", 65536) = 0').fin, true);
    assert.equal(step('recvmsg(22<UDP:[127.0.0.1:5]>, {msg_name={sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="", iov_len=65536}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 0', true).fin, undefined);
  });
});

describe("runs of sends and receives", () => {
  it("makes one run of the same call in a row, never across an error, a FIN or another call", () => {
    const calls = parseStrace(
      [
        '1 write(5<TCP:[1.1.1.1:1->1.1.1.1:2]>, "a", 1) = 1',
        '1 write(5<TCP:[1.1.1.1:1->1.1.1.1:2]>, "b", 1) = 1',
        '1 write(5<TCP:[1.1.1.1:1->1.1.1.1:2]>, "c", 1) = -1 EAGAIN (Resource temporarily unavailable)',
        '1 write(5<TCP:[1.1.1.1:1->1.1.1.1:2]>, "c", 1) = 1',
        '1 read(5<TCP:[1.1.1.1:1->1.1.1.1:2]>, "x", 65536) = 1',
        '1 read(5<TCP:[1.1.1.1:1->1.1.1.1:2]>, "", 65536) = 0',
      ].join("\n"),
    );
    const runs = runsOf(calls.map((c) => stepOf(c, false)));
    assert.deepEqual(runs.map((run) => run.length), [2, 1, 1, 1, 1]);
    const en = renderTrace([{ name: "t", resolver: [], sockets: [{ id: 1, pid: 1, fd: 5, kind: "TCP", local: "", peer: "", target: "", asked: "", listening: false, from: undefined, owner: { role: "yours", call: "socket.connect()", site: "" }, resolver: false, steps: runs.flat() }] }], { lang: "en" });
    assert.match(en, /write\("a"\) = 1 byte ×2, 2 bytes in all/);
  });
});

describe("following the sockets", () => {
  const [test, ...more] = followSockets(parseStrace(EXCERPT));

  it("follows only the processes that marked a test, grouped by the test that ran", () => {
    assert.equal(more.length, 0);
    assert.equal(test?.name, "07: answers after the FIN");
    assert.deepEqual(test?.sockets.map((s) => s.fd), [22, 23, 24]);
    assert.deepEqual(test?.resolver, ["/etc/hosts"]);
  });

  it("names each socket's owner from the marks; an accepted connection is its listener's", () => {
    assert.deepEqual(test?.sockets.map((s) => `${s.fd} ${s.owner?.role} ${s.owner?.call}`), ["22 yours server.listen()", "23 test socket.connect()", "24 yours server.listen()"]);
    assert.equal(test?.sockets[2]?.from, test?.sockets[0]?.id);
    assert.deepEqual([test?.sockets[2]?.local, test?.sockets[2]?.peer], ["127.0.0.1:38111", "127.0.0.1:41928"]);
  });

  it("keeps each socket's calls in order, leaves out libuv's EAGAIN reads and other files' reads", () => {
    assert.deepEqual(test?.sockets[2]?.steps.map((s) => s.primitive), ["receive", "receive", "send", "shut down", "close"]);
    assert.deepEqual(test?.sockets[0]?.steps.map((s) => s.primitive), ["create", "option", "bind", "listen", "accept", "close"]);
  });

  it("prints your sockets with every call and the test's in one line, in both languages", () => {
    const en = renderTrace(followSockets(parseStrace(EXCERPT)), { lang: "en" });
    assert.match(en, /your server\.listen\(\) \(solutions\/07-shutdown\/index\.ts:51\): fd 22, TCP, listening on 127\.0\.0\.1:38111/);
    assert.match(en, /shut down +shutdown\(SHUT_WR\)/);
    assert.match(en, /read\(\) = 0 \(end of stream: the peer's FIN\)/);
    assert.match(en, /the test's socket\.connect\(\) \(test\/support\/client\.ts:304\): fd 23, TCP, 127\.0\.0\.1:41928 → 127\.0\.0\.1:38111 \(5 calls; --all shows them\)/);
    const pt = renderTrace(followSockets(parseStrace(EXCERPT)), { lang: "pt", all: true });
    assert.match(pt, /fechar um sentido +shutdown\(SHUT_WR\)/);
    assert.match(pt, /o socket\.connect\(\) do teste/);
    assert.match(pt, /enviar +write\("hello"\) = 5 bytes/);
  });
});

describe("beside the reference", () => {
  const reference = followSockets(parseStrace(EXCERPT));
  // The same test, with a server that binds every interface and never half-closes.
  const everywhere = EXCERPT.replace('sin_addr=inet_addr("127.0.0.1")}, 16) = 0', 'sin_addr=inet_addr("0.0.0.0")}, 16) = 0').replace(/\n1838 {2}shutdown\(24.*\n/, "\n");
  const yours = followSockets(parseStrace(everywhere));

  it("sums up your sockets without what changes from run to run: ports the OS picked, fds, sends and receives", () => {
    assert.deepEqual(summaryOf(/** @type {import("../lib/trace.mjs").TracedTest} */ (reference[0])), [
      "server.listen() TCP: socket(AF_INET, SOCK_STREAM), setsockopt(SO_REUSEADDR, 1), bind(127.0.0.1:0), listen(backlog 511), accept4() (127.0.0.1:PORT), close()",
      "accept4() TCP: read() = 0, shutdown(SHUT_WR), close()",
    ]);
  });

  it("shows only the tests where your calls differ from the reference's", () => {
    assert.match(renderComparison(reference, reference, { lang: "en" }), /^\n1 of 1 tests: your code made the same socket calls as the reference/);
    const shown = renderComparison(yours, reference, { lang: "pt" });
    assert.match(shown, /o teu código:\n {4}server\.listen\(\) TCP: .*bind\(0\.0\.0\.0:0\).*\n {4}accept4\(\) TCP: read\(\) = 0, close\(\)\n {2}a referência:/);
    assert.match(shown, /0 de 1 testes/);
  });
});

// Live: only where strace may trace a child (Linux with ptrace allowed); elsewhere the tool says so itself.
const probe = process.platform === "linux" ? spawnSync("strace", ["-f", "-qq", "-o", "/dev/null", "--", process.execPath, "-e", "0"]) : undefined;
const canTrace = probe !== undefined && !probe.error && probe.status === 0;

/** @param {string[]} args */
function trace(args) {
  const run = spawnSync(process.execPath, [join(ROOT, "tools/trace.mjs"), ...args, "--lang", "en"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

describe("npm run trace on the reference solutions", { skip: canTrace ? false : "strace cannot trace here" }, () => {
  it("03: socket, bind and listen of your server on 127.0.0.1", () => {
    const out = trace(["03", "--solution", "--test", "by default, not on every interface"]);
    assert.match(out, /your server\.listen\(\) \(solutions\/03-listen\/index\.ts:\d+\): fd \d+, TCP, listening on 127\.0\.0\.1:\d+\n +create +socket\(AF_INET, SOCK_STREAM\) = \d+\n(.*\n)* +bind +bind\(127\.0\.0\.1:0\)\n +listen +listen\(backlog 511\)/);
  });

  it("05: your server accepts the test's client and reads the peer's address", () => {
    const out = trace(["05", "--solution", "--test", "tells a client its own address and port"]);
    assert.match(out, /accept +accept4\(\) = \d+ \(127\.0\.0\.1:\d+\)/);
    assert.match(out, /a connection your server accepted: fd \d+, TCP, 127\.0\.0\.1:\d+ ← 127\.0\.0\.1:\d+/);
  });

  it("07: the half-close, shutdown(SHUT_WR), after the client's FIN came", () => {
    const out = trace(["07", "--solution", "--test", "answers the whole request once the client ends its side"]);
    assert.match(out, /read\(\) = 0 \(end of stream: the peer's FIN\)\n +send +write\("5 bytes: HELLO\\n"\) = 15 bytes\n +shut down +shutdown\(SHUT_WR\)/);
  });

  it("11: one sendmsg per datagram, each to the address it came from", () => {
    const out = trace(["11", "--solution", "--test", "three sends come back as three whole datagrams"]);
    const sends = out.match(/send +sendmsg\(".*?"…? → 127\.0\.0\.1:\d+\) = \d+ bytes/g) ?? [];
    assert.equal(sends.length, 3, out);
  });
});
