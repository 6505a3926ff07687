/**
 * Parties suggest by typing in place: their agreement connection has 'suggest' access, and the
 * server lets through only updates whose whole effect is their own suggestions (text wrapped in
 * their insertion mark, their deletion marks). Real server, real y-websocket clients; each
 * refusal also checks that the server's document stayed byte-identical and nobody else saw it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AGREEMENT_MARKS, CloseCode, docName, type CreateSessionResponse } from '@mediation/shared';
import { tokenOf, type TestServer } from '../helpers/server.js';
import { fragmentOf } from '../../server/src/agreement/model.js';
import { walk } from '../../server/src/agreement/positions.js';
import { synced, useDocServer, waitFor, withTimeout, updateFrame, type Client } from './yjs-helpers.js';
import { agreedText, agreementApi, posOf, typeAt } from './agreement-helpers.js';

const ANA = 0, LEE = 2;
const fx = useDocServer({ everyoneIn: 'joint' });
const { open, tok, pid } = fx;
let app: TestServer, s: CreateSessionResponse;
let api: ReturnType<typeof agreementApi>;
let agreement: string;
let lee: Client;
let ana: Client;
const mediator = () => tokenOf(s.mediator.link);

const serverState = () => app.ctx.docs!.read(agreement, (d) => Buffer.from(Y.encodeStateAsUpdate(d)).toString('base64'));
const refusedCount = () => (app.ctx.docs as unknown as { docs: Map<string, { refused: number }> }).docs.get(agreement)!.refused;

/** The Y.XmlText holding document position `pos`, and the offset in it. */
function textAt(doc: Y.Doc, pos: number): { text: Y.XmlText; offset: number } {
  let found: { text: Y.XmlText; offset: number } | null = null;
  walk(fragmentOf(doc), 0, { text({ text, start }) { if (!found && pos >= start && pos <= start + text.length) found = { text, offset: pos - start }; } });
  if (!found) throw new Error(`no text at ${pos}`);
  return found;
}

const stamp = (id: string, authorId: string, authorName = 'Ana Claimant') => ({ id, authorId, authorName, at: Date.now() });

/**
 * Sends what `change` does to a copy of Ana's document over her open socket, without changing
 * her own replica (so a refused change does not leave her copy diverged for the next test).
 */
async function sendAsAna(change: (doc: Y.Doc) => void): Promise<void> {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ana.doc));
  const sv = Y.encodeStateVector(copy);
  change(copy);
  ana.provider.ws!.send(updateFrame(Y.encodeStateAsUpdate(copy, sv)));
  copy.destroy();
}

/**
 * A refused change also closes her connection with CHANGE_REFUSED: her copy would hold structs the
 * server never has, and every later change of hers would build on them and never apply. Her app
 * reopens with a fresh copy; so does this test.
 */
async function expectRefused(change: (doc: Y.Doc) => void): Promise<void> {
  const before = await serverState();
  const refused = refusedCount();
  await sendAsAna(change);
  await waitFor(() => refusedCount() === refused + 1, 5000, 'the update to be refused');
  expect(await withTimeout(ana.closed, 5000, 'her connection to be closed')).toBe(CloseCode.CHANGE_REFUSED);
  expect(await serverState()).toBe(before);
  ana.destroy();
  ana = open(agreement, tok(ANA));
  await synced(ana);
}

beforeAll(async () => {
  ({ app, session: s } = fx);
  api = agreementApi(app, s.sessionId);
  agreement = docName(s.sessionId, 'agreement', 'joint');
  expect((await api.call('POST', '/template', mediator(), {})).body).toEqual({ applied: true });
  lee = open(agreement, tok(LEE));
  ana = open(agreement, tok(ANA));
  await Promise.all([synced(lee), synced(ana)]);
  await waitFor(() => agreedText(ana.doc).includes('Release'));
});

