/**
 * Yjs on PostgreSQL, end to end: real y-websocket clients edit through a server process whose
 * DATABASE_URL is a real PostgreSQL; the server is killed with SIGKILL mid-edit and PostgreSQL
 * crashes (immediate stop) and restarts; a server started on ANOTHER data directory (nothing shared with the first but the
 * database and the token secret, as a second node) serves every update any client saw, and the
 * clients converge there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docName, type CreateSessionResponse } from '@mediation/shared';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { tokenOf } from '../helpers/server.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { waitFor } from './yjs-helpers.js';

const dirs: string[] = [];
const servers: ServerProcess[] = [];
const providers: WebsocketProvider[] = [];
const sockets: TestClient[] = [];
let pg: PostgresServer | undefined;
const TOKEN_SECRET = crypto.randomBytes(32).toString('hex');

async function startNode(databaseUrl: string): Promise<ServerProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-yjs-pg-'));
  dirs.push(dir);
  const s = await startServerProcess(dir, { DATABASE_URL: databaseUrl, TOKEN_SECRET, METRICS_PORT: 'off' });
  servers.push(s);
  return s;
}

async function joinAll(url: string, links: string[]): Promise<void> {
  for (const link of links) {
    const c = await connectClient(url, tokenOf(link));
    sockets.push(c);
    must(await c.request('session:join', {}));
  }
}

function provider(url: string, name: string, token: string, doc: Y.Doc): WebsocketProvider {
  const p = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/yjs`, name, doc, {
    params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 200,
  });
  providers.push(p);
  return p;
}

afterAll(async () => {
  for (const p of providers) p.destroy();
  for (const c of sockets) c.close();
  for (const s of servers) await s.kill9();
  await pg?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('Yjs on PostgreSQL', () => {
  it('keeps every update any client saw across kill -9 of the server and a PostgreSQL crash, served by another node', async () => {
    pg = await startPostgres();
    const url = await pg.createDatabase();
    const first = await startNode(url);
    const res = await fetch(`${first.url}/api/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'PG crash test', mediatorName: 'Maria Mediator', settings: { waitingRoom: false }, invites: [
        { displayName: 'Ana', role: 'party', side: 'Claimant' }, { displayName: 'Ben', role: 'party', side: 'Respondent' }] }),
    });
    expect(res.status).toBe(201);
    const s = (await res.json()) as CreateSessionResponse;
    const name = docName(s.sessionId, 'board', 'joint');
    const links = [s.invites[0]!.link, s.invites[1]!.link, s.mediator.link];
    const tokens = links.map(tokenOf);
    await joinAll(first.url, links);
    const docs = tokens.map(() => new Y.Doc());
    const ps = tokens.map((t, i) => provider(first.url, name, t, docs[i]!));
    await waitFor(() => ps.every((p) => p.synced), 15_000, 'sync');

    // What the server broadcast to the mediator: stored before it was sent.
    const seenByWatcher = new Set<string>();
    docs[2]!.getArray<string>('log').observe((e) => {
      for (const d of e.changes.delta) if (d.insert) for (const v of d.insert as string[]) seenByWatcher.add(v);
    });
    for (let i = 0; i < 150; i++) {
      docs[0]!.getArray<string>('log').push([`ana-${i}`]);
      docs[1]!.getArray<string>('log').push([`ben-${i}`]);
      if (i % 15 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => seenByWatcher.size >= 80, 20_000, 'broadcasts');
    await first.kill9();
    const seen = [...seenByWatcher];
    for (const p of ps) p.destroy();
    for (const c of sockets.splice(0)) c.close();

    // PostgreSQL crashes too (immediate stop, WAL replay on start): what was committed stays.
    await pg.crash();
    await pg.resume();

    const second = await startNode(url);
    await joinAll(second.url, links);
    const fresh = new Y.Doc();
    const fp = provider(second.url, name, tokens[0]!, fresh);
    await waitFor(() => fp.synced, 15_000, 'fresh sync');
    const stored = new Set(fresh.getArray<string>('log').toArray());
    expect(seen.filter((v) => !stored.has(v))).toEqual([]);
    fp.destroy();

    // The original clients reconnect with their local state; everyone converges on all 300 items.
    const again = tokens.map((t, i) => provider(second.url, name, t, docs[i]!));
    await waitFor(() => again.every((p) => p.synced), 15_000, 'resync');
    await waitFor(() => docs.every((d) => d.getArray('log').length === 300), 15_000, 'convergence');
    expect(docs[0]!.getArray('log').toJSON()).toEqual(docs[1]!.getArray('log').toJSON());
    expect(docs[2]!.getArray('log').toJSON()).toEqual(docs[0]!.getArray('log').toJSON());
  }, 180_000);
});
