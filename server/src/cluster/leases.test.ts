/**
 * The lease scripts against a real redis-server (Debian's, on a free port), plus the pure helpers
 * placement and the stale guard rely on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Leases } from './leases.js';
import { leastLoaded, type NodeInfo } from './nodes.js';
import { connectRedis, type ClusterRedis } from './redis.js';
import { guardStaleWrites, staleSessionOf } from './staleGuard.js';

let server: ChildProcess;
let redis: ClusterRedis;

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as net.AddressInfo;
    s.close(() => resolve(port));
  });
});

beforeAll(async () => {
  const port = await freePort();
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      redis = await connectRedis(`redis://127.0.0.1:${port}`, pino({ level: 'silent' }));
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('redis-server did not start');
});
afterAll(async () => {
  await redis?.close();
  server?.kill('SIGKILL');
});

describe('leases', () => {
  it('one claim wins among many concurrent ones; the epoch counts claims', async () => {
    const leases = new Leases(redis, 5000);
    const owners = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => leases.claim('s1', n)));
    expect(new Set(owners.map((o) => `${o.node}:${o.epoch}`)).size).toBe(1);
    expect(owners[0]!.epoch).toBe(1);
    expect(await leases.owner('s1')).toEqual(owners[0]);
  });

  it('only the owner renews or releases; a lost lease is re-created only if nobody claimed higher', async () => {
    const leases = new Leases(redis, 5000);
    const o = await leases.claim('s2', 'a');
    expect(await leases.renew('s2', 'b', o.epoch)).toBe(false);
    expect(await leases.release('s2', 'b', o.epoch)).toBe(false);
    expect(await leases.renew('s2', 'a', o.epoch)).toBe(true);
    // Redis lost the lease (restart): the owner re-creates it at its epoch.
    await redis.cmd(['DEL', 'session:s2:owner', 'session:s2:epoch']);
    expect(await leases.renew('s2', 'a', o.epoch)).toBe(true);
    expect(await leases.owner('s2')).toEqual({ node: 'a', epoch: o.epoch });
    // The counter was restored too: the next claim is above it.
    expect(await leases.release('s2', 'a', o.epoch)).toBe(true);
    const next = await leases.claim('s2', 'b');
    expect(next.epoch).toBe(o.epoch + 1);
    // The old owner cannot take it back.
    expect(await leases.renew('s2', 'a', o.epoch)).toBe(false);
  });

  it('a claim goes above an epoch floor (the fence remembers more than an emptied Redis)', async () => {
    const leases = new Leases(redis, 5000);
    const o = await leases.claim('s3', 'a', 41);
    expect(o.epoch).toBe(42);
  });

  it('a lease expires after its TTL', async () => {
    const leases = new Leases(redis, 150);
    await leases.claim('s4', 'a');
    expect(await leases.ttl('s4')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await leases.owner('s4')).toBeNull();
  });
});

describe('placement', () => {
  const node = (id: string, sessions: number, extra: Partial<NodeInfo> = {}): NodeInfo => ({ id, prefix: `/n/${id}`, internalUrl: '', sessions, participants: 0, cpu: 0, draining: false, at: 1000, ...extra });
  it('picks the least loaded, never a draining node, and prefers fresh heartbeats', () => {
    expect(leastLoaded([node('a', 3), node('b', 1), node('c', 2)])?.id).toBe('b');
    expect(leastLoaded([node('a', 3), node('b', 1, { draining: true })])?.id).toBe('a');
    expect(leastLoaded([node('a', 1, { draining: true })])).toBeNull();
    expect(leastLoaded([node('a', 0, { at: 0 }), node('b', 5, { at: 990 })], 100, 1000)?.id).toBe('b');
    expect(leastLoaded([node('a', 0, { at: 0 })], 100, 1000)?.id).toBe('a');
  });
});

describe('stale guard', () => {
  it('tells the cluster about a StaleOwnerError from any store method, and rethrows it unchanged', async () => {
    const err = Object.assign(new Error('stale'), { name: 'StaleOwnerError', sessionId: 'sX' });
    const stores = { documents: { append: async () => { throw err; }, ok: async () => 1 }, close: async () => undefined };
    const told: string[] = [];
    const guarded = guardStaleWrites(stores, (id) => told.push(id));
    await expect(guarded.documents.append()).rejects.toBe(err);
    expect(await guarded.documents.ok()).toBe(1);
    expect(told).toEqual(['sX']);
    expect(staleSessionOf(new Error('other'))).toBeNull();
  });
});
