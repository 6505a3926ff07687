import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, docName, type CreateSessionResponse } from '@mediation/shared';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { sqliteReader } from '../helpers/sqlite.js';
import { connect, rawSocket, synced, TestSpaces, updateFrame, varUint, waitFor, withTimeout, type Client } from './yjs-helpers.js';

let app: TestServer | undefined;
const clients: Client[] = [];
const ENV_KEYS = ['YJS_MAX_MESSAGE_BYTES', 'YJS_UPDATES_PER_SECOND', 'YJS_COMPACT_EVERY', 'YJS_UNLOAD_DELAY_MS', 'YJS_COMPACT_INTERVAL_MS', 'YJS_AWARENESS_STATES_PER_DOC'] as const;

async function start(env: Partial<Record<(typeof ENV_KEYS)[number], string>> = {}, dataDir?: string): Promise<{ app: TestServer; s: CreateSessionResponse; spaces: TestSpaces }> {
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, env);
  app = await startTestServer(dataDir ? { dataDir } : {});
  for (const k of ENV_KEYS) delete process.env[k];
  const s = await createTestSession(app);
  const spaces = new TestSpaces();
  spaces.install(app);
  spaces.place(s.sessionId, s.mediator.participantId, 'joint');
  for (const inv of s.invites) spaces.place(s.sessionId, inv.participantId, 'joint');
  return { app, s, spaces };
}

const open = (a: TestServer, name: string, token: string) => {
  const c = connect(a, name, token);
  clients.push(c);
  return c;
};

const serverState = (a: TestServer, name: string) => a.ctx.docs!.read(name, (d) => Y.encodeStateAsUpdate(d));


function updateFrames(count: number): Uint8Array[] {
  const local = new Y.Doc();
  const frames: Uint8Array[] = [];
  local.on('update', (u: Uint8Array) => {
    // y-websocket framing: messageSync (0), messageYjsUpdate (2), varuint length, update bytes.
    frames.push(updateFrame(u));
  });
  for (let i = 0; i < count; i++) local.getArray<number>('n').push([i]);
  return frames;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await stopTestServer(app);
  app = undefined;
});

