/**
 * Scenario 1 of issue 16: twelve people entering through random nodes all land on the session's
 * owner; sessions spread over the nodes; HTTP requests about a session reach its owner's sockets
 * whichever node serves them; a node refuses sockets of a session it does not own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../helpers/cluster.js';
import { connectClient, connectError, must, type TestClient } from '../helpers/socketClient.js';

let cluster: LocalCluster;
const clients: TestClient[] = [];

beforeAll(async () => {
  cluster = await LocalCluster.start({ nodes: 3 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await cluster?.stop();
});

const ELEVEN = Array.from({ length: 11 }, (_, i) => ({ displayName: `Person ${i + 1}`, role: i % 2 ? ('party' as const) : ('observer' as const), side: i % 2 ? (i % 4 === 1 ? 'Claimant' : 'Respondent') : null }));

describe('placement and routing', () => {
  it('twelve people entering through random nodes all land on the owner', async () => {
    const s = await cluster.createSession({ invites: ELEVEN, settings: { waitingRoom: false } });
    const tokens = [s.mediator.token, ...s.invites.map((i) => i.token)];
    const nodes = [...cluster.nodes.values()];
    // Each person asks a random node directly (not through nginx) where to go.
    const routes = await Promise.all(tokens.map(async (t, i) => {
      const node = nodes[(i * 7) % nodes.length]!;
      const res = await fetch(`${node.url}/api/route?token=${encodeURIComponent(t)}`);
      expect(res.status).toBe(200);
      return (await res.json()) as { prefix: string; node: string; epoch: number };
    }));
    const owners = new Set(routes.map((r) => r.node));
    expect(owners.size).toBe(1);
    const owner = routes[0]!;
    expect(owner.prefix).toBe(`/n/${owner.node}`);
    expect(owner.epoch).toBeGreaterThan(0);
    // Everyone connects through nginx at the owner's prefix and joins: one room of twelve.
    for (const t of tokens) {
      const c = await connectClient(cluster.url, t, { path: `${owner.prefix}/socket.io` });
      clients.push(c);
      must(await c.request('session:join', {}));
    }
    // The mediator sees everyone: twelve online in one room, on one node.
    const view = await clients[0]!.waitFor('room:state', (v) => v.participants.filter((p) => p.online).length === 12, 15_000);
    expect(view.participants.filter((p) => p.online)).toHaveLength(12);
    // Another node refuses the session's sockets with MOVED (the client asks the route again).
    const other = nodes.find((n) => n.id !== owner.node)!;
    const refused = await connectError(cluster.url, tokens[3]!, { path: `${other.prefix}/socket.io` });
    expect(refused.code).toBe('MOVED');
  });

  it('new sessions spread over the nodes (least loaded first)', async () => {
    const placed: string[] = [];
    for (let i = 0; i < 6; i++) {
      const s = await cluster.createSession({ invites: [] });
      const t = s.mediator.token;
      const r = await cluster.route(t);
      placed.push(r.node);
      // Joined, so the owner counts it in its load (the next heartbeat carries it).
      const c = await connectClient(cluster.url, t, { path: `${r.prefix}/socket.io` });
      clients.push(c);
      must(await c.request('session:join', {}));
      await new Promise((res) => setTimeout(res, 1200));
    }
    expect(new Set(placed).size).toBe(3);
  });

  it('an HTTP request served by another node reaches the session’s sockets on its owner', async () => {
    const s = await cluster.createSession({ invites: [{ displayName: 'Ana Claimant', role: 'party', side: 'Claimant' }], settings: { waitingRoom: false } });
    const mediatorToken = s.mediator.token;
    const r = await cluster.route(mediatorToken);
    const mediator = await connectClient(cluster.url, mediatorToken, { path: `${r.prefix}/socket.io` });
    clients.push(mediator);
    must(await mediator.request('session:join', {}));
    const ana = await connectClient(cluster.url, s.invites[0]!.token, { path: `${r.prefix}/socket.io` });
    clients.push(ana);
    must(await ana.request('session:join', {}));
    // Revoke Ana's link on a node that does not own the session: her socket on the owner closes.
    const other = [...cluster.nodes.values()].find((n) => n.id !== r.node)!;
    const closed = new Promise<string>((resolve) => ana.socket.on('disconnect', (reason) => resolve(reason)));
    const res = await fetch(`${other.url}/api/sessions/${s.sessionId}/participants/${s.invites[0]!.participantId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${mediatorToken}` },
    });
    expect(res.status).toBeLessThan(300);
    await expect(Promise.race([closed, new Promise((_, rej) => setTimeout(() => rej(new Error('not closed')), 5000))])).resolves.toBeTruthy();
  });

  it('the /api rate limit is one budget across nodes (counted in Redis)', async () => {
    const s = await cluster.createSession({ invites: [] });
    const nodes = [...cluster.nodes.values()];
    // 300 requests per 10 s per link (http/rateLimit.ts), spread round robin over the three nodes.
    const statuses: number[] = [];
    for (let i = 0; i < 306; i++) {
      const node = nodes[i % nodes.length]!;
      const res = await fetch(`${node.url}/api/route`, { headers: { authorization: `Bearer ${s.mediator.token}` } });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, 300).every((st) => st === 200)).toBe(true);
    expect(statuses.slice(300).every((st) => st === 429)).toBe(true);
  });

  it('non-session routes work on every node (a session created on one is read on the others)', async () => {
    const s = await cluster.createSession({ invites: [{ displayName: 'Ana Claimant', role: 'party', side: 'Claimant' }] });
    for (const node of cluster.nodes.values()) {
      const res = await fetch(`${node.url}/api/invite`, { headers: { authorization: `Bearer ${s.invites[0]!.token}` } });
      expect(res.status).toBe(200);
    }
  });
});
