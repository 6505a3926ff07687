/**
 * The board with a real room (socket.io joins, the mediator's controls, real spaces): promotion of
 * caucus cards to the joint board is idempotent per card and places cards apart, and a side's
 * private scores reach that side's other members live, nobody else, with no lost updates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_MAPS, CARD_SIZE, docName, type Card, type CreateSessionResponse, type SpaceId } from '@mediation/shared';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { connect, synced, waitFor, type Client } from './yjs-helpers.js';

let app: TestServer;
let s: CreateSessionResponse;
const sockets: TestClient[] = [];
const docs: Client[] = [];
const T = {} as Record<'ana' | 'ben' | 'lee' | 'olive' | 'med', string>;
const ids = {} as Record<'ana' | 'ben' | 'lee' | 'olive' | 'med', string>;
const sock = {} as Record<'ana' | 'ben' | 'lee' | 'olive' | 'med', TestClient>;
let caucus: SpaceId;

async function api(method: string, p: string, token: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${app.url}/api/sessions/${s.sessionId}/board${p}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try { json = JSON.parse(text); } catch { /* not json */ }
  return { status: res.status, json };
}
const openDoc = async (space: SpaceId, token: string) => {
  const c = connect(app, docName(s.sessionId, 'board', space), token);
  docs.push(c);
  await synced(c);
  return c;
};
function addCard(c: Client, who: keyof typeof ids, id: string, text: string, kind: Card['kind'] = 'option'): void {
  c.doc.getMap(BOARD_MAPS.cards).set(id, {
    id, kind, text, x: 10, y: 10, clusterId: null, authorId: ids[who], authorName: '', authorSide: null, colour: '#000000', createdAt: Date.now(), promoted: null, shared: null,
  });
}
const serverCards = (space: SpaceId) => app.ctx.docs!.read(docName(s.sessionId, 'board', space), (d) => [...d.getMap(BOARD_MAPS.cards).values()] as Card[]);

beforeAll(async () => {
  app = await startTestServer();
  s = await createTestSession(app, { settings: { waitingRoom: false } });
  [T.ana, T.ben, T.lee, T.olive] = s.invites.map((i) => tokenOf(i.link)) as [string, string, string, string];
  [ids.ana, ids.ben, ids.lee, ids.olive] = s.invites.map((i) => i.participantId) as [string, string, string, string];
  T.med = tokenOf(s.mediator.link);
  ids.med = s.mediator.participantId;
  for (const k of ['med', 'ana', 'ben', 'lee', 'olive'] as const) {
    sock[k] = await connectClient(app.url, T[k]);
    sockets.push(sock[k]);
    must(await sock[k].request('session:join', {}));
  }
  caucus = must(await sock.med.request('control:createSpace', { name: 'Claimant caucus' })).space as SpaceId;
});

afterAll(async () => {
  for (const c of docs) c.destroy();
  for (const c of sockets) c.close();
  await stopTestServer(app);
});

