/**
 * `yjs`: edit → visible at the other clients, with 2, 10 and 50 stock y-websocket clients on one
 * document, against our server and, in the same run and process, the reference
 * `@y/websocket-server` (same clients, same workload). Also server memory per loaded document.
 *
 * Latency sample: one writer (rotating) appends a unique item; the sample is the time until the
 * LAST other client has it (not the first), measured with performance.now() in this process.
 * Everything (server, reference, clients) shares one event loop, so both servers pay the same
 * client-side cost; both sets of clients are connected at once and edits alternate between them. Our clients join the real room over socket.io first (the room decides access).
 *
 * Profiling it: load this file from an ES module (run.ts, or a `.mts` driver). Loaded from CommonJS
 * (a `.ts` driver outside a `"type": "module"` package), our server and the clients get yjs.cjs and
 * the reference's @y/websocket-server gets yjs.mjs: two copies of Yjs, each warm for one side only,
 * which made ours look ~10% faster than it is.
 *
 * Each client count gets a fresh document on both sides: ours is the joint board of a session of its
 * own (n people, all in the room), the reference's a room named for the count. Until session 24 our
 * clients reused one board across the counts, so at 50 clients our documents carried the structs of
 * 62 writers against the reference's 50 (each transaction walks the state vector: a writer's push
 * measured ~10-20 us slower on our side, on each of the 50 clients).
 *
 * Memory: the heap growth (after forced GC) from loading K documents holding the same content
 * (a board of 60 cards), divided by K, for our registry (Y.Doc + awareness + bookkeeping) and
 * for the reference's WSSharedDoc (Y.Doc + awareness); median of 3 alternating rounds, after one
 * unmeasured round of each side. heapUsed counts compiled code: heap snapshots around a first
 * round in a cold process gave ~2.6 KB per document of code objects on our side (0.5 KB on the
 * reference's) and ~1% less than the reference of everything else.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import WebSocket, { WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docName, JOINT, type CreateSessionResponse, type InviteLink } from '@mediation/shared';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { writePlot } from './plot.js';
import { summarize, writeResult, round } from './stats.js';

process.env.MEDIASOUP_WORKER_BIN ??= '/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker';
// The bench drives edits faster than a person; keep our per-connection limit out of the way.
process.env.YJS_UPDATES_PER_SECOND ??= '1000';

const CLIENT_COUNTS = (process.env.YJS_BENCH_COUNTS ? process.env.YJS_BENCH_COUNTS.split(',').map(Number) : [2, 10, 50]) as readonly number[];
const EDITS_PER_COUNT: Record<number, number> = { 2: 100, 10: 150, 50: 400 };
const GAP_MS = 15;
const MEMORY_DOCS = 200;
const MEMORY_ROUNDS = 3;

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Peer { doc: Y.Doc; provider: WebsocketProvider }

function peer(serverUrl: string, room: string, params: Record<string, string>): Peer {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, room, doc, { params, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
  return { doc, provider };
}

async function allSynced(peers: Peer[]): Promise<void> {
  const start = Date.now();
  while (!peers.every((p) => p.provider.synced)) {
    if (Date.now() - start > 30_000) throw new Error('clients did not sync');
    await settle(20);
  }
}

/** One edit by peer `i mod n`; resolves with the time until every other peer has it. */
async function oneEdit(peers: Peer[], i: number, label: string): Promise<number> {
  {
    const writer = peers[i % peers.length]!;
    const others = peers.filter((p) => p !== writer);
    const item = `${label}-${i}`;
    let remaining = others.length;
    const t0 = performance.now();
    const done = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`edit ${item} not seen by all in 10 s`)), 10_000);
      for (const p of others) {
        const arr = p.doc.getArray<string>(`log-${peers.length}`);
        const obs = (e: Y.YArrayEvent<string>) => {
          if (!e.changes.delta.some((d) => (d.insert as string[] | undefined)?.includes(item))) return;
          arr.unobserve(obs);
          if (--remaining === 0) { clearTimeout(timer); resolve(performance.now() - t0); }
        };
        arr.observe(obs);
      }
    });
    // One array per client count: an array event's delta walks the whole array, so both servers'
    // clients must observe arrays of the same length (our joint board is reused across counts).
    writer.doc.getArray<string>(`log-${peers.length}`).push([item]);
    return await done;
  }
}

/**
 * Both servers' clients are connected at once and edits alternate between them (which goes first
 * flips every round), so machine noise from other processes hits both workloads alike.
 */
