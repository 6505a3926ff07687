/**
 * A caucus reused for another side: material belongs to the people or sides who were there when it
 * was made (as chat does). Canaries are planted in caucus A's board and the Claimant's private
 * draft while the Claimant side is there; the Claimant side leaves; a Respondent, a party of a
 * third side (Insurer) and an observer (no side) come in. None of them may receive a canary: not
 * over y-websocket (current name, the old name, a guessed name), not through the board export,
 * not through a proposal from the draft. Mediators still read everything.
 */
import { describe, expect, it } from 'vitest';
import { BOARD_MAPS, CloseCode, docName, JOINT, type Card, type SpaceId } from '@mediation/shared';
import { replaceDoc } from '../../server/src/agreement/model.js';
import { createTestSession, DEFAULT_INVITES, tokenOf } from '../helpers/server.js';
import { must } from '../helpers/socketClient.js';
import { agreementApi } from './agreement-helpers.js';
import { liveServer, currentDocName, rawSocket, synced, waitFor, withTimeout, type Client } from './yjs-helpers.js';

const env = liveServer();

const CANARY = 'CANARY-claimant-caucus';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup() {
  const s = await createTestSession(env.app, {
    settings: { waitingRoom: false },
    invites: [...DEFAULT_INVITES!, { displayName: 'Ira Insurer', role: 'party', side: 'Insurer' }],
  });
  const [ana, ben, lee, olive, ira] = s.invites as [typeof s.invites[0], typeof s.invites[0], typeof s.invites[0], typeof s.invites[0], typeof s.invites[0]];
  const m = await env.join(s.mediator.link);
  for (const p of [ana, ben, lee, olive, ira]) await env.join(p.link);
  const caucus = must(await m.request('control:createSpace', { name: 'Caucus A' })).space as SpaceId;
  const open = env.open;
  const openCurrent = async (kind: 'board' | 'draft', link: string) => open(await currentDocName(env.app, s.sessionId, kind, caucus, tokenOf(link)), link);
  const move = async (people: Array<{ participantId: string }>, to: SpaceId) => must(await m.request('control:move', { participantIds: people.map((p) => p.participantId), to }));
  return { s, m, ana, ben, lee, olive, ira, caucus, open, openCurrent, move };
}

function plantCard(c: Client, id: string, text: string): void {
  c.doc.getMap(BOARD_MAPS.cards).set(id, {
    id, kind: 'option', text, x: 10, y: 10, clusterId: null, authorId: 'someone1', authorName: 'x', authorSide: null, colour: '#000000', createdAt: Date.now(), promoted: null,
  } satisfies Card);
}

