/**
 * Scenario 3 of issue 16: the owner is frozen (SIGSTOP) past its lease; the session is claimed by
 * another node at a higher epoch; the frozen node wakes (SIGCONT) with a Yjs edit waiting in its
 * socket. Its write is refused by the PostgreSQL fence, it gives the session up (closing its
 * connections with SESSION_MOVED), and nothing it wrote after losing the lease is stored; the edit
 * reaches the document through the new owner once its author reconnects there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, docName } from '@mediation/shared';
import { openPostgresStores } from '../../server/src/storage/postgres/index.js';
import { LocalCluster } from '../helpers/cluster.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';

const LEASE_MS = 4000;
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
const waitFor = async (cond: () => boolean, ms: number, what: string) => {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
};

async function storedLog(name: string): Promise<string[]> {
  const pg = await openPostgresStores({ url: cluster.databaseUrl });
  try {
    const stored = await pg.documents.load(name);
    const d = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(d, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(d, u.data);
    return d.getArray<string>('log').toArray();
  } finally {
    await pg.close();
  }
}

describe('a frozen owner wakes up after losing its lease', () => {
  it('its writes are refused and it gives the session up', async () => {
    const s = await cluster.createSession({ settings: { waitingRoom: false }, invites: [
      { displayName: 'Ana Claimant', role: 'party', side: 'Claimant' }, { displayName: 'Ben Respondent', role: 'party', side: 'Respondent' }] });
    const [ana, ben] = s.invites;
    const first = await cluster.route(s.mediator.token);
    const frozen = cluster.node(first.node);
    const anaSocket = await connectClient(cluster.url, ana!.token, { path: `${first.prefix}/socket.io` });
    clients.push(anaSocket);
    must(await anaSocket.request('session:join', {}));
    const name = docName(s.sessionId, 'board', 'joint');
    const doc = new Y.Doc();
    const p = new WebsocketProvider(`${cluster.url.replace(/^http/, 'ws')}${first.prefix}/yjs`, name, doc, {
      params: { token: ana!.token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
    });
    providers.push(p);
    const closes: number[] = [];
    p.on('connection-close', (e: CloseEvent | null) => {
      if (e) closes.push(e.code);
      // Stay off until the test says so: the stale node's answer is what is under test.
      p.shouldConnect = false;
    });
    await waitFor(() => p.synced, 15_000, 'sync');
    doc.getArray<string>('log').push(['before-freeze']);
    await sleep(300);
    expect(await storedLog(name)).toContain('before-freeze');

    frozen.signal('SIGSTOP');
    // Ben arrives: the route waits out the frozen owner's lease and places the session elsewhere.
    // (Asked of a live node directly: through nginx, a request may land on the frozen node and
    // wait for nginx's timeout; a production proxy would health-check nodes instead.)
    const live = cluster.liveNodes().find((n) => n.id !== first.node)!;
    let second = await cluster.route(ben!.token, live);
    const frozenAt = Date.now();
    while (second.node === first.node && Date.now() - frozenAt < 20_000) {
      await sleep(200);
      second = await cluster.route(ben!.token, live);
    }
    expect(second.node).not.toBe(first.node);
    expect(second.epoch).toBeGreaterThan(first.epoch);
    const benSocket = await connectClient(cluster.url, ben!.token, { path: `${second.prefix}/socket.io` });
    clients.push(benSocket);
    must(await benSocket.request('session:join', {}));

    // Ana, still connected to the frozen node, edits: the bytes wait in its socket.
    doc.getArray<string>('log').push(['written-to-stale-owner']);
    await sleep(200);
    const socketClosed = new Promise<string>((resolve) => anaSocket.socket.on('disconnect', (r) => resolve(r)));
    frozen.signal('SIGCONT');

    // It gives the session up: Yjs closed with SESSION_MOVED, the socket.io transport closed.
    await waitFor(() => closes.length > 0, 10_000, 'yjs close from the stale owner');
    expect(closes).toContain(CloseCode.SESSION_MOVED);
    await expect(Promise.race([socketClosed, sleep(10_000).then(() => 'still open')])).resolves.not.toBe('still open');
    await waitFor(() => frozen.log.join('').includes('giving the session up'), 5000, 'the stale node to log giving up');
    // Ana's edit reached the stale node, which tried to store it: the PostgreSQL fence refused it.
    await waitFor(() => /"type":"StaleOwnerError".*"ownEpoch":1/.test(frozen.log.join('')), 5000, 'a StaleOwnerError on the stale node');
    expect(await storedLog(name)).not.toContain('written-to-stale-owner');
    expect(frozen.alive()).toBe(true);

    // Ana follows the route to the new owner; her client resends the edit, which is stored there.
    const r = await cluster.route(ana!.token, live);
    expect(r.node).toBe(second.node);
    p.serverUrl = `${cluster.url.replace(/^http/, 'ws')}${r.prefix}/yjs`;
    const anaAgain = await connectClient(cluster.url, ana!.token, { path: `${r.prefix}/socket.io` });
    clients.push(anaAgain);
    must(await anaAgain.request('session:join', {}));
    p.connect();
    await waitFor(() => p.synced && p.wsconnected, 15_000, 'resync on the new owner');
    await sleep(500);
    const stored = await storedLog(name);
    expect(stored).toContain('before-freeze');
    expect(stored).toContain('written-to-stale-owner');
    // The stale node refuses the session's sockets now (it is not the owner).
    const refused = await connectClient(cluster.url, ana!.token, { path: `${first.prefix}/socket.io` }).then((c) => { c.close(); return 'accepted'; }, (e: { data?: { code?: string } }) => e.data?.code);
    expect(refused).toBe('MOVED');
  });
});
