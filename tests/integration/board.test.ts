import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_MAPS, colourFor, docName, type Card, type CreateSessionResponse } from '@mediation/shared';
import { tokenOf, type TestServer } from '../helpers/server.js';
import { synced, useDocServer, waitFor, type Client, type TestSpaces } from './yjs-helpers.js';

const fx = useDocServer({ everyoneIn: 'joint' });
const { open } = fx;
let app: TestServer, s: CreateSessionResponse, spaces: TestSpaces;
const T = {} as Record<'ana' | 'ben' | 'lee' | 'olive' | 'med', string>;
const ids = {} as Record<'ana' | 'ben' | 'lee' | 'olive' | 'med', string>;
let joint: string;
let anaJ: Client;
let benJ: Client;

async function api(method: string, p: string, token: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${app.url}/api/sessions/${s.sessionId}/board${p}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = res.headers.get('content-type')?.includes('pdf') ? '' : await res.text();
  let json: unknown = null;
  try { json = JSON.parse(text); } catch { /* not json */ }
  return { status: res.status, json, text };
}

function addCard(c: Client, who: keyof typeof ids, fields: Partial<Card> & Pick<Card, 'id' | 'kind' | 'text'>): void {
  c.doc.getMap(BOARD_MAPS.cards).set(fields.id, {
    x: 10, y: 10, clusterId: null, authorId: ids[who], authorName: 'whatever', authorSide: null, colour: '#000000', createdAt: Date.now(), promoted: null, ...fields,
  });
}
const serverCard = (name: string, id: string) => app.ctx.docs!.read(name, (d) => d.getMap(BOARD_MAPS.cards).get(id) as Card | undefined);

beforeAll(async () => {
  ({ app, session: s, spaces } = fx);
  [T.ana, T.ben, T.lee, T.olive] = s.invites.map((i) => tokenOf(i.link)) as [string, string, string, string];
  [ids.ana, ids.ben, ids.lee, ids.olive] = s.invites.map((i) => i.participantId) as [string, string, string, string];
  T.med = tokenOf(s.mediator.link);
  ids.med = s.mediator.participantId;
  joint = docName(s.sessionId, 'board', 'joint');
  anaJ = open(joint, T.ana);
  benJ = open(joint, T.ben);
  await Promise.all([synced(anaJ), synced(benJ)]);
  addCard(anaJ, 'ana', { id: 'opt-rent', kind: 'option', text: 'Reduce rent by 10% for a year' });
  addCard(anaJ, 'ana', { id: 'opt-move', kind: 'option', text: 'Tenant moves out in June' });
  addCard(benJ, 'ben', { id: 'int-cash', kind: 'interest', text: 'Steady cash flow' });
  await waitFor(() => anaJ.doc.getMap(BOARD_MAPS.cards).size === 3 && benJ.doc.getMap(BOARD_MAPS.cards).size === 3);
});

describe('the board document', () => {
  it('stamps the author of a new card from the token, whatever the client wrote', async () => {
    await waitFor(() => (benJ.doc.getMap(BOARD_MAPS.cards).get('opt-rent') as Card).authorName === 'Ana Claimant');
    const card = (await serverCard(joint, 'opt-rent'))!;
    expect(card).toMatchObject({ authorId: ids.ana, authorName: 'Ana Claimant', authorSide: 'Claimant', colour: colourFor('party', 'Claimant') });
    addCard(benJ, 'ana', { id: 'forged-1', kind: 'position', text: 'Ana gives up', authorName: 'Ana Claimant', authorSide: 'Claimant' });
    await waitFor(() => (anaJ.doc.getMap(BOARD_MAPS.cards).get('forged-1') as Card | undefined)?.authorId === ids.ben, 5000, 'restamp');
    expect(await serverCard(joint, 'forged-1')).toMatchObject({ authorId: ids.ben, authorName: 'Ben Respondent', authorSide: 'Respondent' });
  });

  it("undoes a party's direct Yjs delete of another side's card, and the HTTP delete refuses it with 403", async () => {
    benJ.doc.getMap(BOARD_MAPS.cards).delete('opt-move');
    await new Promise((r) => setTimeout(r, 300));
    await waitFor(() => benJ.doc.getMap(BOARD_MAPS.cards).has('opt-move') && anaJ.doc.getMap(BOARD_MAPS.cards).has('opt-move'), 5000, 'restore');
    expect((await serverCard(joint, 'opt-move'))?.text).toBe('Tenant moves out in June');
    const r = await api('DELETE', '/cards/opt-move?space=joint', T.ben);
    expect(r.status).toBe(403);
    expect(await serverCard(joint, 'opt-move')).toBeDefined();
  });

  it('never shows a third client the forbidden delete or the forged author: they arrive merged with the correction', async () => {
    const lee = open(joint, T.lee);
    await synced(lee);
    addCard(anaJ, 'ana', { id: 'opt-keep', kind: 'option', text: 'Keep the lease' });
    const cards = lee.doc.getMap(BOARD_MAPS.cards);
    await waitFor(() => (cards.get('opt-keep') as Card | undefined)?.authorId === ids.ana, 5000, 'lee has the card');
    await waitFor(() => benJ.doc.getMap(BOARD_MAPS.cards).has('opt-keep'), 5000, 'ben has the card');
    const seen: string[] = [];
    // After every update Lee applies, the card is there and forged-2 (if present) is Ben's.
    lee.doc.on('afterTransaction', () => {
      if (!cards.has('opt-keep')) seen.push('opt-keep missing');
      const forged = cards.get('forged-2') as Card | undefined;
      if (forged && forged.authorId !== ids.ben) seen.push(`forged-2 by ${forged.authorId}`);
    });
    benJ.doc.getMap(BOARD_MAPS.cards).delete('opt-keep');
    addCard(benJ, 'ana', { id: 'forged-2', kind: 'position', text: 'Ana concedes', authorName: 'Ana Claimant', authorSide: 'Claimant' });
    await waitFor(() => benJ.doc.getMap(BOARD_MAPS.cards).has('opt-keep') && (benJ.doc.getMap(BOARD_MAPS.cards).get('forged-2') as Card | undefined)?.authorId === ids.ben, 5000, 'ben corrected');
    await waitFor(() => (cards.get('forged-2') as Card | undefined)?.authorId === ids.ben, 5000, 'lee has the restamped card');
    expect(seen).toEqual([]);
    expect((await serverCard(joint, 'opt-keep'))?.text).toBe('Keep the lease');
  });

  it('lets the author delete their own card over HTTP, removing its links too', async () => {
    addCard(anaJ, 'ana', { id: 'opt-temp', kind: 'option', text: 'temporary' });
    anaJ.doc.getMap(BOARD_MAPS.links).set('lnk-1', { id: 'lnk-1', optionId: 'opt-temp', interestId: 'int-cash' });
    await waitFor(() => benJ.doc.getMap(BOARD_MAPS.links).has('lnk-1'));
    const r = await api('DELETE', '/cards/opt-temp?space=joint', T.ana);
    expect(r.status).toBe(200);
    await waitFor(() => !benJ.doc.getMap(BOARD_MAPS.cards).has('opt-temp') && !benJ.doc.getMap(BOARD_MAPS.links).has('lnk-1'), 5000, 'delete');
  });
});

