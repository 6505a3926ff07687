/**
 * Scenarios 6, 5, 7 and 4 of issue 16 on one cluster (in this order, each leaving it usable):
 * a recovered node does not take its sessions back; Redis restarted (empty) under load; PostgreSQL
 * restarted; SIGTERM drain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docName, type CreateSessionResponse } from '@mediation/shared';
import { LocalCluster, type NodeProcess } from '../helpers/cluster.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';

const LEASE_MS = 5000;
let cluster: LocalCluster;
const clients: TestClient[] = [];
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  cluster = await LocalCluster.start({ nodes: 3, env: { LEASE_MS: String(LEASE_MS), LEASE_RENEW_MS: '1000' } });
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  for (const c of clients) c.close();
  await cluster?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (cond: () => boolean | Promise<boolean>, ms: number, what: string) => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
};
const ANA = { displayName: 'Ana Claimant', role: 'party' as const, side: 'Claimant' };

async function enter(token: string, prefix: string): Promise<TestClient> {
  const c = await connectClient(cluster.url, token, { path: `${prefix}/socket.io` });
  clients.push(c);
  must(await c.request('session:join', {}));
  return c;
}

/** A Yjs writer and a watcher on one document; `acked` is what the watcher received. */
async function board(s: CreateSessionResponse, prefix: string) {
  const name = docName(s.sessionId, 'board', 'joint');
  const mk = (token: string, doc: Y.Doc) => {
    const p = new WebsocketProvider(`${cluster.url.replace(/^http/, 'ws')}${prefix}/yjs`, name, doc, {
      params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 500,
    });
    providers.push(p);
    return p;
  };
  const writer = new Y.Doc();
  const watcher = new Y.Doc();
  const ps = [mk(s.invites[0]!.token, writer), mk(s.mediator.token, watcher)];
  await waitFor(() => ps.every((p) => p.synced), 15_000, 'yjs sync');
  const acked = new Set<string>();
  watcher.getArray<string>('log').observe((e) => { for (const d of e.changes.delta) for (const v of (d.insert as string[] | undefined) ?? []) acked.add(v); });
  return { name, writer, acked, ps, mk };
}

/** Reads a document the way a new client would: a fresh provider on the owner. */
async function freshRead(prefix: string, name: string, token: string): Promise<Set<string>> {
  const d = new Y.Doc();
  const p = new WebsocketProvider(`${cluster.url.replace(/^http/, 'ws')}${prefix}/yjs`, name, d, {
    params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  });
  providers.push(p);
  await waitFor(() => p.synced, 15_000, 'fresh read');
  const out = new Set(d.getArray<string>('log').toArray());
  p.destroy();
  return out;
}

async function newSession(): Promise<CreateSessionResponse> {
  return cluster.createSession({ settings: { waitingRoom: false }, invites: [ANA] });
}

