/**
 * A typed socket.io-client for integration tests: connect with an invite token, send requests and
 * get their typed acks, and record every notification received (for canary and isolation checks).
 * Every ack and every notification is parsed with its schema from packages/shared: a server answer
 * that does not match the protocol fails the test (the request rejects; a bad notification makes
 * `close()`, run after each test, throw; an undeclared field counts as a mismatch).
 */
import { io, type Socket } from 'socket.io-client';
import {
  anyResultSchema,
  notificationSchemas,
  PROTOCOL_VERSION,
  responseSchemas,
  resultSchema,
  type NotificationName,
  type NotificationPayload,
  type RequestName,
  type RequestPayload,
  type ResponseData,
  type Result,
} from '@mediation/shared';

export interface Received {
  event: string;
  payload: unknown;
  at: number;
}

export interface TestClient {
  socket: Socket;
  /** Every notification this client received, in order ('media:consumers' read as the
   * 'media:consumerClosed' and 'media:newConsumer' it carries). */
  received: Received[];
  /** Every notification exactly as it came over the wire. */
  wire: Received[];
  request<N extends RequestName>(event: N, payload: RequestPayload<N>): Promise<Result<ResponseData[N]>>;
  /** Sends anything at all (for bad-input tests); resolves with the ack. */
  raw(event: string, ...args: unknown[]): Promise<unknown>;
  /** Resolves with the first notification (already received at index >= `since`, or future) matching the predicate. */
  waitFor<N extends NotificationName>(event: N, predicate?: (p: NotificationPayload<N>) => boolean, timeoutMs?: number, since?: number): Promise<NotificationPayload<N>>;
  of<N extends NotificationName>(event: N): NotificationPayload<N>[];
  /** Everything received, serialised: canaries are searched in this text. */
  transcript(): string;
  /** Answers and notifications that did not match the protocol's schemas. */
  violations: string[];
  close(): void;
}

interface SchemaLike {
  safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}
const problemOf = (e: { issues: Array<{ path: PropertyKey[]; message: string }> }) => e.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * Fields the server sent that the schema does not declare. zod objects drop unknown keys when
 * parsing, so a payload with an extra field would pass; but an undeclared field is exactly how
 * something a person may not see could ride along unnoticed, so the test client refuses it.
 * (Values the protocol leaves open, `z.unknown()`, come back from zod unchanged and have none.)
 */
function undeclared(sent: unknown, parsed: unknown, path = ''): string[] {
  if (sent === parsed || typeof sent !== 'object' || sent === null || typeof parsed !== 'object' || parsed === null) return [];
  if (Array.isArray(sent)) return Array.isArray(parsed) ? sent.flatMap((v, i) => undeclared(v, parsed[i], `${path}${i}.`)) : [];
  const kept = parsed as Record<string, unknown>;
  return Object.entries(sent as Record<string, unknown>).flatMap(([k, v]) => (k in kept ? undeclared(v, kept[k], `${path}${k}.`) : [`${path}${k}`]));
}

/** The protocol's schema for an event name; only the table's own entries count ('__proto__' or
 * 'constructor' are names a bad-input test sends, not protocol events). */
const schemaOf = (table: object, event: string): SchemaLike | undefined =>
  Object.hasOwn(table, event) ? (table as Record<string, SchemaLike>)[event] : undefined;

/** What is wrong with `payload` against `schema`, or null when it is what the protocol allows. */
function mismatch(schema: SchemaLike, payload: unknown): string | null {
  const r = schema.safeParse(payload);
  if (!r.success) return problemOf(r.error);
  const extra = undeclared(payload, r.data);
  return extra.length > 0 ? `undeclared field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 3).join(', ')}` : null;
}

/** Clients whose protocol violations no test has been failed for yet, with how many were reported. */
const unreported = new Map<TestClient, number>();

/**
 * Throws with the protocol violations of every open client not reported yet. `close()` reports
 * its own client's; this catches the clients a test never closes (the integration config runs it
 * after every test and file, helpers/protocolCheck.ts), so no mismatch goes unnoticed.
 */
export function reportProtocolViolations(): void {
  const lines: string[] = [];
  for (const [client, seen] of unreported) {
    lines.push(...client.violations.slice(seen));
    unreported.set(client, client.violations.length);
  }
  if (lines.length > 0) throw new Error(`the server sent what the protocol does not allow:\n${lines.join('\n')}`);
}

export interface ConnectOptions {
  /** socket.io path; a cluster node's sockets live under its prefix (`/n/n1/socket.io`). */
  path?: string;
  protocolVersion?: number;
  auth?: unknown;
  reconnection?: boolean;
}

