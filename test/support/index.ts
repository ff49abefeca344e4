/** The shared toolkit every exercise test uses: import from "./support/index.ts". */
export { bytesDifference, hexDump, show } from "./bytes.ts";
export { RawClient, destroyAllClients, openClient, openClients } from "./client.ts";
export type { ConnectOptions, Target } from "./client.ts";
export { DEADLINE_MS, DeadlineError, pause, waitForEvent, within } from "./deadline.ts";
export { ERROR_HINTS, errorCode, explain } from "./errors.ts";
export { probeConnect, rejectionOf, thrownBy } from "./expect.ts";
export { handlesSince, markHandles, openSince } from "./leaks.ts";
export type { HandleMark } from "./leaks.ts";
export { watchLookups, watchUncaught } from "./observe.ts";
export type { LookupCall } from "./observe.ts";
export { started } from "./lifecycle.ts";
export { closedPort, startTestServer } from "./peer.ts";
export type { TestServer } from "./peer.ts";
export { tempSocketPath } from "./paths.ts";
export { NAMED_PIPES, needsSocketFiles } from "./platform.ts";
export { openUdpSocket, startUdpPeer } from "./udp.ts";
export type { UdpPeer, UdpPeerOptions } from "./udp.ts";
