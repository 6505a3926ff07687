/**
 * `npm run bench -- cluster` (issue 16): the same load of simulated sessions against one embedded
 * node (SQLite, no Redis, direct) and against the three-node cluster behind nginx (Redis,
 * PostgreSQL, routing), in one run on one machine; p50/p99 per operation for both and
 * ratio_p99_vs_single (what Redis, PostgreSQL and the proxy cost). Then kill -9 of an owner, several
 * times: the time until every client of its session has re-routed, rejoined and exchanged a chat
 * message (failover median/p95). Writes bench/results/cluster.json and cluster.svg.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docName, type CreateSessionResponse } from '@mediation/shared';
import { LocalCluster, startEmbeddedNode } from '../helpers/cluster.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { writePlot } from './plot.js';
import { percentile, round, writeResult } from './stats.js';

const SESSIONS = Number(process.env.CLUSTER_BENCH_SESSIONS ?? 6);
const LOAD_MS = Number(process.env.CLUSTER_BENCH_MS ?? 15_000);
const KILLS = Number(process.env.CLUSTER_BENCH_KILLS ?? 3);
/** Load phases per target, alternating single / cluster, so both see the same machine (two
 * cores shared with other work: a busy spell must not land on one side only). */
const ROUNDS = Number(process.env.CLUSTER_BENCH_ROUNDS ?? 2);
/** Each session's loop takes at least this long (plus up to 100 ms): two moves per loop stay
 * under the mediator's command budget (LIMITS.controlPer10s = 40), whatever the machine's speed. */
const LOOP_MS = 600;
const OPS = ['join', 'chat', 'move', 'edit'] as const;
type Op = (typeof OPS)[number];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INVITES = [
  { displayName: 'Ana Claimant', role: 'party' as const, side: 'Claimant' },
  { displayName: 'Ben Respondent', role: 'party' as const, side: 'Respondent' },
  { displayName: 'J. Lee', role: 'attorney' as const, side: 'Claimant' },
];

interface Target {
  create(): Promise<CreateSessionResponse>;
  /** Where a link's person connects: the base URL and the path prefix under it. */
  locate(token: string): Promise<{ base: string; prefix: string }>;
}

async function createVia(base: string): Promise<CreateSessionResponse> {
  const res = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Bench', mediatorName: 'Maria Mediator', settings: { waitingRoom: false }, invites: INVITES }) });
  if (res.status !== 201) throw new Error(`create: ${res.status}`);
  return (await res.json()) as CreateSessionResponse;
}

