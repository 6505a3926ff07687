/**
 * Yjs connections kept open through a PostgreSQL restart (issue 16, test 7, on one node): while the
 * database is away, edits cannot be stored so nobody is sent them; once it is back, the SAME open
 * providers (no reconnect by the test) get their edits stored and acknowledged again, those made
 * during the outage included (the provider resends what the server lacks), and everything
 * acknowledged before is still there for a fresh reader.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, docName, type CreateSessionResponse } from '@mediation/shared';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { tokenOf } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';

let pg: PostgresServer;
let server: ServerProcess;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-yjs-pg-outage-'));
const providers: WebsocketProvider[] = [];
const clients: TestClient[] = [];
/** Every close code a provider was sent: none may be a permanent (44xx) one. */
const closeCodes: number[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  const databaseUrl = await pg.createDatabase();
  server = await startServerProcess(dataDir, { DATABASE_URL: databaseUrl, DATABASE_STATEMENT_TIMEOUT_MS: '2000', DATABASE_POOL_SIZE: '4', METRICS_PORT: 'off' });
}, 120_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  for (const c of clients) c.close();
  await server?.stop();
  await pg?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
}

function provider(name: string, token: string, doc: Y.Doc): WebsocketProvider {
  const p = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/yjs`, name, doc, {
    params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 500,
  });
  providers.push(p);
  p.on('connection-close', (e: { code?: number } | null) => { if (e?.code !== undefined) closeCodes.push(e.code); });
  return p;
}

describe('Yjs through a PostgreSQL restart', () => {
  it('open connections get their edits stored and acknowledged again once PostgreSQL is back, with no reconnect by the client', async () => {
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Outage', mediatorName: 'Maria Mediator', settings: { waitingRoom: false }, invites: [{ displayName: 'Ana Claimant', role: 'party', side: 'Claimant' }] }),
    });
    expect(res.status).toBe(201);
    const s = (await res.json()) as CreateSessionResponse;
    const mediatorToken = tokenOf(s.mediator.link);
    const anaToken = tokenOf(s.invites[0]!.link);
    for (const t of [mediatorToken, anaToken]) {
      const c = await connectClient(server.url, t);
      clients.push(c);
      must(await c.request('session:join', {}));
    }
    const name = docName(s.sessionId, 'board', 'joint');
    const writer = new Y.Doc();
    const watcher = new Y.Doc();
    const ps = [provider(name, anaToken, writer), provider(name, mediatorToken, watcher)];
    await waitFor(() => ps.every((p) => p.synced), 15_000, 'yjs sync');
    const acked = new Set<string>();
    watcher.getArray<string>('log').observe((e) => { for (const d of e.changes.delta) for (const v of (d.insert as string[] | undefined) ?? []) acked.add(v); });
    const push = (v: string) => writer.getArray<string>('log').push([v]);

    for (let i = 0; i < 20; i++) push(`pre-${i}`);
    await waitFor(() => acked.size >= 20, 10_000, 'edits before');

    await pg.pause();
    try {
      for (let i = 0; i < 10; i++) push(`during-${i}`);
      await sleep(2500);
      // Not stored, so sent to nobody.
      expect([...acked].filter((v) => v.startsWith('during-'))).toEqual([]);
    } finally {
      await pg.resume();
    }
    const back = Date.now();
    for (let i = 0; i < 10; i++) push(`post-${i}`);
    const want = [...Array(10).keys()].flatMap((i) => [`during-${i}`, `post-${i}`]);
    await waitFor(() => want.every((v) => acked.has(v)), 20_000, `edits after PostgreSQL is back (${want.filter((v) => acked.has(v)).length}/${want.length} acknowledged)`);
    console.log(`PostgreSQL restart: every edit of the outage and after it acknowledged ${Date.now() - back} ms after PostgreSQL was back`);
    // And stored: a fresh reader sees every acknowledged edit.
    const fresh = new Y.Doc();
    const reader = provider(name, mediatorToken, fresh);
    await waitFor(() => reader.synced, 15_000, 'fresh read');
    const stored = new Set(fresh.getArray<string>('log').toArray());
    expect([...acked].filter((v) => !stored.has(v))).toEqual([]);
    // The outage was never reported as a dead link or a refusal (which would stop a provider for
    // good): the writer was closed 1011 when its edit could not be stored, then refused with
    // UNAVAILABLE (4504, retry) while the link could not be checked.
    expect(closeCodes.filter((c) => c >= 4400 && c < 4500)).toEqual([]);
    expect(closeCodes).toContain(CloseCode.UNAVAILABLE);
  });
});