describe('Yjs limits and read-only access', () => {
  it("refuses an observer's update and leaves the document byte-identical", async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const ana = open(app, name, tokenOf(s.invites[0]!.link));
    await synced(ana);
    ana.doc.getText('t').insert(0, 'agreed text');
    let before: Uint8Array = new Uint8Array();
    for (let tries = 0; tries < 200; tries++) {
      before = await serverState(app, name);
      const m = new Y.Doc();
      Y.applyUpdate(m, before);
      if (m.getText('t').toString() === 'agreed text') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const olive = open(app, name, tokenOf(s.invites[3]!.link));
    await synced(olive);
    expect(olive.doc.getText('t').toString()).toBe('agreed text');
    olive.doc.getText('t').insert(0, 'OBSERVER WAS HERE ');
    await new Promise((r) => setTimeout(r, 500));
    expect(Buffer.from(await serverState(app, name)).equals(Buffer.from(before))).toBe(true);
    expect(ana.doc.getText('t').toString()).toBe('agreed text');
  });

  it('closes a connection that sends a message over the size limit with 1009, document unchanged', async () => {
    const { app, s } = await start({ YJS_MAX_MESSAGE_BYTES: '4096' });
    const name = docName(s.sessionId, 'board', 'joint');
    const ana = open(app, name, tokenOf(s.invites[0]!.link));
    await synced(ana);
    const before = await serverState(app, name);
    ana.doc.getText('t').insert(0, 'x'.repeat(10_000));
    expect(await withTimeout(ana.closed, 5000, 'close')).toBe(CloseCode.TOO_BIG);
    expect(Buffer.from(await serverState(app, name)).equals(Buffer.from(before))).toBe(true);
  });

  it('closes a connection that floods updates with 4429 and applies nothing past the limit', async () => {
    const { app, s } = await start({ YJS_UPDATES_PER_SECOND: '5' });
    const name = docName(s.sessionId, 'board', 'joint');
    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[0]!.link));
    for (const f of updateFrames(40)) ws.send(f);
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.RATE_LIMITED);
    const m = new Y.Doc();
    Y.applyUpdate(m, await serverState(app, name));
    const applied = m.getArray<number>('n').toArray();
    // Burst is twice the per-second rate: the first ten are in (plus at most what the bucket refills
    // while a loaded machine delivers the flood), and nothing after the violation is.
    expect(applied.length).toBeGreaterThanOrEqual(10);
    expect(applied.length).toBeLessThanOrEqual(15);
    expect(applied).toEqual([...Array(applied.length).keys()]);
  });

  it('closes a read-only (observer) connection that floods updates with 4429, document unchanged', async () => {
    const { app, s } = await start({ YJS_UPDATES_PER_SECOND: '5' });
    const name = docName(s.sessionId, 'board', 'joint');
    const before = await serverState(app, name);
    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[3]!.link));
    for (const f of updateFrames(40)) ws.send(f);
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.RATE_LIMITED);
    expect(Buffer.from(await serverState(app, name)).equals(Buffer.from(before))).toBe(true);
  });

  it('closes a connection that floods awareness messages with 4429', async () => {
    const { app, s } = await start({ YJS_UPDATES_PER_SECOND: '5' });
    const name = docName(s.sessionId, 'board', 'joint');
    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[0]!.link));
    const frame = (clock: number) => {
      const json = Buffer.from(JSON.stringify({ cursor: { x: clock, y: clock } }));
      const payload = [1, ...varUint(4242), ...varUint(clock), ...varUint(json.length), ...json];
      return Uint8Array.from([1, ...varUint(payload.length), ...payload]);
    };
    for (let i = 1; i <= 100; i++) ws.send(frame(i));
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.RATE_LIMITED);
  });

  it('reads nothing before authentication: a bad token with an update already sent is closed 4401 and the doc is unchanged', async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const before = await serverState(app, name);
    const { ws, closed } = await rawSocket(app, name, 'not-a-token').catch(() => ({ ws: null, closed: Promise.resolve(CloseCode.UNAUTHORIZED) }));
    if (ws) for (const f of updateFrames(3)) ws.send(f);
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.UNAUTHORIZED);
    expect(Buffer.from(await serverState(app, name)).equals(Buffer.from(before))).toBe(true);
  });

  it('closes a connection that sends a malformed message with 4400, document unchanged', async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const before = await serverState(app, name);
    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[0]!.link));
    ws.send(new Uint8Array([0, 2, 200, 1, 2, 3]));
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.MALFORMED);
    expect(Buffer.from(await serverState(app, name)).equals(Buffer.from(before))).toBe(true);
  });
  it('closes a connection whose update is well framed but not a valid Yjs update with 4400, leaving doc and log unchanged', async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const before = await serverState(app, name);
    const rows = () => (sqliteReader(app).prepare('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc = ?').get(name) as { n: number }).n;
    const rowsBefore = rows();
    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[0]!.link));
    const garbage = Uint8Array.from([1, 1, 200, 1, 0, 0xff, 0xff, 0xff]);
    ws.send(updateFrame(garbage));
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.MALFORMED);
    expect(Buffer.from(await serverState(app, name)).equals(Buffer.from(before))).toBe(true);
    expect(rows()).toBe(rowsBefore);
  });

  it('refuses an update with valid structs and a corrupt delete set: log, server state and other clients unchanged, clients resync', async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const ana = open(app, name, tokenOf(s.invites[0]!.link));
    const ben = open(app, name, tokenOf(s.invites[1]!.link));
    await Promise.all([synced(ana), synced(ben)]);
    ana.doc.getText('t').insert(0, 'agreed');
    await waitFor(() => ben.doc.getText('t').toString() === 'agreed', 5000, 'ben has the text');
    const db = sqliteReader(app);
    const log = () => (db.prepare('SELECT seq, data FROM yjs_updates WHERE doc = ? ORDER BY seq').all(name) as Array<{ seq: number; data: Uint8Array }>)
      .map((r) => `${r.seq}:${Buffer.from(r.data).toString('hex')}`);
    await waitFor(() => log().length === 1, 5000, 'stored');
    const logBefore = log();
    const stateBefore = await serverState(app, name);
    let benSawEvil = false;
    ben.doc.on('update', () => { if (ben.doc.getText('t').toString().includes('EVIL')) benSawEvil = true; });

    // Valid structs (an insert of "EVIL"), then a delete set that claims five ranges and stops
    // after one: Yjs integrates the insert and the first delete, then throws.
    const scratch = new Y.Doc();
    scratch.getText('t').insert(0, 'EVIL');
    const valid = Y.encodeStateAsUpdate(scratch);
    expect(valid[valid.length - 1]).toBe(0); // the empty delete set we replace
    const crafted = Uint8Array.from([...valid.subarray(0, valid.length - 1), 1, ...varUint(scratch.clientID), 5, 0, 1]);
    const probe = new Y.Doc();
    expect(() => Y.applyUpdate(probe, crafted)).toThrow();
    expect(probe.getText('t').toString()).toBe('VIL'); // proof that it applies part before failing

    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[2]!.link));
    ws.send(updateFrame(crafted));
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.MALFORMED);

    expect(log()).toEqual(logBefore);
    expect(Buffer.from(await serverState(app, name)).equals(Buffer.from(stateBefore))).toBe(true);
    const fresh = open(app, name, tokenOf(s.mediator.link));
    await synced(fresh);
    expect(fresh.doc.getText('t').toString()).toBe('agreed');
    // The others were sent none of it, and after resyncing with the reloaded doc they still edit.
    await waitFor(() => ana.provider.wsconnected && ana.provider.synced && ben.provider.wsconnected && ben.provider.synced, 5000, 'resynced');
    ana.doc.getText('t').insert(6, ' and signed');
    await waitFor(() => ben.doc.getText('t').toString() === 'agreed and signed' && fresh.doc.getText('t').toString() === 'agreed and signed', 5000, 'edit after resync');
    expect(benSawEvil).toBe(false);
  });
});