async function runLoad(t: Target): Promise<Record<Op, number[]>> {
  const samples: Record<Op, number[]> = { join: [], chat: [], move: [], edit: [] };
  const clients: TestClient[] = [];
  const providers: WebsocketProvider[] = [];
  const sessions = [];
  for (let i = 0; i < SESSIONS; i++) {
    const s = await t.create();
    const { base, prefix } = await t.locate(s.mediator.token);
    const people: TestClient[] = [];
    for (const token of [s.mediator.token, ...s.invites.map((x) => x.token)]) {
      const start = performance.now();
      const at = await t.locate(token);
      const c = await connectClient(at.base, token, { path: `${at.prefix}/socket.io` });
      must(await c.request('session:join', {}));
      samples.join.push(performance.now() - start);
      clients.push(c);
      people.push(c);
    }
    const name = docName(s.sessionId, 'board', 'joint');
    const mk = (token: string, doc: Y.Doc) => {
      const pr = new WebsocketProvider(`${base.replace(/^http/, 'ws')}${prefix}/yjs`, name, doc, { params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
      providers.push(pr);
      return pr;
    };
    const writer = new Y.Doc();
    const watcher = new Y.Doc();
    // Ben writes (Ana is the one moved, and a move out of the joint room closes her joint board).
    const ps = [mk(s.invites[1]!.token, writer), mk(s.mediator.token, watcher)];
    while (!ps.every((p) => p.synced)) await sleep(20);
    const caucus = must(await people[0]!.request('control:createSpace', { name: 'Caucus' })).space;
    sessions.push({ s, people, writer, watcher, caucus });
  }
  const until = Date.now() + LOAD_MS / ROUNDS;
  await Promise.all(sessions.map(async ({ s, people, writer, watcher, caucus }, si) => {
    let n = 0;
    while (Date.now() < until) {
      const loopStart = performance.now();
      const [mediator, ana, ben] = people;
      // chat: Ben says something; measured until the mediator has it
      const text = `m-${si}-${n++}`;
      let start = performance.now();
      const got = mediator!.waitFor('chat:message', (m) => m.text === text, 10_000);
      must(await ben!.request('chat:send', { to: { kind: 'space' }, text }));
      await got;
      samples.chat.push(performance.now() - start);
      // move: Ana to the caucus and back, each measured until acknowledged
      for (const to of [caucus, 'joint']) {
        start = performance.now();
        must(await mediator!.request('control:move', { participantIds: [s.invites[0]!.participantId], to }));
        samples.move.push(performance.now() - start);
      }
      // edit: a board edit, measured until the other client has it (stored, then broadcast)
      const item = `e-${si}-${n}`;
      start = performance.now();
      const seen = new Promise<void>((resolve) => {
        const arr = watcher.getArray<string>('log');
        const f = () => { if (arr.toArray().includes(item)) { arr.unobserve(f); resolve(); } };
        arr.observe(f);
      });
      writer.getArray<string>('log').push([item]);
      await Promise.race([seen, sleep(10_000)]);
      samples.edit.push(performance.now() - start);
      void ana;
      await sleep(Math.max(0, LOOP_MS - (performance.now() - loopStart)) + Math.random() * 100);
    }
  }));
  for (const p of providers) p.destroy();
  for (const c of clients) c.close();
  return samples;
}

function stats(s: Record<Op, number[]>) {
  return Object.fromEntries(OPS.map((op) => [op, { runs: s[op].length, p50: round(percentile(s[op], 50)), p99: round(percentile(s[op], 99)) }])) as Record<Op, { runs: number; p50: number; p99: number }>;
}

async function failover(cluster: LocalCluster): Promise<number> {
  const s = await cluster.createSession({ settings: { waitingRoom: false }, invites: INVITES });
  const r = await cluster.route(s.mediator.token);
  const tokens = [s.mediator.token, ...s.invites.map((x) => x.token)];
  const first: TestClient[] = [];
  for (const token of tokens) {
    const c = await connectClient(cluster.url, token, { path: `${r.prefix}/socket.io` });
    must(await c.request('session:join', {}));
    first.push(c);
  }
  const killedPort = cluster.node(r.node).port;
  const killedAt = performance.now();
  await cluster.kill(r.node);
  for (const c of first) c.close();
  // Each client: route (any live node, through nginx), reconnect, rejoin; then one chat round trip.
  const again = await Promise.all(tokens.map(async (token) => {
    const route = await cluster.liveRoute(token, 30_000);
    for (;;) {
      try {
        const c = await connectClient(cluster.url, token, { path: `${route.prefix}/socket.io` });
        must(await c.request('session:join', {}));
        return c;
      } catch {
        await sleep(200);
      }
    }
  }));
  const got = again[0]!.waitFor('chat:message', (m) => m.text === 'back', 10_000);
  must(await again[1]!.request('chat:send', { to: { kind: 'space' }, text: 'back' }));
  await got;
  const ms = performance.now() - killedAt;
  for (const c of again) c.close();
  await cluster.startNode(r.node, killedPort);
  return ms;
}

const merge = (into: Record<Op, number[]>, from: Record<Op, number[]>) => {
  for (const op of OPS) into[op].push(...from[op]);
};

export default async function clusterBench(): Promise<void> {
  // Both up for the whole run (idle, each costs next to nothing), loaded in alternation.
  const embedded = await startEmbeddedNode();
  let stopped: Promise<void> | null = null;
  const single = { url: embedded.url, stop: () => (stopped ??= embedded.stop()) };
  const singleStats: Record<Op, number[]> = { join: [], chat: [], move: [], edit: [] };
  const clusterStats: Record<Op, number[]> = { join: [], chat: [], move: [], edit: [] };
  const directStats: Record<Op, number[]> = { join: [], chat: [], move: [], edit: [] };
  let cluster: LocalCluster | null = null;
  const failovers: number[] = [];
  try {
    cluster = await LocalCluster.start({ nodes: 3 });
    const c = cluster;
    const targets = {
      single: { create: () => createVia(single.url), locate: async () => ({ base: single.url, prefix: '' }) },
      cluster: { create: () => c.createSession({ settings: { waitingRoom: false }, invites: INVITES }), locate: async (t: string) => ({ base: c.url, prefix: (await c.route(t)).prefix }) },
      // The same cluster without the proxy hop: each person connects to the owner node itself.
      // Cluster minus this is what nginx costs; this minus single is Redis, PostgreSQL and the
      // node processes sharing the cores.
      direct: { create: () => c.createSession({ settings: { waitingRoom: false }, invites: INVITES }), locate: async (t: string) => ({ base: c.node((await c.route(t)).node).url, prefix: '' }) },
    };
    for (let r = 0; r < ROUNDS; r++) {
      // Which goes first alternates too.
      const order = r % 2 === 0 ? (['single', 'cluster', 'direct'] as const) : (['direct', 'cluster', 'single'] as const);
      for (const which of order) {
        merge(which === 'single' ? singleStats : which === 'cluster' ? clusterStats : directStats, await runLoad(targets[which]));
        console.log(`[bench] cluster: round ${r + 1}/${ROUNDS} ${which} done`);
      }
    }
    await single.stop();
    for (let k = 0; k < KILLS; k++) {
      const ms = await failover(cluster);
      console.log(`[bench] cluster: failover ${k + 1}/${KILLS}: ${Math.round(ms)} ms`);
      failovers.push(ms);
    }
  } finally {
    await single.stop();
    await cluster?.stop();
  }
  const a = stats(singleStats);
  const b = stats(clusterStats);
  const d = stats(directStats);
  const perOp = Object.fromEntries(OPS.map((op) => [op, round(b[op].p99 / Math.max(0.01, a[op].p99))]));
  // An edit that never arrived (10 s timeout) must not pass for a latency: refuse the result.
  for (const [label, st] of [['single', singleStats], ['cluster', clusterStats], ['cluster direct', directStats]] as const) {
    const lost = st.edit.filter((ms) => ms >= 10_000).length;
    if (lost > 0) throw new Error(`${label}: ${lost} edits never reached the other client`);
  }
  const steady: Op[] = ['chat', 'move', 'edit'];
  const allSingle = steady.flatMap((op) => singleStats[op]);
  const allCluster = steady.flatMap((op) => clusterStats[op]);
  const ratio = round(percentile(allCluster, 99) / percentile(allSingle, 99));
  const allDirect = steady.flatMap((op) => directStats[op]);
  const p50 = (xs: number[]) => round(percentile(xs, 50));
  writeResult('cluster', {
    unit: 'ms',
    samples: failovers,
    ratio_p99_vs_single: ratio,
    ratio_p99_by_op: perOp,
    failover_median_ms: round(percentile(failovers, 50)),
    failover_p95_ms: round(percentile(failovers, 95)),
    // Where the cost is: the same cluster with clients on the owner node directly (no nginx).
    ratio_p99_direct_vs_single: round(percentile(allDirect, 99) / percentile(allSingle, 99)),
    ratio_p50_vs_single: round(percentile(allCluster, 50) / percentile(allSingle, 50)),
    ratio_p50_direct_vs_single: round(percentile(allDirect, 50) / percentile(allSingle, 50)),
    p50_steady_ms: { single: p50(allSingle), cluster: p50(allCluster), cluster_direct: p50(allDirect) },
    single: a,
    cluster: b,
    cluster_direct: d,
    goals: { ratio_p99_vs_single: 1.5, failover_p95_ms: 10_000 },
    method: `${SESSIONS} sessions of 4 (socket.io + y-websocket clients in the bench process) for ${LOAD_MS / 1000} s each against (a) one embedded node process (SQLite, no Redis, direct), (b) three node processes + Redis + PostgreSQL behind nginx (clients ask /api/route and connect at the owner's prefix) and (c) the same cluster with clients connected to the owner node itself (no nginx: b - c is the proxy hop, c - a is Redis, PostgreSQL and four more processes on the cores); both up for the whole run and loaded in ${ROUNDS} alternating phases each (which goes first alternates); per session loop (at least ${LOOP_MS}-${LOOP_MS + 100} ms, under the mediator's command budget): chat (sent -> other client has it), move there and back (ack), board edit (push -> other client has it); join = route + connect + join ack. ratio_p99_vs_single = p99 of chat+move+edit samples, cluster / single. Failover: session of 4 on the cluster, kill -9 its owner (LEASE_MS 8000 default), each client asks the route through nginx until it names a live node, reconnects and rejoins; sample = kill -> a chat message between two of them arrives; the killed node is restarted between kills. Same machine, same run; 2 cores shared.`,
  });
  writePlot('cluster', {
    title: 'One embedded node vs three-node cluster: p50 and p99 per operation',
    xLabel: 'operation (1 join, 2 chat, 3 move, 4 edit)',
    yLabel: 'latency (ms)',
    series: [
      { name: 'single p50', points: OPS.map((op, i) => [i + 1, a[op].p50] as const) },
      { name: 'single p99', points: OPS.map((op, i) => [i + 1, a[op].p99] as const), dashed: true },
      { name: 'cluster p50', points: OPS.map((op, i) => [i + 1, b[op].p50] as const) },
      { name: 'cluster p99', points: OPS.map((op, i) => [i + 1, b[op].p99] as const), dashed: true },
      { name: 'cluster direct p50', points: OPS.map((op, i) => [i + 1, d[op].p50] as const) },
      { name: 'cluster direct p99', points: OPS.map((op, i) => [i + 1, d[op].p99] as const), dashed: true },
    ],
  });
}