describe('a party typing into the agreement', () => {
  it("refuses a party's plain (non-suggestion) typing over y-websocket: nothing changes and nobody sees it", async () => {
    await expectRefused((d) => typeAt(d, posOf(d, 'Release'), 'CANARY '));
    await new Promise((r) => setTimeout(r, 200));
    expect(agreedText(lee.doc)).not.toContain('CANARY');
    expect((await api.state(mediator())).suggestions).toEqual([]);
  });

  it("refuses a party's real deletion, formatting, a forged author and writes outside the agreement", async () => {
    await expectRefused((d) => { const { text, offset } = textAt(d, posOf(d, 'Release')); text.delete(offset, 7); });
    await expectRefused((d) => { const { text, offset } = textAt(d, posOf(d, 'Release')); text.format(offset, 7, { bold: {} }); });
    await expectRefused((d) => { const { text, offset } = textAt(d, posOf(d, 'Release')); text.insert(offset, 'Forged ', { [AGREEMENT_MARKS.insert]: stamp('forged1', pid(LEE), 'J. Lee') }); });
    await expectRefused((d) => d.getText('elsewhere').insert(0, 'junk'));
    expect((await api.state(mediator())).suggestions).toEqual([]);
  });

  it('accepts what she types wrapped in her own insertion mark: the attorney sees it as her suggestion', async () => {
    const { text, offset } = textAt(ana.doc, posOf(ana.doc, 'Release'));
    text.insert(offset, 'Mutual ', { [AGREEMENT_MARKS.insert]: stamp('ana-ins-1', pid(ANA)) });
    await waitFor(() => agreedText(lee.doc) !== '' && JSON.stringify(lee.doc.getXmlFragment('default').toJSON()).includes('Mutual'), 5000, 'Lee to receive the suggestion');
    const st = await api.state(mediator());
    expect(st.suggestions).toEqual([expect.objectContaining({ id: 'ana-ins-1', kind: 'insert', inserted: 'Mutual ', author: { id: pid(ANA), name: 'Ana Claimant' } })]);
    // A suggestion is not agreed text until accepted.
    expect(agreedText(lee.doc)).not.toContain('Mutual');
  });

  it('accepts a replacement typed in place as ONE suggestion (deletion and insertion share one id)', async () => {
    const from = posOf(ana.doc, 'known or unknown');
    const { text, offset } = textAt(ana.doc, from);
    const attrs = stamp('ana-rep-1', pid(ANA));
    ana.doc.transact(() => {
      text.format(offset, 5, { [AGREEMENT_MARKS.delete]: attrs });
      text.insert(offset + 5, 'disclosed', { [AGREEMENT_MARKS.insert]: attrs });
    });
    await waitFor(() => JSON.stringify(lee.doc.getXmlFragment('default').toJSON()).includes('disclosed'), 5000, 'Lee to receive the replacement');
    const mine = (await api.state(mediator())).suggestions.filter((x) => x.id === 'ana-rep-1');
    expect(mine).toEqual([expect.objectContaining({ kind: 'replace', deleted: 'known', inserted: 'disclosed' })]);
    // One accept decides both halves.
    expect((await api.call('POST', '/suggestions/ana-rep-1/accept', tok(LEE))).status).toBe(200);
    await waitFor(() => agreedText(lee.doc).includes('disclosed or unknown'), 5000, 'the accepted replacement');
  });

  it('after a refusal, what she suggests from her fresh copy is saved (nothing stays stuck behind the refused change)', async () => {
    // Typed into her own copy this time (as a browser whose editor slipped would).
    const before = await serverState();
    const target = textAt(ana.doc, posOf(ana.doc, 'Disputes about'));
    target.text.delete(target.offset, 'Disputes '.length);
    expect(await withTimeout(ana.closed, 5000, 'her connection to be closed')).toBe(CloseCode.CHANGE_REFUSED);
    expect(await serverState()).toBe(before);
    ana.destroy();
    ana = open(agreement, tok(ANA));
    await synced(ana);
    expect(agreedText(ana.doc)).toContain('Disputes about');
    const { text, offset } = textAt(ana.doc, posOf(ana.doc, 'Release'));
    text.insert(offset, 'Final ', { [AGREEMENT_MARKS.insert]: stamp('ana-after-refusal', pid(ANA)) });
    await waitFor(() => JSON.stringify(lee.doc.getXmlFragment('default').toJSON()).includes('Final '), 5000, 'Lee to receive the later suggestion');
    expect((await api.state(mediator())).suggestions.map((x) => x.id)).toContain('ana-after-refusal');
    expect(agreedText(lee.doc)).toContain('Disputes about');
  });

  it("refuses a party touching someone else's pending suggestion", async () => {
    const at = posOf(lee.doc, 'Release');
    const r = await api.call<{ id: string }>('POST', '/suggestions', tok(LEE), { kind: 'insert', at, text: 'Full ' });
    expect(r.status).toBe(201);
    await waitFor(() => JSON.stringify(ana.doc.getXmlFragment('default').toJSON()).includes('Full '), 5000, 'Ana to receive it');
    await expectRefused((d) => { const { text, offset } = textAt(d, posOf(d, 'Full ')); text.delete(offset, 5); });
  });
});