describe('Yjs persistence', () => {
  it('compacts the update log into a snapshot, unloads idle documents and loads them again after a restart', async () => {
    const first = await start({ YJS_COMPACT_EVERY: '5', YJS_UNLOAD_DELAY_MS: '100' });
    const name = docName(first.s.sessionId, 'board', 'joint');
    const ana = open(first.app, name, tokenOf(first.s.invites[0]!.link));
    await synced(ana);
    for (let i = 0; i < 23; i++) ana.doc.getArray<number>('n').push([i]);
    const db = sqliteReader(first.app);
    await waitFor(() => (db.prepare('SELECT COUNT(*) AS n FROM yjs_snapshots WHERE doc = ?').get(name) as { n: number }).n === 1, 5000, 'snapshot');
    const logRows = () => (db.prepare('SELECT COUNT(*) AS n FROM yjs_updates WHERE doc = ?').get(name) as { n: number }).n;
    await waitFor(() => logRows() < 5, 5000, 'log compacted');
    ana.destroy();
    const registry = first.app.ctx.docs as unknown as { docs: Map<string, unknown> };
    await waitFor(() => !registry.docs.has(name), 5000, 'unload');
    // Loads on demand from the snapshot and what was appended since.
    const again = open(first.app, name, tokenOf(first.s.invites[1]!.link));
    await synced(again);
    await waitFor(() => again.doc.getArray('n').length === 23, 5000, 'reload');
    again.destroy();
    const dataDir = first.app.dataDir;
    await stopTestServer(first.app, { keepData: true });
    app = undefined;
    app = await startTestServer({ dataDir });
    const after = new Y.Doc();
    Y.applyUpdate(after, await app.ctx.docs!.read(name, (d) => Y.encodeStateAsUpdate(d)));
    expect(after.getArray<number>('n').toArray()).toEqual([...Array(23).keys()]);
  });

  it('folds a quiet document\'s log into a snapshot on the periodic timer, keeping its content', async () => {
    const { app, s } = await start({ YJS_COMPACT_EVERY: '100000', YJS_COMPACT_INTERVAL_MS: '200' });
    const name = docName(s.sessionId, 'board', 'joint');
    const ana = open(app, name, tokenOf(s.invites[0]!.link));
    await synced(ana);
    for (let i = 0; i < 3; i++) ana.doc.getArray<number>('n').push([i]);
    const db = sqliteReader(app);
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE doc = ?`).get(name) as { n: number }).n;
    // Not waited for as 3 rows first: the edits sit in the update journal until its next move into
    // the table (100 ms), and a periodic compaction landing before that move folds them straight
    // into the snapshot, so the 3 rows are never visible (about every other run since session 22).
    await waitFor(() => count('yjs_snapshots') === 1 && count('yjs_updates') === 0, 5000, 'periodic compaction');
    const m = new Y.Doc();
    Y.applyUpdate(m, (db.prepare('SELECT data FROM yjs_snapshots WHERE doc = ?').get(name) as { data: Uint8Array }).data);
    expect(m.getArray<number>('n').toArray()).toEqual([0, 1, 2]);
  });
});

/** One awareness message (y-websocket framing) announcing `entries`. */
function awarenessFrame(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const payload: number[] = [...varUint(entries.length)];
  for (const e of entries) {
    const json = Buffer.from(JSON.stringify(e.state));
    payload.push(...varUint(e.clientId), ...varUint(e.clock), ...varUint(json.length), ...json);
  }
  return Uint8Array.from([1, ...varUint(payload.length), ...payload]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Malformed updates disturb only their sender', () => {
  // sync (0), update (2), 5 bytes: "1 client, 200 structs from client 2 at clock 3" and then nothing.
  const GARBAGE = Uint8Array.from([0x00, 0x02, 0x05, 0x01, 0xc8, 0x01, 0x02, 0x03]);

  it('keeps every other client connected and syncing when a writer sends a garbage update, and closes only the sender with 4400', async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const ana = open(app, name, tokenOf(s.invites[0]!.link));
    const ben = open(app, name, tokenOf(s.invites[1]!.link));
    await Promise.all([synced(ana), synced(ben)]);
    ana.doc.getText('t').insert(0, 'ours');
    await waitFor(() => ben.doc.getText('t').toString() === 'ours', 5000, 'ben has it');
    const before = await serverState(app, name);
    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[2]!.link));
    ws.send(GARBAGE);
    expect(await withTimeout(closed, 5000, 'sender closed')).toBe(CloseCode.MALFORMED);
    await sleep(300);
    expect(ana.codes).toEqual([]);
    expect(ben.codes).toEqual([]);
    expect(Buffer.from(await serverState(app, name)).equals(Buffer.from(before))).toBe(true);
    ben.doc.getText('t').insert(4, ' and theirs');
    await waitFor(() => ana.doc.getText('t').toString() === 'ours and theirs', 5000, 'still syncing');
  });

  it("refuses a participant's reconnects with 4429 after three malformed frames within a minute, and nobody else is disturbed", async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const ana = open(app, name, tokenOf(s.invites[0]!.link));
    await synced(ana);
    const lee = tokenOf(s.invites[2]!.link);
    for (let i = 0; i < 3; i++) {
      const { ws, closed } = await rawSocket(app, name, lee);
      ws.send(GARBAGE);
      expect(await withTimeout(closed, 5000, `bad frame ${i + 1}`)).toBe(CloseCode.MALFORMED);
    }
    // Refused at once, before anything it sends is read; on any document of the session.
    const again = await rawSocket(app, name, lee);
    expect(await withTimeout(again.closed, 5000, 'refused')).toBe(CloseCode.RATE_LIMITED);
    const other = await rawSocket(app, docName(s.sessionId, 'agreement', 'joint'), lee);
    expect(await withTimeout(other.closed, 5000, 'refused')).toBe(CloseCode.RATE_LIMITED);
    // Others are not affected.
    const ben = open(app, name, tokenOf(s.invites[1]!.link));
    await synced(ben);
    ana.doc.getText('t').insert(0, 'fine');
    await waitFor(() => ben.doc.getText('t').toString() === 'fine', 5000, 'others sync');
    expect(ana.codes).toEqual([]);
  });
});

describe('Malformed sync requests', () => {
  it('closes a connection whose sync step 1 carries an unreadable state vector with 4400, and the server keeps serving', async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const ana = open(app, name, tokenOf(s.invites[0]!.link));
    await synced(ana);
    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[1]!.link));
    // sync (0), step 1 (0), 3 bytes of state vector that end mid-number.
    ws.send(Uint8Array.from([0, 0, 3, 0xff, 0xff, 0xff]));
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.MALFORMED);
    const lee = open(app, name, tokenOf(s.invites[2]!.link));
    await synced(lee);
    ana.doc.getText('t').insert(0, 'still here');
    await waitFor(() => lee.doc.getText('t').toString() === 'still here', 5000, 'server still serving');
    expect(ana.codes).toEqual([]);
  });
});

describe('Awareness is bounded', () => {
  it('closes a connection that announces a third awareness client id with 4413; the extra ids never reach anyone', async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const med = open(app, name, tokenOf(s.mediator.link));
    await synced(med);
    let most = 0;
    med.provider.awareness.on('change', () => { most = Math.max(most, [...med.provider.awareness.getStates().keys()].filter((id) => id >= 1000 && id < 1100).length); });
    // A read-only observer tries to speak for 60 clients.
    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[3]!.link));
    for (let i = 0; i < 60; i++) ws.send(awarenessFrame([{ clientId: 1000 + i, clock: 1, state: { cursor: { x: i, y: i } } }]));
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.AWARENESS_LIMIT);
    await sleep(300);
    expect(most).toBeLessThanOrEqual(2);
    expect([...med.provider.awareness.getStates().keys()].filter((id) => id >= 1000 && id < 1100)).toEqual([]);
  });

  it('closes a connection whose awareness state is larger than 4 KB with 4413 and relays nothing of it', async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const med = open(app, name, tokenOf(s.mediator.link));
    await synced(med);
    let received = 0;
    med.provider.awareness.on('change', () => { if (med.provider.awareness.getStates().has(2000)) received++; });
    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[0]!.link));
    ws.send(awarenessFrame([{ clientId: 2000, clock: 1, state: { blob: 'x'.repeat(5000) } }]));
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.AWARENESS_LIMIT);
    await sleep(200);
    expect(received).toBe(0);
  });

  it('limits awareness queries (one byte in, every state out) like awareness updates: 4429', async () => {
    const { app, s } = await start({ YJS_UPDATES_PER_SECOND: '5' });
    const name = docName(s.sessionId, 'board', 'joint');
    const { ws, closed } = await rawSocket(app, name, tokenOf(s.invites[3]!.link));
    for (let i = 0; i < 100; i++) ws.send(Uint8Array.from([3]));
    expect(await withTimeout(closed, 5000, 'close')).toBe(CloseCode.RATE_LIMITED);
  });

  it('bounds the awareness states one document holds: past the limit a new announcer is closed with 4413', async () => {
    const { app, s } = await start({ YJS_AWARENESS_STATES_PER_DOC: '2' });
    const name = docName(s.sessionId, 'board', 'joint');
    const a = await rawSocket(app, name, tokenOf(s.invites[0]!.link));
    const b = await rawSocket(app, name, tokenOf(s.invites[1]!.link));
    a.ws.send(awarenessFrame([{ clientId: 3001, clock: 1, state: { n: 1 } }]));
    b.ws.send(awarenessFrame([{ clientId: 3002, clock: 1, state: { n: 2 } }]));
    await sleep(200);
    const c = await rawSocket(app, name, tokenOf(s.invites[2]!.link));
    c.ws.send(awarenessFrame([{ clientId: 3003, clock: 1, state: { n: 3 } }]));
    expect(await withTimeout(c.closed, 5000, 'close')).toBe(CloseCode.AWARENESS_LIMIT);
    const held = await app.ctx.docs!.read(name, () => 0).then(() => (app.ctx.docs as unknown as { docs: Map<string, { awareness: { getStates(): Map<number, unknown> } }> }).docs.get(name)!.awareness.getStates().size);
    expect(held).toBe(2);
    a.ws.close();
    b.ws.close();
  });

  it("lets stock providers that echo each other's awareness keep working through a departure (echoes never claim ids)", async () => {
    const { app, s } = await start();
    const name = docName(s.sessionId, 'board', 'joint');
    const ana = open(app, name, tokenOf(s.invites[0]!.link));
    const ben = open(app, name, tokenOf(s.invites[1]!.link));
    const med = open(app, name, tokenOf(s.mediator.link));
    await Promise.all([synced(ana), synced(ben), synced(med)]);
    for (let i = 0; i < 5; i++) {
      for (const c of [ana, ben, med]) c.provider.awareness.setLocalStateField('cursor', { x: i, y: i });
      await sleep(30);
    }
    await waitFor(() => med.provider.awareness.getStates().has(ben.doc.clientID), 5000, 'ben present');
    ben.destroy();
    await waitFor(() => !med.provider.awareness.getStates().has(ben.doc.clientID), 5000, 'ben gone');
    for (let i = 0; i < 5; i++) {
      for (const c of [ana, med]) c.provider.awareness.setLocalStateField('cursor', { x: 10 + i, y: i });
      await sleep(30);
    }
    await waitFor(() => (ana.provider.awareness.getStates().get(med.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x === 14, 5000, 'presence still flows');
    expect(ana.codes).toEqual([]);
    expect(med.codes).toEqual([]);
  });
});