describe('private scoring', () => {
  it('stores each side\'s scores so that only that side reads them, and reveals to the mediator only the overlap', async () => {
    expect((await api('PUT', '/scores', T.ana, { space: 'joint', optionId: 'opt-rent', value: 'acceptable', baseVersion: 0 })).status).toBe(200);
    expect((await api('PUT', '/scores', T.ana, { space: 'joint', optionId: 'opt-move', value: 'unacceptable', baseVersion: 0 })).status).toBe(200);
    expect((await api('PUT', '/scores', T.ben, { space: 'joint', optionId: 'opt-rent', value: 'acceptable', baseVersion: 0 })).status).toBe(200);
    expect((await api('PUT', '/scores', T.ben, { space: 'joint', optionId: 'opt-move', value: 'maybe', baseVersion: 0 })).status).toBe(200);

    expect((await api('GET', '/scores?space=joint', T.ana)).json).toEqual({ side: 'Claimant', scores: { 'opt-rent': 'acceptable', 'opt-move': 'unacceptable' }, versions: { 'opt-rent': 1, 'opt-move': 1 } });
    expect((await api('GET', '/scores?space=joint', T.ben)).json).toEqual({ side: 'Respondent', scores: { 'opt-rent': 'acceptable', 'opt-move': 'maybe' }, versions: { 'opt-rent': 1, 'opt-move': 1 } });
    // Same side, same scores: the Claimant's attorney sees the Claimant's.
    expect((await api('GET', '/scores?space=joint', T.lee)).json.scores).toEqual({ 'opt-rent': 'acceptable', 'opt-move': 'unacceptable' });

    const overlap = await api('GET', '/overlap?space=joint', T.med);
    expect(overlap.status).toBe(200);
    expect(overlap.json).toEqual({ sides: 2, options: [{ id: 'opt-rent', text: 'Reduce rent by 10% for a year' }] });
    expect(overlap.text).not.toMatch(/maybe|unacceptable|Claimant|Respondent/);
  });

  it('gives no side another side\'s scores by any request', async () => {
    const benAttempts = [
      await api('GET', '/scores?space=joint&side=Claimant', T.ben),
      await api('GET', '/scores?space=joint&participantId=' + ids.ana, T.ben),
      await api('GET', '/scores?space=caucus:claim1', T.ben),
      await api('GET', '/overlap?space=joint', T.ben),
      await api('GET', '/export?space=joint&format=md', T.ben),
      await api('PUT', '/scores', T.ben, { space: 'joint', optionId: 'opt-move', value: 'maybe', baseVersion: 1, side: 'Claimant' }),
      await api('GET', '/scores', T.ben),
    ];
    for (const r of benAttempts) expect(r.text).not.toContain('unacceptable');
    expect(benAttempts.map((r) => r.status)).toEqual([400, 400, 403, 403, 200, 400, 400]);
    const audit = await fetch(`${app.url}/api/sessions/${s.sessionId}/audit`, { headers: { authorization: `Bearer ${T.ben}` } });
    expect(audit.status).toBe(403);
    // Not the mediator either: mediators see only the overlap. Not observers.
    expect((await api('GET', '/scores?space=joint', T.med)).status).toBe(403);
    expect((await api('GET', '/scores?space=joint', T.olive)).status).toBe(403);
    // And not in the shared document anyone can sync.
    const state = await app.ctx.docs!.read(joint, (d) => JSON.stringify(d.toJSON()));
    expect(state).not.toMatch(/acceptable|maybe/);
    // The rejected requests changed nothing.
    expect((await api('GET', '/scores?space=joint', T.ana)).json.scores).toEqual({ 'opt-rent': 'acceptable', 'opt-move': 'unacceptable' });
  });

  it('refuses scores on things that are not options, from observers, and with malformed bodies, changing nothing', async () => {
    expect((await api('PUT', '/scores', T.ana, { space: 'joint', optionId: 'int-cash', value: 'acceptable', baseVersion: 0 })).status).toBe(404);
    expect((await api('PUT', '/scores', T.olive, { space: 'joint', optionId: 'opt-rent', value: 'unacceptable', baseVersion: 0 })).status).toBe(403);
    expect((await api('PUT', '/scores', T.ana, { space: 'joint', optionId: 'opt-rent', value: 7, baseVersion: 0 })).status).toBe(400);
    expect((await api('GET', '/scores?space=joint', T.ana)).json.scores).toEqual({ 'opt-rent': 'acceptable', 'opt-move': 'unacceptable' });
  });
});

