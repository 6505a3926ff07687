/**
 * kill -9 under group commit: two documents written at once (their updates share transactions),
 * the server killed while updates are still arriving. Every update any reader was sent (what the
 * server acknowledges to the room) must be in storage after the restart, in both documents.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docName, JOINT, type CreateSessionResponse } from '@mediation/shared';
import { tokenOf } from '../helpers/server.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { waitFor } from './yjs-helpers.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-gc-crash-'));
const servers: ServerProcess[] = [];
const providers: WebsocketProvider[] = [];
const sockets: TestClient[] = [];

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

function recordInto(doc: Y.Doc, seen: Set<string>): void {
  doc.getArray<string>('log').observe((e) => {
    for (const d of e.changes.delta) for (const v of (d.insert as string[] | undefined) ?? []) seen.add(v);
  });
}

afterAll(async () => {
  for (const p of providers) p.destroy();
  for (const c of sockets) c.close();
  for (const s of servers) await s.kill9();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Yjs group commit under kill -9', () => {
  it('keeps every update a reader was sent, in both documents of the shared transactions', async () => {
    const first = await startServerProcess(dataDir);
    servers.push(first);
    const res = await fetch(`${first.url}/api/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Crash test', mediatorName: 'Maria Mediator', settings: { waitingRoom: false }, invites: [
        { displayName: 'Ana', role: 'party', side: 'Claimant' }, { displayName: 'Ben', role: 'party', side: 'Respondent' }] }),
    });
    const s = (await res.json()) as CreateSessionResponse;
    const board = docName(s.sessionId, 'board', JOINT);
    const agreement = docName(s.sessionId, 'agreement', JOINT);
    const [ana, ben, med] = [s.invites[0]!.link, s.invites[1]!.link, s.mediator.link].map(tokenOf) as [string, string, string];
    await joinAll(first.url, [s.invites[0]!.link, s.invites[1]!.link, s.mediator.link]);
    // Ana writes the board, the mediator the agreement; Ben reads both.
    const writers = { board: new Y.Doc(), agreement: new Y.Doc() };
    const readers = { board: new Y.Doc(), agreement: new Y.Doc() };
    const ps = [provider(first.url, board, ana, writers.board), provider(first.url, agreement, med, writers.agreement),
      provider(first.url, board, ben, readers.board), provider(first.url, agreement, ben, readers.agreement)];
    await waitFor(() => ps.every((p) => p.synced), 15_000, 'sync');
    const seen = { board: new Set<string>(), agreement: new Set<string>() };
    recordInto(readers.board, seen.board);
    recordInto(readers.agreement, seen.agreement);

    for (let i = 0; i < 300; i++) {
      writers.board.getArray<string>('log').push([`b-${i}`]);
      writers.agreement.getArray<string>('log').push([`a-${i}`]);
      if (i % 25 === 0) await new Promise((r) => setTimeout(r, 4));
    }
    await waitFor(() => seen.board.size + seen.agreement.size >= 150, 15_000, 'broadcasts');
    await first.kill9();
    const sent = { board: [...seen.board], agreement: [...seen.agreement] };
    expect(sent.board.length + sent.agreement.length).toBeGreaterThanOrEqual(150);
    for (const p of ps) p.destroy();
    for (const c of sockets.splice(0)) c.close();

    const second = await startServerProcess(dataDir);
    servers.push(second);
    await joinAll(second.url, [s.invites[1]!.link]);
    for (const [name, key] of [[board, 'board'], [agreement, 'agreement']] as const) {
      const fresh = new Y.Doc();
      const fp = provider(second.url, name, ben, fresh);
      await waitFor(() => fp.synced, 15_000, `fresh sync of ${key}`);
      const stored = new Set(fresh.getArray<string>('log').toArray());
      expect(sent[key].filter((v) => !stored.has(v))).toEqual([]);
      // The stored log keeps the writer's order.
      const order = fresh.getArray<string>('log').toArray();
      expect(order).toEqual([...order].sort((x, y) => Number(x.slice(2)) - Number(y.slice(2))));
      fp.destroy();
    }
  }, 150_000);
});