/** Connects and resolves once the handshake is accepted; rejects with the connect_error (its `data` is the typed error). */
export function connectClient(url: string, token: string, opts: ConnectOptions = {}): Promise<TestClient> {
  const socket = io(url, {
    path: opts.path ?? '/socket.io',
    transports: ['websocket'],
    auth: opts.auth ?? { token, protocolVersion: opts.protocolVersion ?? PROTOCOL_VERSION },
    reconnection: opts.reconnection ?? false,
    forceNew: true,
  });
  const received: Received[] = [];
  const wire: Received[] = [];
  const violations: string[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: string, payload: unknown) => {
    const schema = schemaOf(notificationSchemas, event);
    const problem = schema ? mismatch(schema, payload) : 'not in the protocol';
    if (problem) violations.push(`notification ${event}: ${problem}`);
    const at = Date.now();
    wire.push({ event, payload, at });
    // A move's or a join's consumer changes come in one message ('media:consumers': closed, then
    // created); tests read them as the per-consumer events they stand for, in that order.
    if (event === 'media:consumers' && !problem) {
      const batch = payload as NotificationPayload<'media:consumers'>;
      for (const consumerId of batch.closed) received.push({ event: 'media:consumerClosed', payload: { consumerId }, at });
      for (const created of batch.created) received.push({ event: 'media:newConsumer', payload: created, at });
    } else received.push({ event, payload, at });
    for (const w of [...waiters]) w();
  });
  const client: TestClient = {
    socket,
    received,
    wire,
    violations,
    async request(event, payload) {
      const answer: unknown = await socket.timeout(15_000).emitWithAck(event, payload);
      return checkedAck(event, answer) as Result<ResponseData[typeof event]>;
    },
    async raw(event, ...args) {
      const answer: unknown = await socket.timeout(15_000).emitWithAck(event, ...args);
      // Raw requests (bad-input tests) are checked like any other when the event is in the
      // protocol; one that is not still gets a typed Result.
      return checkedAck(event, answer);
    },
    waitFor(event, predicate = () => true, timeoutMs = 5000, since = 0) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = received.slice(since).find((r) => r.event === event && predicate(r.payload as never));
          if (!hit) return false;
          cleanup();
          resolve(hit.payload as never);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${event}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(listener);
        };
        const listener = () => void check();
        if (!check()) waiters.add(listener);
      });
    },
    of(event) {
      return received.filter((r) => r.event === event).map((r) => r.payload as never);
    },
    transcript() {
      return JSON.stringify(received);
    },
    close() {
      socket.close();
      unreported.delete(client);
      if (violations.length > 0) throw new Error(`the server sent what the protocol does not allow:\n${violations.join('\n')}`);
    },
  };
  unreported.set(client, 0);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err: Error & { data?: unknown }) => {
      socket.close();
      unreported.delete(client);
      reject(err);
    });
  });
}

/** Parses an ack with its request's schema (any typed Result for an event not in the protocol);
 * a mismatch rejects the request with what is wrong. */
function checkedAck(event: string, answer: unknown): unknown {
  const data = schemaOf(responseSchemas, event);
  const problem = mismatch(data ? resultSchema(data as never) : anyResultSchema, answer);
  if (problem) throw new Error(`ack of ${event} does not match the protocol: ${problem}`);
  return answer;
}

/** The typed error a refused handshake carries. */
export async function connectError(url: string, token: string, opts: ConnectOptions = {}): Promise<{ code: string; message: string }> {
  try {
    const c = await connectClient(url, token, opts);
    c.close();
    throw new Error('connection was accepted');
  } catch (err) {
    const data = (err as { data?: { code: string; message: string } }).data;
    if (!data) throw err;
    return data;
  }
}

/** Unwraps an ok Result or throws with its error (keeps tests short). */
export function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
}

/** Valid RTP parameters for a producer that a real sender (e.g. ffmpeg over RTP) could fill. */
export function rtpParametersFor(kind: 'audio' | 'video', ssrc: number) {
  return kind === 'audio'
    ? { mid: '0', codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }], headerExtensions: [], encodings: [{ ssrc }], rtcp: { cname: `test-${ssrc}` } }
    : { mid: '1', codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] }], headerExtensions: [], encodings: [{ ssrc }], rtcp: { cname: `test-${ssrc}` } };
}

/** Fake-but-well-formed DTLS parameters (the transport accepts them; no real DTLS peer exists). */
export const dtlsParameters = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }] };

/** Joins and sets up media the way a browser client would: capabilities, send and recv transports. */
export async function joinWithMedia(client: TestClient, opts: { produce?: boolean; ssrcBase?: number } = {}) {
  const joined = must(await client.request('session:join', {}));
  return { room: joined.room, ...(await startMedia(client, opts)) };
}

/** What the page does once it is out of the waiting room: capabilities, transports, producers. */
export async function startMedia(client: TestClient, opts: { produce?: boolean; ssrcBase?: number } = {}) {
  const caps = must(await client.request('media:getRouterCapabilities', {}));
  must(await client.request('media:setRtpCapabilities', { rtpCapabilities: caps.rtpCapabilities as never }));
  const recv = must(await client.request('media:createTransport', { direction: 'recv' }));
  let send: { id: string } | null = null;
  const producers: string[] = [];
  if (opts.produce !== false) {
    send = must(await client.request('media:createTransport', { direction: 'send' }));
    const base = opts.ssrcBase ?? Math.floor(Math.random() * 1e8) + 1000;
    producers.push(must(await client.request('media:produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: rtpParametersFor('audio', base) })).producerId);
    producers.push(must(await client.request('media:produce', { transportId: send.id, kind: 'video', source: 'cam', rtpParameters: rtpParametersFor('video', base + 1) })).producerId);
  }
  return { recvTransportId: recv.id, sendTransportId: send?.id ?? null, producers };
}