/** The document a client opened (its URL path after /yjs/). */
const nameOf = (c: Client) => decodeURIComponent(new URL(c.provider.url).pathname.replace(/^\/yjs\//, ''));

const boardText = (c: Client) => JSON.stringify(c.doc.getMap(BOARD_MAPS.cards).toJSON()) + c.doc.getXmlFragment('default').toString();

describe('A caucus reused by another side starts fresh documents', () => {
  it('gives late entrants of other sides none of the earlier material, over y-websocket, the board export or a draft proposal; mediators still read it', async () => {
    const r = await setup();
    const { s } = r;
    await r.move([r.ana, r.lee], r.caucus);
    // The Claimant side works in caucus A: a board card and the private draft.
    const anaBoard = await r.openCurrent('board', r.ana.link);
    const leeDraft = await r.openCurrent('draft', r.lee.link);
    const medBoard1 = await r.openCurrent('board', s.mediator.link);
    await Promise.all([synced(anaBoard), synced(leeDraft), synced(medBoard1)]);
    plantCard(anaBoard, 'card-canary', `${CANARY} board: our floor is 20,000`);
    replaceDoc(leeDraft.doc, [{ type: 'paragraph', content: [{ type: 'text', text: `${CANARY} draft: we would accept 15,000.` }] }]);
    await waitFor(() => boardText(medBoard1).includes(CANARY), 5000, 'planted');
    const gen1Board = docName(s.sessionId, 'board', r.caucus);
    await waitFor(() => { void env.app.ctx.docs!.read(docName(s.sessionId, 'draft', r.caucus), (d) => d.getXmlFragment('default').toString()).then((t) => (draftStored = t)); return draftStored.includes(CANARY); }, 5000, 'draft stored');

    // The Claimant side leaves; a Respondent, an Insurer and an observer come in.
    await r.move([r.ana, r.lee], JOINT);
    await r.move([r.ben, r.ira, r.olive], r.caucus);
    // The mediator's connection to the earlier generation is told to open the new one.
    expect(await withTimeout(medBoard1.closed, 5000, 'mediator superseded')).toBe(CloseCode.SUPERSEDED);

    const api = agreementApi(env.app, s.sessionId);
    for (const p of [r.ben, r.ira, r.olive]) {
      const token = tokenOf(p.link);
      const boardName = await currentDocName(env.app, s.sessionId, 'board', r.caucus, token);
      expect(boardName).not.toBe(gen1Board);
      const board = r.open(boardName, p.link);
      const draft = r.open(await currentDocName(env.app, s.sessionId, 'draft', r.caucus, token), p.link);
      await Promise.all([synced(board), synced(draft)]);
      // The earlier generation by its name: refused as superseded, nothing received.
      const old = r.open(gen1Board, p.link);
      expect(await withTimeout(old.closed, 5000, 'old name refused')).toBe(CloseCode.SUPERSEDED);
      const oldDraft = r.open(docName(s.sessionId, 'draft', r.caucus), p.link);
      expect(await withTimeout(oldDraft.closed, 5000, 'old draft refused')).toBe(CloseCode.SUPERSEDED);
      // A raw socket sends nothing and reads what it is sent.
      const raw = await rawSocket(env.app, gen1Board, token);
      const rawBytes: Buffer[] = [];
      raw.ws.on('message', (b: Buffer) => rawBytes.push(b));
      expect(await withTimeout(raw.closed, 5000, 'raw refused')).toBe(CloseCode.SUPERSEDED);
      await sleep(200);
      for (const c of [board, draft, old, oldDraft]) expect(boardText(c)).not.toContain(CANARY);
      expect(Buffer.concat(rawBytes).toString('latin1')).not.toContain(CANARY);

      // HTTP: the board export of the caucus (current), and of the earlier generation (refused).
      const md = await fetch(`${env.app.url}/api/sessions/${s.sessionId}/board/export?space=${r.caucus}&format=md`, { headers: { authorization: `Bearer ${token}` } });
      expect(md.status).toBe(200);
      expect(await md.text()).not.toContain(CANARY);
      const oldMd = await fetch(`${env.app.url}/api/sessions/${s.sessionId}/board/export?space=${r.caucus}&format=md&generation=1`, { headers: { authorization: `Bearer ${token}` } });
      expect(oldMd.status).toBe(403);
      expect(await oldMd.text()).not.toContain(CANARY);
      // A proposal "from the draft" reads the current (empty) draft, never the Claimant's.
      const prop = await api.call('POST', '/proposals', token, { draftSpace: r.caucus, from: 0, to: 60 });
      expect(JSON.stringify(prop.body)).not.toContain(CANARY);
    }
    // Nothing of it reached any proposal list either.
    expect(JSON.stringify(await api.state(tokenOf(s.mediator.link)))).not.toContain(CANARY);

    // The mediator reads every generation: live and exported.
    const medOld = r.open(gen1Board, s.mediator.link);
    await synced(medOld);
    expect(boardText(medOld)).toContain(CANARY);
    const medMd = await fetch(`${env.app.url}/api/sessions/${s.sessionId}/board/export?space=${r.caucus}&format=md&generation=1`, { headers: { authorization: `Bearer ${tokenOf(s.mediator.link)}` } });
    expect(await medMd.text()).toContain(CANARY);
  });

  it('starts another fresh generation when the first side comes back while the other is there, and tells open documents to switch', async () => {
    const r = await setup();
    await r.move([r.ana], r.caucus);
    const ana1 = await r.openCurrent('board', r.ana.link);
    await synced(ana1);
    plantCard(ana1, 'card-1', `${CANARY} one`);
    await r.move([r.ana], JOINT);
    await r.move([r.ben], r.caucus);
    const ben2 = await r.openCurrent('board', r.ben.link);
    await synced(ben2);
    plantCard(ben2, 'card-2', 'CANARY-respondent two');
    await waitFor(() => { void env.app.ctx.docs!.read(nameOf(ben2), (d) => d.getMap(BOARD_MAPS.cards).size).then((n) => (stored = n)); return stored === 1; }, 5000, 'stored');
    // The Claimant comes back while the Respondent is there: neither gets the other's material.
    await r.move([r.ana], r.caucus);
    expect(await withTimeout(ben2.closed, 5000, 'ben switched')).toBe(CloseCode.SUPERSEDED);
    const ana3 = await r.openCurrent('board', r.ana.link);
    const ben3 = await r.openCurrent('board', r.ben.link);
    expect(nameOf(ana3)).toBe(nameOf(ben3));
    await Promise.all([synced(ana3), synced(ben3)]);
    plantCard(ana3, 'card-3', 'together');
    await waitFor(() => boardText(ben3).includes('together'), 5000, 'shared generation syncs');
    await sleep(200);
    expect(boardText(ana3)).not.toContain('CANARY');
    expect(boardText(ben3)).not.toContain('CANARY');
  });

  it('keeps one generation for the same side coming back, and for a mediator preparing the board before anyone arrives', async () => {
    const r = await setup();
    // The mediator prepares caucus A alone.
    const med = await r.openCurrent('board', r.s.mediator.link);
    await synced(med);
    plantCard(med, 'prep', 'Agenda: interests first');
    await r.move([r.ana], r.caucus);
    const ana = await r.openCurrent('board', r.ana.link);
    expect(nameOf(ana)).toBe(nameOf(med));
    await synced(ana);
    await waitFor(() => boardText(ana).includes('Agenda'), 5000, 'prep visible');
    // Her attorney (same side) joins later, and she leaves and comes back: same board.
    await r.move([r.lee], r.caucus);
    await r.move([r.ana], JOINT);
    await r.move([r.ana], r.caucus);
    const lee = await r.openCurrent('board', r.lee.link);
    expect(nameOf(lee)).toBe(nameOf(med));
    await synced(lee);
    expect(boardText(lee)).toContain('Agenda');
  });
});

let draftStored = '';
let stored = 0;
