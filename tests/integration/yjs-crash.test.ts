/**
 * kill -9 right after updates were broadcast: everything any client saw must survive, because
 * the server stores each update before it sends it to anyone. The server runs as its own process
 * (`tsx src/main.ts`, as `npm start` does) and is killed with SIGKILL, so no shutdown hook runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docName, type CreateSessionResponse } from '@mediation/shared';
import { tokenOf } from '../helpers/server.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { waitFor } from './yjs-helpers.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-crash-'));
const servers: ServerProcess[] = [];
const providers: WebsocketProvider[] = [];
const sockets: TestClient[] = [];

/** The real server as its own process (`src/main.ts`, as `npm start` runs it), on this data directory. */
async function startServer(): Promise<ServerProcess> {
  const s = await startServerProcess(dataDir);
  servers.push(s);
  return s;
}

/** Joins the room over socket.io (the room decides who may open which document). */
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
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Yjs persistence under kill -9', () => {
  it('keeps every update any client saw across kill -9 and a restart, and all clients converge', async () => {
    const first = await startServer();
    const res = await fetch(`${first.url}/api/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Crash test', mediatorName: 'Maria Mediator', settings: { waitingRoom: false }, invites: [
        { displayName: 'Ana', role: 'party', side: 'Claimant' }, { displayName: 'Ben', role: 'party', side: 'Respondent' }] }),
    });
    const s = (await res.json()) as CreateSessionResponse;
    const name = docName(s.sessionId, 'board', 'joint');
    const links = [s.invites[0]!.link, s.invites[1]!.link, s.mediator.link];
    const tokens = links.map(tokenOf);
    await joinAll(first.url, links);
    const docs = tokens.map(() => new Y.Doc());
    const ps = tokens.map((t, i) => provider(first.url, name, t, docs[i]!));
    await waitFor(() => ps.every((p) => p.synced), 10_000, 'sync');

    // The watcher (the mediator) records what the server broadcast to it.
    const seenByWatcher = new Set<string>();
    docs[2]!.getArray<string>('log').observe((e) => {
      for (const d of e.changes.delta) if (d.insert) for (const v of d.insert as string[]) seenByWatcher.add(v);
    });
    for (let i = 0; i < 200; i++) {
      docs[0]!.getArray<string>('log').push([`ana-${i}`]);
      docs[1]!.getArray<string>('log').push([`ben-${i}`]);
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    // Kill as soon as a good part has been seen, while the rest is still in flight.
    await waitFor(() => seenByWatcher.size >= 100, 10_000, 'broadcasts');
    await first.kill9();
    const seen = [...seenByWatcher];
    expect(seen.length).toBeGreaterThanOrEqual(100);
    for (const p of ps) p.destroy();
    for (const c of sockets.splice(0)) c.close();

    const second = await startServer();
    await joinAll(second.url, links);
    const fresh = new Y.Doc();
    const fp = provider(second.url, name, tokens[0]!, fresh);
    await waitFor(() => fp.synced, 10_000, 'fresh sync');
    const stored = new Set(fresh.getArray<string>('log').toArray());
    const lost = seen.filter((v) => !stored.has(v));
    expect(lost).toEqual([]);
    fp.destroy();

    // The original clients reconnect with their local state and everyone converges on all 400 items.
    const again = tokens.map((t, i) => provider(second.url, name, t, docs[i]!));
    await waitFor(() => again.every((p) => p.synced), 10_000, 'resync');
    await waitFor(() => docs.every((d) => d.getArray('log').length === 400), 10_000, 'convergence');
    expect(docs[0]!.getArray('log').toJSON()).toEqual(docs[1]!.getArray('log').toJSON());
    expect(docs[2]!.getArray('log').toJSON()).toEqual(docs[0]!.getArray('log').toJSON());
    await second.kill9();
  }, 150_000);
});