describe('sharing a caucus card with the joint session', () => {
  let anaC: Client;
  let benJ: Client;

  beforeAll(async () => {
    must(await sock.med.request('control:move', { participantIds: [ids.ana], to: caucus }));
    anaC = await openDoc(caucus, T.ana);
    benJ = await openDoc('joint', T.ben);
    for (let i = 0; i < 6; i++) addCard(anaC, 'ana', `cc-${i}`, `Caucus idea ${i}`);
    for (let i = 0; i < 100 && (await serverCards(caucus)).length < 6; i++) await new Promise((r) => setTimeout(r, 20));
  });

  it('makes exactly one joint card from two concurrent promotions of the same card, and a repeat returns the same card', async () => {
    const [a, b] = await Promise.all([
      api('POST', '/promote', T.med, { fromSpace: caucus, cardId: 'cc-0', anonymous: true }),
      api('POST', '/promote', T.med, { fromSpace: caucus, cardId: 'cc-0', anonymous: true }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.json.card.id).toBe(b.json.card.id);
    const again = await api('POST', '/promote', T.med, { fromSpace: caucus, cardId: 'cc-0', anonymous: false });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ alreadyShared: true, card: { id: a.json.card.id } });
    const joint = (await serverCards('joint')).filter((c) => c.text === 'Caucus idea 0');
    expect(joint.map((c) => c.id)).toEqual([a.json.card.id]);
  });

  it('marks the caucus card as shared, for the caucus to see, and the mark cannot be forged or removed by a client', async () => {
    const jointId = (await serverCards('joint')).find((c) => c.text === 'Caucus idea 0')!.id;
    await waitFor(() => (anaC.doc.getMap(BOARD_MAPS.cards).get('cc-0') as Card).shared?.jointCardId === jointId, 5000, 'Ana sees the mark');
    const marked = anaC.doc.getMap(BOARD_MAPS.cards).get('cc-0') as Card;
    expect(marked.shared!.at).toBeGreaterThan(Date.now() - 60_000);
    // Ana tries to clear the mark and to mark another card as shared: the server puts it back.
    anaC.doc.getMap(BOARD_MAPS.cards).set('cc-0', { ...marked, shared: null, text: 'Caucus idea 0 (edited)' });
    const other = anaC.doc.getMap(BOARD_MAPS.cards).get('cc-1') as Card;
    anaC.doc.getMap(BOARD_MAPS.cards).set('cc-1', { ...other, shared: { at: 1, jointCardId: jointId } });
    await waitFor(() => (anaC.doc.getMap(BOARD_MAPS.cards).get('cc-1') as Card).shared === null, 5000, 'forged mark undone');
    const onServer = await serverCards(caucus);
    expect(onServer.find((c) => c.id === 'cc-0')).toMatchObject({ text: 'Caucus idea 0 (edited)', shared: { jointCardId: jointId } });
    expect(onServer.find((c) => c.id === 'cc-1')!.shared).toBeNull();
    // The joint copy carries nothing of the caucus (anonymous promotion).
    expect(JSON.stringify(benJ.doc.getMap(BOARD_MAPS.cards).toJSON())).not.toContain(caucus);
  });

  it('places every promoted card on its own free spot of the joint board, even when promoted at once', async () => {
    const rs = await Promise.all([1, 2, 3, 4, 5].map((i) => api('POST', '/promote', T.med, { fromSpace: caucus, cardId: `cc-${i}`, anonymous: true })));
    expect(rs.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const joint = (await serverCards('joint')).filter((c) => c.text.startsWith('Caucus idea'));
    expect(joint).toHaveLength(6);
    expect(new Set(joint.map((c) => `${c.x},${c.y}`)).size).toBe(6);
    for (const a of joint) for (const b of joint) {
      if (a !== b) expect(Math.abs(a.x - b.x) >= CARD_SIZE.w || Math.abs(a.y - b.y) >= CARD_SIZE.h).toBe(true);
    }
  });

  it('promotes again after the joint copy was deleted, instead of pointing at a card that is gone', async () => {
    const jointId = (await serverCards('joint')).find((c) => c.text === 'Caucus idea 1')!.id;
    expect((await api('DELETE', `/cards/${jointId}?space=joint`, T.med)).status).toBe(200);
    const r = await api('POST', '/promote', T.med, { fromSpace: caucus, cardId: 'cc-1', anonymous: true });
    expect(r.status).toBe(201);
    expect(r.json.card.id).not.toBe(jointId);
  });
});

describe('a side\'s private scores, live between its members', () => {
  let anaJ: Client;

  beforeAll(async () => {
    must(await sock.med.request('control:move', { participantIds: [ids.ana], to: 'joint' }));
    anaJ = await openDoc('joint', T.ana);
    addCard(anaJ, 'ana', 'opt-live', 'Pay in six instalments');
    for (let i = 0; i < 100 && !(await serverCards('joint')).some((c) => c.id === 'opt-live'); i++) await new Promise((r) => setTimeout(r, 20));
  });

  it('tells the other member of the same side within a second, and nobody else anything', async () => {
    const mark = Object.fromEntries((['med', 'ana', 'ben', 'lee', 'olive'] as const).map((k) => [k, sock[k].received.length]));
    const before = (await api('GET', '/scores?space=joint', T.ana)).json;
    expect(before.versions['opt-live'] ?? 0).toBe(0);
    const t0 = Date.now();
    const r = await api('PUT', '/scores', T.ana, { space: 'joint', optionId: 'opt-live', value: 'acceptable', baseVersion: 0 });
    expect(r.status).toBe(200);
    expect(r.json.versions['opt-live']).toBe(1);
    const got = await sock.lee.waitFor('board:scored', (p) => p.optionId === 'opt-live', 1000, mark.lee);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(got).toMatchObject({ space: 'joint', optionId: 'opt-live', value: 'acceptable', version: 1, byName: 'Ana Claimant' });
    // Give a leak every chance, then look at every frame everyone else received since.
    await new Promise((res) => setTimeout(res, 500));
    for (const k of ['med', 'ben', 'olive', 'ana'] as const) {
      const frames = sock[k].received.slice(mark[k]);
      expect(frames.filter((f) => f.event === 'board:scored'), k).toEqual([]);
      expect(JSON.stringify(frames), k).not.toMatch(/acceptable|opt-live/);
    }
  });

  it('does not tell a member of the same side who is not in that board\'s space', async () => {
    must(await sock.med.request('control:move', { participantIds: [ids.lee], to: caucus }));
    const mark = sock.lee.received.length;
    const v = (await api('GET', '/scores?space=joint', T.ana)).json.versions['opt-live'];
    expect((await api('PUT', '/scores', T.ana, { space: 'joint', optionId: 'opt-live', value: 'maybe', baseVersion: v })).status).toBe(200);
    await new Promise((res) => setTimeout(res, 500));
    expect(sock.lee.received.slice(mark).filter((f) => f.event === 'board:scored')).toEqual([]);
    must(await sock.med.request('control:move', { participantIds: [ids.lee], to: 'joint' }));
  });

  it('refuses a write based on a version someone else already replaced, with the value that stands, changing nothing', async () => {
    const start = (await api('GET', '/scores?space=joint', T.lee)).json;
    const seen = start.versions['opt-live'] as number;
    // Ana and Lee both look at version `seen`; Ana writes first.
    expect((await api('PUT', '/scores', T.ana, { space: 'joint', optionId: 'opt-live', value: 'unacceptable', baseVersion: seen })).status).toBe(200);
    const stale = await api('PUT', '/scores', T.lee, { space: 'joint', optionId: 'opt-live', value: 'acceptable', baseVersion: seen });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ error: { code: 'CONFLICT' }, current: { optionId: 'opt-live', value: 'unacceptable', version: seen + 1, byName: 'Ana Claimant' } });
    const after = (await api('GET', '/scores?space=joint', T.lee)).json;
    expect(after.scores['opt-live']).toBe('unacceptable');
    expect(after.versions['opt-live']).toBe(seen + 1);
    // Clearing keeps the version moving, so an old view cannot sneak back in after a clear.
    expect((await api('PUT', '/scores', T.lee, { space: 'joint', optionId: 'opt-live', value: null, baseVersion: seen + 1 })).status).toBe(200);
    expect((await api('PUT', '/scores', T.ana, { space: 'joint', optionId: 'opt-live', value: 'maybe', baseVersion: seen + 1 })).status).toBe(409);
    const cleared = (await api('GET', '/scores?space=joint', T.ana)).json;
    expect(cleared.scores['opt-live']).toBeUndefined();
    expect(cleared.versions['opt-live']).toBe(seen + 2);
  });
});