async function sideBySide(app: TestServer, s: CreateSessionResponse, links: InviteLink[], refUrl: string, n: number): Promise<{ ours: number[]; reference: number[] }> {
  const name = docName(s.sessionId, 'board', JOINT);
  if (links.length !== n) throw new Error(`${links.length} people in the session, ${n} expected`);
  const oursPeers = links.map((l) => peer(`${app.url.replace(/^http/, 'ws')}/yjs`, name, { token: tokenOf(l.link) }));
  const refPeers = Array.from({ length: n }, () => peer(refUrl, `bench-${n}`, {}));
  await allSynced([...oursPeers, ...refPeers]);
  await settle(300);
  const out = { ours: [] as number[], reference: [] as number[] };
  for (let i = 0; i < EDITS_PER_COUNT[n]!; i++) {
    if (i % 2 === 0) {
      out.ours.push(await oneEdit(oursPeers, i, `ours${n}`));
      await settle(GAP_MS);
      out.reference.push(await oneEdit(refPeers, i, `ref${n}`));
    } else {
      out.reference.push(await oneEdit(refPeers, i, `ref${n}`));
      await settle(GAP_MS);
      out.ours.push(await oneEdit(oursPeers, i, `ours${n}`));
    }
    await settle(GAP_MS);
  }
  for (const p of [...oursPeers, ...refPeers]) { p.provider.destroy(); p.doc.destroy(); }
  await settle(300);
  return out;
}

/** A board of 60 cards, as one update: the content every loaded document holds in the memory test. */
function boardContent(): Uint8Array {
  const d = new Y.Doc();
  const cards = d.getMap('cards');
  for (let i = 0; i < 60; i++) {
    cards.set(`card-${i}`, { id: `card-${i}`, kind: 'option', text: `Option number ${i}: pay in instalments over ${i} months`, x: i * 10, y: i * 5, clusterId: null, authorId: 'author_0001', authorName: 'Ana', authorSide: 'Claimant', colour: '#2563eb', createdAt: 1_700_000_000_000 + i, promoted: null });
    cards.set(`card-${i}`, { ...(cards.get(`card-${i}`) as object), x: i * 11 });
  }
  return Y.encodeStateAsUpdate(d);
}

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function memoryPerDocOurs(app: TestServer, sessionId: string, content: Uint8Array, round: number): Promise<number> {
  const before = heapAfterGc();
  for (let i = 0; i < MEMORY_DOCS; i++) {
    await app.ctx.docs!.change(docName(sessionId, 'board', `caucus:mem${round}x${i}`), 'bench', (d) => Y.applyUpdate(d, content));
  }
  const after = heapAfterGc();
  return (after - before) / MEMORY_DOCS;
}

async function memoryPerDocReference(getYDoc: (name: string) => Y.Doc, content: Uint8Array, round: number): Promise<number> {
  const before = heapAfterGc();
  const held: Y.Doc[] = [];
  for (let i = 0; i < MEMORY_DOCS; i++) {
    const d = getYDoc(`mem-${round}-${i}`);
    Y.applyUpdate(d, content);
    held.push(d);
  }
  const after = heapAfterGc();
  return (after - before) / MEMORY_DOCS;
}

