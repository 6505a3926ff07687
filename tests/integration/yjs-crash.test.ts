/**
 * kill -9 right after updates were broadcast: everything any client saw must survive, because
 * the server stores each update before it sends it to anyone. The server runs as its own process
 * (`tsx src/main.ts`, as `npm start` does) and is killed with SIGKILL, so no shutdown hook runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docName, type CreateSessionResponse } from '@mediation/shared';
import { tokenOf } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { waitFor } from './yjs-helpers.js';

const testsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-crash-'));
const children: ChildProcess[] = [];
const providers: WebsocketProvider[] = [];
const sockets: TestClient[] = [];

/** Joins the room over socket.io (the room decides who may open which document). */
async function joinAll(url: string, links: string[]): Promise<void> {
  for (const link of links) {
    const c = await connectClient(url, tokenOf(link));
    sockets.push(c);
    must(await c.request('session:join', {}));
  }
}

function withoutPublicUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PUBLIC_URL: _ignored, ...rest } = env;
  return rest;
}

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('pnpm', ['--filter', '@mediation/server', 'exec', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(testsDir, '..'),
    env: { ...withoutPublicUrl(process.env), DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(t); resolve({ child, url: m[1]! }); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

/** SIGKILL the whole process group (pnpm, tsx and node): no shutdown hook runs. */
function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGKILL');
  });
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
  for (const c of children) if (c.exitCode === null && c.signalCode === null) try { process.kill(-c.pid!, 'SIGKILL'); } catch { /* gone */ }
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
    await kill9(first.child);
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
    await kill9(second.child);
  }, 150_000);
});