describe('resilience', () => {
  it('a recovered node does not take its sessions back', async () => {
    const s = await newSession();
    const first = await cluster.route(s.mediator.token);
    await enter(s.mediator.token, first.prefix);
    const firstPort = cluster.node(first.node).port;
    await cluster.kill(first.node);
    const second = await cluster.liveRoute(s.mediator.token, 20_000);
    expect(second.node).not.toBe(first.node);
    await enter(s.mediator.token, second.prefix);
    // The killed node comes back (same id, same port): the session stays where it is now.
    await cluster.startNode(first.node, firstPort);
    await sleep(2500);
    const after = await cluster.route(s.mediator.token);
    expect(after.node).toBe(second.node);
    expect(after.epoch).toBe(second.epoch);
    // And its sockets are refused on the recovered node.
    const refused = await connectClient(cluster.url, s.mediator.token, { path: `/n/${first.node}/socket.io` }).then((c) => { c.close(); return 'accepted'; }, (e: { data?: { code?: string } }) => e.data?.code);
    expect(refused).toBe('MOVED');
  });

  it('Redis restarted under load: sessions continue, placement resumes, nothing lost', async () => {
    const s = await newSession();
    const r = await cluster.route(s.mediator.token);
    const mediator = await enter(s.mediator.token, r.prefix);
    const ana = await enter(s.invites[0]!.token, r.prefix);
    const b = await board(s, r.prefix);
    let i = 0;
    const load = setInterval(() => b.writer.getArray<string>('log').push([`edit-${i++}`]), 20);
    try {
      await waitFor(() => b.acked.size >= 20, 10_000, 'edits before');
      await cluster.redis.restart(1500);
      // Through the outage and after it, the session carries on: edits are acknowledged, chat flows.
      const mark = b.acked.size;
      await waitFor(() => b.acked.size >= mark + 30, 15_000, 'edits after the Redis restart');
      must(await ana.request('chat:send', { to: { kind: 'space' }, text: 'after redis' }));
      await mediator.waitFor('chat:message', (m) => m.text === 'after redis', 5000);
    } finally {
      clearInterval(load);
    }
    await sleep(1000);
    // The owner re-established its lease in the empty Redis: the route still names it.
    await waitFor(async () => (await cluster.route(s.mediator.token)).node === r.node, 10_000, 'the lease re-established');
    // Placement works again.
    const t = await newSession();
    const placed = await cluster.route(t.mediator.token);
    expect(cluster.node(placed.node).alive()).toBe(true);
    // Nothing acknowledged was lost.
    const stored = await freshRead(r.prefix, b.name, s.mediator.token);
    expect([...b.acked].filter((v) => !stored.has(v))).toEqual([]);
    for (const p of b.ps) p.destroy();
  });

  it('PostgreSQL restarted: requests fail clearly, then recover; no acknowledged edit lost', async () => {
    const s = await newSession();
    const r = await cluster.route(s.mediator.token);
    await enter(s.mediator.token, r.prefix);
    await enter(s.invites[0]!.token, r.prefix);
    const b = await board(s, r.prefix);
    for (let i = 0; i < 20; i++) b.writer.getArray<string>('log').push([`pre-${i}`]);
    await waitFor(() => b.acked.size >= 20, 10_000, 'edits before');
    await cluster.pg.pause();
    try {
      // A request that needs the database says so (503, UNAVAILABLE) rather than hanging or 500.
      const res = await fetch(`${cluster.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'During outage', mediatorName: 'Maria M' }) });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
      // Edits made meanwhile are not acknowledged (they cannot be stored) but stay with the client.
      for (let i = 0; i < 10; i++) b.writer.getArray<string>('log').push([`during-${i}`]);
      await sleep(1500);
    } finally {
      await cluster.pg.resume();
    }
    // Requests work again without any restart.
    await waitFor(async () => (await fetch(`${cluster.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'After outage', mediatorName: 'Maria M' }) })).status === 201, 20_000, 'requests to succeed again');
    // The Yjs connections open through the outage come back by themselves (a failed store closes
    // its sender 1011; a link that cannot be checked meanwhile is UNAVAILABLE 4504, a retry code):
    // edits made after PostgreSQL is back, and those made during the outage (resent by the
    // provider), are stored and reach the other client, with no reconnect by the test.
    for (let i = 0; i < 10; i++) b.writer.getArray<string>('log').push([`post-${i}`]);
    const want = [...Array(10).keys()].flatMap((i) => [`during-${i}`, `post-${i}`]);
    await waitFor(() => want.every((v) => b.acked.has(v)), 20_000, `edits after PostgreSQL is back (${want.filter((v) => b.acked.has(v)).length}/${want.length})`);
    // Nothing acknowledged before the outage is lost, and the document opens again.
    const stored = await freshRead(r.prefix, b.name, s.mediator.token);
    expect([...b.acked].filter((v) => !stored.has(v))).toEqual([]);
    for (const p of b.ps) p.destroy();
  });

  it('SIGTERM drains a node: no new sessions there, its session finishes, then it exits 0', async () => {
    // Only this test's session is live (a node drains until every session it hosts has finished).
    for (const p of providers.splice(0)) p.destroy();
    for (const c of clients.splice(0)) c.close();
    const s = await newSession();
    const r = await cluster.route(s.mediator.token);
    const node: NodeProcess = cluster.node(r.node);
    const mediator = await enter(s.mediator.token, r.prefix);
    const ana = await enter(s.invites[0]!.token, r.prefix);
    node.signal('SIGTERM');
    await sleep(1500);
    // New sessions go elsewhere.
    for (let i = 0; i < 4; i++) {
      const t = await newSession();
      expect((await cluster.route(t.mediator.token)).node).not.toBe(r.node);
    }
    // The existing session still works on the draining node.
    must(await ana.request('chat:send', { to: { kind: 'space' }, text: 'still here' }));
    await mediator.waitFor('chat:message', (m) => m.text === 'still here', 5000);
    expect(node.alive()).toBe(true);
    // It finishes (everyone leaves): the node releases it and exits 0.
    ana.close();
    mediator.close();
    const code = await Promise.race([node.exited, sleep(30_000).then(() => 'still running')]);
    expect(code).toBe(0);
    // The session can be opened again elsewhere.
    const again = await cluster.liveRoute(s.mediator.token, 15_000);
    expect(again.node).not.toBe(r.node);
  });
});