describe('promote and export', () => {
  it('keeps a caucus card off the joint board until the mediator promotes it anonymously, and audits the promotion', async () => {
    spaces.place(s.sessionId, ids.ana, 'caucus:claim1');
    expect(await anaJ.closed).toBe(4410);
    const caucus = docName(s.sessionId, 'board', 'caucus:claim1');
    const anaC = open(caucus, T.ana);
    await synced(anaC);
    addCard(anaC, 'ana', { id: 'opt-secret', kind: 'option', text: 'We could accept 8% if needed' });
    let onServer: Card | undefined;
    for (let i = 0; i < 100 && !onServer; i++) { onServer = await serverCard(caucus, 'opt-secret'); await new Promise((r) => setTimeout(r, 20)); }
    expect(JSON.stringify(benJ.doc.toJSON())).not.toContain('8%');
    expect((await api('POST', '/promote', T.ana, { fromSpace: 'caucus:claim1', cardId: 'opt-secret', anonymous: true })).status).toBe(403);
    const r = await api('POST', '/promote', T.med, { fromSpace: 'caucus:claim1', cardId: 'opt-secret', anonymous: true });
    expect(r.status).toBe(201);
    const promotedId = r.json.card.id as string;
    await waitFor(() => benJ.doc.getMap(BOARD_MAPS.cards).has(promotedId), 5000, 'promoted card at Ben');
    const seen = benJ.doc.getMap(BOARD_MAPS.cards).get(promotedId) as Card;
    expect(seen).toMatchObject({ text: 'We could accept 8% if needed', authorSide: null, promoted: { anonymous: true, fromSpace: null, fromCardId: null } });
    expect(JSON.stringify(seen)).not.toMatch(/Claimant|claim1|Ana/);
    const audit = await fetch(`${app.url}/api/sessions/${s.sessionId}/audit`, { headers: { authorization: `Bearer ${T.med}` } });
    expect(JSON.stringify(await audit.json())).toContain('board.promoted');
    spaces.place(s.sessionId, ids.ana, 'joint');
  });

  it('exports the joint board as readable Markdown and as a PDF, with no scores in either', async () => {
    // Ana's earlier joint connection was closed when she went to her caucus; she opens a new one.
    anaJ = open(joint, T.ana);
    await synced(anaJ);
    anaJ.doc.getMap(BOARD_MAPS.clusters).set('cl-money', { id: 'cl-money', name: 'Money', x: 0, y: 0 });
    const rent = anaJ.doc.getMap(BOARD_MAPS.cards).get('opt-rent') as Card;
    anaJ.doc.getMap(BOARD_MAPS.cards).set('opt-rent', { ...rent, clusterId: 'cl-money' });
    let md = '';
    for (let i = 0; i < 100 && !md.includes('## Money'); i++) {
      md = (await api('GET', '/export?space=joint&format=md', T.ana)).text;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(md).toContain('# Joint board');
    expect(md).toContain('- Reduce rent by 10% for a year — _Claimant_');
    expect(md).toContain('### Interests');
    expect(md).not.toMatch(/acceptable|maybe/);
    const pdf = await fetch(`${app.url}/api/sessions/${s.sessionId}/board/export?space=joint&format=pdf`, { headers: { authorization: `Bearer ${T.ana}` } });
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'board-pdf-')), 'b.pdf');
    fs.writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', [file, '-']).toString();
    expect(text).toContain('Reduce rent by 10% for a year');
    expect(text).toContain('Money');
    expect((await api('GET', '/export?space=caucus:claim1&format=md', T.ben)).status).toBe(403);
  });
});