export default async function run(): Promise<void> {
  process.env.YJS_UNLOAD_DELAY_MS ??= String(10 * 60_000);
  const app = await startTestServer();
  const { setupWSConnection, getYDoc } = (await import('@y/websocket-server/utils')) as unknown as {
    setupWSConnection: (conn: WebSocket, req: http.IncomingMessage, opts?: { docName?: string }) => void;
    getYDoc: (name: string) => Y.Doc;
  };
  const refServer = http.createServer();
  const wss = new WebSocketServer({ server: refServer });
  wss.on('connection', (conn, req) => setupWSConnection(conn, req));
  await new Promise<void>((r) => refServer.listen(0, '127.0.0.1', () => r()));
  const refUrl = `ws://127.0.0.1:${(refServer.address() as AddressInfo).port}`;
  const sockets: TestClient[] = [];
  /** A session of `n` people (the mediator and parties), all in the joint room. */
  const sessionOf = async (n: number): Promise<{ s: CreateSessionResponse; links: InviteLink[]; clients: TestClient[] }> => {
    const s = await createTestSession(app, {
      settings: { waitingRoom: false, capacity: 50 },
      // At most 40 invitations come with the session; the rest are invited afterwards.
      invites: Array.from({ length: Math.min(n - 1, 40) }, (_, i) => ({ displayName: `Party ${i}`, role: 'party' as const, side: i % 2 ? 'Claimant' : 'Respondent' })),
    });
    const links: InviteLink[] = [s.mediator, ...s.invites];
    while (links.length < n) {
      const res = await fetch(`${app.url}/api/sessions/${s.sessionId}/invites`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(s.mediator.link)}` },
        body: JSON.stringify({ displayName: `Extra ${links.length}`, role: 'party', side: 'Claimant' }),
      });
      if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${await res.text()}`);
      links.push((await res.json()) as InviteLink);
    }
    const clients: TestClient[] = [];
    for (const l of links) {
      const c = await connectClient(app.url, tokenOf(l.link));
      clients.push(c);
      sockets.push(c);
      must(await c.request('session:join', {}));
    }
    return { s, links, clients };
  };
  try {
    const results: Record<string, { ours: ReturnType<typeof summarize>; reference: ReturnType<typeof summarize>; oursSamples: number[] }> = {};
    let last: CreateSessionResponse | null = null;
    for (const n of CLIENT_COUNTS) {
      // A fresh document per count on our side too (the reference's room is `bench-${n}`).
      const { s, links, clients } = await sessionOf(n);
      const { ours: o, reference: r } = await sideBySide(app, s, links, refUrl, n);
      results[n] = { ours: summarize(o), reference: summarize(r), oursSamples: o };
      console.log(`[bench] yjs ${n} clients: ours median ${results[n].ours.median} p95 ${results[n].ours.p95} ms; reference median ${results[n].reference.median} p95 ${results[n].reference.p95} ms`);
      // Its people leave before the next count, so only that count's clients are connected.
      if (n !== CLIENT_COUNTS[CLIENT_COUNTS.length - 1]) {
        for (const c of clients) c.close();
        await settle(300);
      }
      last = s;
    }
    const s = last!;

    const content = boardContent();
    // One round of each side first, not measured: loading a document through our registry runs
    // code the latency phases never ran (a load, a caucus generation, a server-side change), and
    // V8 compiles it during the first rounds; that code is heap too, but not per-document memory.
    // The reference's path (getYDoc, applyUpdate) is warm from the latency phases already.
    await memoryPerDocReference(getYDoc, content, 9);
    await memoryPerDocOurs(app, s.sessionId, content, 9);
    // Several rounds, alternating which goes first; each side's median is reported.
    const oursRounds: number[] = [];
    const refRounds: number[] = [];
    for (let round = 0; round < MEMORY_ROUNDS; round++) {
      if (round % 2 === 0) {
        refRounds.push(await memoryPerDocReference(getYDoc, content, round));
        oursRounds.push(await memoryPerDocOurs(app, s.sessionId, content, round));
      } else {
        oursRounds.push(await memoryPerDocOurs(app, s.sessionId, content, round));
        refRounds.push(await memoryPerDocReference(getYDoc, content, round));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const refMem = median(refRounds);
    const ourMem = median(oursRounds);
    console.log(`[bench] yjs memory per loaded doc: ours ${round(ourMem / 1024)} KiB, reference ${round(refMem / 1024)} KiB`);

    const r50 = results[50]!;
    writeResult('yjs', {
      unit: 'ms',
      samples: r50.oursSamples,
      clients: 50,
      p95_50: r50.ours.p95,
      median_50: r50.ours.median,
      p95_10: results[10]!.ours.p95,
      median_10: results[10]!.ours.median,
      p95_2: results[2]!.ours.p95,
      median_2: results[2]!.ours.median,
      reference: Object.fromEntries(CLIENT_COUNTS.map((n) => [`clients_${n}`, results[n]!.reference])),
      ours: Object.fromEntries(CLIENT_COUNTS.map((n) => [`clients_${n}`, results[n]!.ours])),
      ratio_p95_vs_reference: round(r50.ours.p95 / r50.reference.p95),
      ratio_p95_vs_reference_by_clients: Object.fromEntries(CLIENT_COUNTS.map((n) => [n, round(results[n]!.ours.p95 / results[n]!.reference.p95)])),
      memory_per_doc_bytes: Math.round(ourMem),
      reference_memory_per_doc_bytes: Math.round(refMem),
      ratio_memory_vs_reference: round(ourMem / refMem),
      memory_rounds: { ours: oursRounds.map(Math.round), reference: refRounds.map(Math.round) },
      ratio_median_vs_reference_by_clients: Object.fromEntries(CLIENT_COUNTS.map((n) => [n, round(results[n]!.ours.median / results[n]!.reference.median)])),
      // `immediate`: updates stored by one synchronous journal write (nothing queued before them).
      group_commit: (({ commits }) => ({ ...commits?.stats, immediate: commits?.immediate }))(app.ctx.docs as unknown as { commits?: { stats: object; immediate: number } }),
      method: 'sample = time until the last other client has the edit; one rotating writer, one edit at a time, 15 ms apart, edits alternating between our server and the reference with both sets of clients connected; same process for both servers; memory = heap growth after GC for 200 docs holding a 60-card board, median of 3 alternating rounds after one unmeasured round of each',
    });
    const pts = (who: 'ours' | 'reference', f: 'median' | 'p95') => CLIENT_COUNTS.map((n) => [n, results[n]![who][f]] as const);
    writePlot('yjs', {
      title: 'Yjs: edit to the last other client, ours vs the reference y-websocket server',
      xLabel: 'clients on the document',
      yLabel: 'latency (ms)',
      series: [
        { name: 'ours p95', points: pts('ours', 'p95') },
        { name: 'reference p95', points: pts('reference', 'p95'), dashed: true },
        { name: 'ours median', points: pts('ours', 'median') },
        { name: 'reference median', points: pts('reference', 'median'), dashed: true },
      ],
    });
  } finally {
    for (const c of sockets) c.close();
    wss.close();
    refServer.close();
    await stopTestServer(app);
  }
}
