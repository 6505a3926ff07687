/** Helpers for the Yjs integration tests: real `WebsocketProvider` clients (with `ws` in Node). */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { CreateSessionResponse, SessionSettings, SpaceId } from '@mediation/shared';
import type { SpaceDirectory } from '@mediation/server/contracts';
import type { Hooks } from '@mediation/server/features';
import type { RunningApp } from '@mediation/server/app';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves with the close code when the server closes the connection for good (44xx, 1009). */
  closed: Promise<number>;
  /** Every close code the server sent, in order, transient ones (1012, 4503) included. */
  codes: number[];
  destroy(): void;
}

export const yjsUrl = (app: RunningApp) => `${app.url.replace(/^http/, 'ws')}/yjs`;

export function connect(app: RunningApp, docName: string, token: string): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(yjsUrl(app), docName, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const codes: number[] = [];
  const closed = new Promise<number>((resolve) => {
    provider.on('connection-close', (event) => {
      const code = event?.code ?? 0;
      if (event) codes.push(code);
      // Like the app's clients: 4500-4599 ("not now") and 1012 are retried, the rest is final.
      if ((code >= 4000 && code < 4500) || code === 1009) {
        provider.shouldConnect = false;
        resolve(code);
      }
    });
  });
  return { doc, provider, closed, codes, destroy: () => { provider.destroy(); doc.destroy(); } };
}

export function synced(c: Client, timeoutMs = 10_000): Promise<void> {
  if (c.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('not synced in time')), timeoutMs);
    c.provider.once('sync', (s: boolean) => { if (s) { clearTimeout(t); resolve(); } });
  });
}

export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))]);

/**
 * A stand-in room directory for tests of the collaboration server alone (the real one is the
 * signalling feature's). It implements the same `SpaceDirectory` port, and announces moves as the
 * real room does: through the app's `spaceChanged` hook, synchronously, before `place` returns.
 */
export class TestSpaces implements SpaceDirectory {
  private readonly where = new Map<string, SpaceId>();
  private hooks: Hooks | null = null;
  constructor(private readonly sessionSettings: SessionSettings = { waitingRoom: true, allowRoaming: false, partiesEditAgreement: false, capacity: 12, keepCaptions: false }) {}
  /** Replaces the app's room directory with this one. */
  install(app: RunningApp): this {
    app.ctx.spaces = this;
    this.hooks = app.ctx.hooks;
    return this;
  }
  currentSpace(sessionId: string, participantId: string): SpaceId | null {
    return this.where.get(`${sessionId}/${participantId}`) ?? null;
  }
  settings(): SessionSettings {
    return this.sessionSettings;
  }
  place(sessionId: string, participantId: string, to: SpaceId | null): void {
    const k = `${sessionId}/${participantId}`;
    const from = this.where.get(k) ?? null;
    if (to === null) this.where.delete(k);
    else this.where.set(k, to);
    this.hooks?.spaceChanged({ sessionId, participantId, from, to });
  }
}

/** A raw websocket to the Yjs endpoint, for sending what a well-behaved provider never would. */
export function rawSocket(app: RunningApp, docName: string, token: string | null): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const q = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(`${yjsUrl(app)}/${docName}${q}`);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, closed }));
    ws.once('error', reject);
  });
}

/** lib0's variable-length unsigned integer, for hand-framed protocol messages. */
export function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
  out.push(n);
  return out;
}

/** y-websocket framing of one update: messageSync (0), messageYjsUpdate (2), length, bytes. */
export const updateFrame = (u: Uint8Array): Uint8Array => Uint8Array.from([0, 2, ...varUint(u.length), ...u]);

/** The document the server says `token`'s holder opens now (caucus boards and drafts have
 * generations), as the app's client asks before opening one. Throws with the error code if refused. */
export async function currentDocName(app: RunningApp, sessionId: string, kind: 'board' | 'draft', space: string, token: string): Promise<string> {
  const res = await fetch(`${app.url}/api/sessions/${sessionId}/docs/current?kind=${kind}&space=${encodeURIComponent(space)}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { name?: string; error?: { code: string } };
  if (!res.ok || !body.name) throw new Error(body.error?.code ?? `status ${res.status}`);
  return body.name;
}

/** One real server per test file, and the socket.io clients and Yjs providers each test opens,
 * closed after every test (push them onto `sockets` / `docs`, or open them with `join` / `open`). */
export function liveServer() {
  const env = {
    app: undefined as unknown as TestServer,
    sockets: [] as TestClient[],
    docs: [] as Client[],
    /** Connects with an invite link over socket.io and joins the session. */
    async join(link: string): Promise<TestClient> {
      const c = await connectClient(env.app.url, tokenOf(link));
      env.sockets.push(c);
      must(await c.request('session:join', {}));
      return c;
    },
    /** Opens a Yjs provider on a document with an invite link's token. */
    open(docName: string, link: string): Client {
      const d = connect(env.app, docName, tokenOf(link));
      env.docs.push(d);
      return d;
    },
    /** A session without a waiting room, and its mediator, Ana and Ben joined over socket.io. */
    async room() {
      const s = await createTestSession(env.app, { settings: { waitingRoom: false } });
      const m = await env.join(s.mediator.link);
      const ana = await env.join(s.invites[0]!.link);
      const ben = await env.join(s.invites[1]!.link);
      return { s, m, ana, ben, id: { ana: s.invites[0]!.participantId, ben: s.invites[1]!.participantId } };
    },
  };
  beforeAll(async () => {
    env.app = await startTestServer();
  });
  afterEach(() => {
    for (const d of env.docs.splice(0)) d.destroy();
    for (const c of env.sockets.splice(0)) c.close();
  });
  afterAll(async () => {
    await stopTestServer(env.app);
  });
  return env;
}

/** The file-wide set-up of the collaboration tests that run without the real room: a server whose
 * room directory is a `TestSpaces`, one session (the default invites), and the Yjs providers `open`
 * makes, destroyed after the file. */
export interface DocServer {
  readonly app: TestServer;
  readonly session: CreateSessionResponse;
  readonly spaces: TestSpaces;
  /** Opens a Yjs provider on a document with a raw token. */
  open(docName: string, token: string): Client;
  /** Invite `i`'s token and participant id. */
  tok(i: number): string;
  pid(i: number): string;
}

export function useDocServer(opts: { everyoneIn?: SpaceId } = {}): DocServer {
  let app: TestServer | undefined;
  let session: CreateSessionResponse | undefined;
  let spaces: TestSpaces | undefined;
  const clients: Client[] = [];
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the doc server is only available inside tests and hooks');
    return v;
  };
  beforeAll(async () => {
    app = await startTestServer();
    session = await createTestSession(app);
    spaces = new TestSpaces().install(app);
    if (opts.everyoneIn) {
      for (const p of [session.mediator, ...session.invites]) spaces.place(session.sessionId, p.participantId, opts.everyoneIn);
    }
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await stopTestServer(app);
  });
  const fx: DocServer = {
    get app() { return ready(app); },
    get session() { return ready(session); },
    get spaces() { return ready(spaces); },
    open(name, token) {
      const c = connect(fx.app, name, token);
      clients.push(c);
      return c;
    },
    tok: (i) => tokenOf(fx.session.invites[i]!.link),
    pid: (i) => fx.session.invites[i]!.participantId,
  };
  return fx;
}
