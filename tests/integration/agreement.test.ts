import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName, type AgreementState, type CreateSessionResponse, type Redline, type VersionMeta } from '@mediation/shared';
import { tokenOf, type TestServer } from '../helpers/server.js';
import { canonicalJson, fragmentOf, readDoc, replaceDoc } from '../../server/src/agreement/model.js';
import { walk } from '../../server/src/agreement/positions.js';
import { render } from '../../server/src/agreement/render.js';
import { synced, TestSpaces, useDocServer, waitFor, type Client } from './yjs-helpers.js';
import { agreedText, agreementApi, posOf, splitAt, typeAt } from './agreement-helpers.js';

const walkTexts = (doc: Y.Doc, fn: (t: Y.XmlText, start: number) => void) => walk(fragmentOf(doc), 0, { text: ({ text, start }) => fn(text, start) });

const fx = useDocServer({ everyoneIn: 'joint' });
const { open, tok, pid } = fx;
let app: TestServer, s: CreateSessionResponse, spaces: TestSpaces;
let api: ReturnType<typeof agreementApi>;
const ANA = 0, BEN = 1, LEE = 2, OLIVE = 3;
let mediator: string;
let agreement: string;
/** Lee the attorney's live editor replica, and the mediator's. */
let lee: Client;
let med: Client;

beforeAll(async () => {
  ({ app, session: s, spaces } = fx);
  api = agreementApi(app, s.sessionId);
  mediator = tokenOf(s.mediator.link);
  agreement = docName(s.sessionId, 'agreement', 'joint');
  const r = await api.call('POST', '/template', mediator, {});
  expect(r.body).toEqual({ applied: true });
  lee = open(agreement, tok(LEE));
  med = open(agreement, mediator);
  await Promise.all([synced(lee), synced(med)]);
});

/** Server's copy of the document, as bytes, for "unchanged" assertions. */
const serverState = () => app.ctx.docs!.read(agreement, (d) => Buffer.from(Y.encodeStateAsUpdate(d)).toString('base64'));
const serverText = () => app.ctx.docs!.read(agreement, agreedText);
async function until(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the agreement template', () => {
  it('fills the template from the participants and syncs it to editors over y-websocket', async () => {
    await waitFor(() => agreedText(lee.doc).includes('Ana Claimant'));
    const text = agreedText(lee.doc);
    expect(text).toContain('1. Ana Claimant (the "Claimant")');
    expect(text).toContain('J. Lee | Attorney | Claimant');
    const st = await api.state(mediator);
    expect(st.empty).toBe(false);
    expect(st.versions.map((v) => v.kind)).toEqual(['template']);
  });

  it('does not overwrite a written agreement when the template is applied again', async () => {
    const before = await serverState();
    const r = await api.call('POST', '/template', tok(LEE), {});
    expect(r.body).toEqual({ applied: false });
    expect(await serverState()).toBe(before);
  });

  it('refuses the template to a party, with the document unchanged', async () => {
    const before = await serverState();
    const r = await api.call('POST', '/template', tok(ANA), { replace: true });
    expect(r.status).toBe(403);
    expect(r.body.error?.code).toBe('FORBIDDEN');
    expect(await serverState()).toBe(before);
  });
});

describe('roles and permissions', () => {
  it('gives mediators and attorneys edit rights, parties suggest, observers read', async () => {
    expect((await api.state(mediator)).permissions).toMatchObject({ edit: true, suggest: true, control: true, sign: false });
    expect((await api.state(tok(LEE))).permissions).toMatchObject({ edit: true, suggest: true, control: false, sign: true });
    expect((await api.state(tok(ANA))).permissions).toMatchObject({ edit: false, suggest: true, comment: true, sign: true });
    expect((await api.state(tok(OLIVE))).permissions).toEqual({ edit: false, suggest: false, comment: false, sign: false, control: false });
  });

  it("refuses an observer's suggestion and comment with typed errors, the document unchanged", async () => {
    const before = await serverState();
    const at = posOf(lee.doc, 'Settlement payment.');
    const sug = await api.call('POST', '/suggestions', tok(OLIVE), { kind: 'insert', at, text: 'X' });
    expect(sug.status).toBe(403);
    expect(sug.body.error?.code).toBe('FORBIDDEN');
    const com = await api.call('POST', '/threads', tok(OLIVE), { from: at, to: at + 5, body: 'hi' });
    expect(com.status).toBe(403);
    expect(await serverState()).toBe(before);
    expect((await api.state(mediator)).threads).toHaveLength(0);
  });

  it("refuses a party's direct edit over y-websocket (read-only sync), the document unchanged", async () => {
    const ana = open(agreement, tok(ANA));
    await synced(ana);
    const before = await serverState();
    typeAt(ana.doc, posOf(ana.doc, 'Release'), 'CANARY ');
    await new Promise((r) => setTimeout(r, 500));
    expect(await serverState()).toBe(before);
    expect(agreedText(lee.doc)).not.toContain('CANARY');
    ana.destroy();
  });

  it('lets parties edit directly when the session allows it', async () => {
    const permissive = new TestSpaces({ waitingRoom: true, allowRoaming: false, partiesEditAgreement: true, capacity: 12, keepCaptions: false });
    permissive.place(s.sessionId, pid(ANA), 'joint');
    permissive.place(s.sessionId, pid(OLIVE), 'joint');
    permissive.install(app);
    try {
      expect((await api.state(tok(ANA))).permissions.edit).toBe(true);
      expect((await api.state(tok(OLIVE))).permissions.edit).toBe(false);
    } finally {
      spaces.install(app);
    }
  });

  it('refuses a party accepting suggestions (parties only suggest)', async () => {
    const r = await api.call('POST', '/suggestions/abcdefgh/accept', tok(ANA));
    expect(r.status).toBe(403);
  });

  it('refuses malformed bodies and positions outside text, the document unchanged', async () => {
    const before = await serverState();
    expect((await api.call('POST', '/suggestions', tok(ANA), { kind: 'insert', at: -1, text: 'x' })).status).toBe(400);
    expect((await api.call('POST', '/suggestions', tok(ANA), { kind: 'teleport' })).status).toBe(400);
    expect((await api.call('POST', '/suggestions', tok(ANA), { kind: 'delete', from: 9, to: 3 })).status).toBe(400);
    const outside = await api.call('POST', '/suggestions', tok(ANA), { kind: 'insert', at: 0, text: 'x' });
    expect(outside.status).toBe(400);
    expect(outside.body.error?.code).toBe('BAD_REQUEST');
    expect(await serverState()).toBe(before);
  });
});

describe('suggestions', () => {
  it("records a party's suggestion under the token's identity, ignoring a forged author", async () => {
    const at = posOf(lee.doc, 'Settlement payment.') + 'Settlement payment'.length;
    const r = await api.call<{ id: string }>('POST', '/suggestions', tok(ANA), { kind: 'insert', at, text: ' in full', authorId: pid(BEN), authorName: 'Ben Respondent', author: { id: pid(BEN), name: 'Ben' } });
    expect(r.status).toBe(201);
    const st = await api.state(tok(LEE));
    const sug = st.suggestions.find((x) => x.id === r.body.id)!;
    expect(sug).toMatchObject({ kind: 'insert', inserted: ' in full', author: { id: pid(ANA), name: 'Ana Claimant' } });
    // The suggestion reaches the attorney's editor as marked text, not yet agreed text.
    await waitFor(() => JSON.stringify(readDoc(lee.doc)).includes('suggestInsert'));
    expect(agreedText(lee.doc)).not.toContain('payment in full');
  });

  it('an attorney accepting it makes it plain text for everyone', async () => {
    const st = await api.state(tok(LEE));
    const id = st.suggestions[0]!.id;
    const r = await api.call('POST', `/suggestions/${id}/accept`, tok(LEE));
    expect(r.status).toBe(200);
    await waitFor(() => agreedText(med.doc).includes('Settlement payment in full.'));
    await waitFor(() => agreedText(lee.doc).includes('Settlement payment in full.'));
    expect(JSON.stringify(readDoc(lee.doc))).not.toContain('suggestInsert');
    expect((await api.state(tok(ANA))).suggestions).toEqual([]);
  });

  it('rejects a deletion suggestion inside a table cell, restoring the text', async () => {
    const at = posOf(lee.doc, 'Due date');
    const r = await api.call<{ id: string }>('POST', '/suggestions', tok(BEN), { kind: 'delete', from: at, to: at + 3 });
    expect(r.status).toBe(201);
    const before = agreedText(lee.doc);
    expect((await api.call('POST', `/suggestions/${r.body.id}/reject`, mediator)).status).toBe(200);
    expect(await serverText()).toBe(before);
    expect((await api.state(mediator)).suggestions).toEqual([]);
  });

  it("accepts all of one author's suggestions at once and snapshots a version", async () => {
    const a1 = posOf(lee.doc, 'No admission.');
    await api.call('POST', '/suggestions', tok(BEN), { kind: 'insert', at: a1, text: 'Clause: ' });
    const a2 = posOf(lee.doc, '[Describe any action');
    await api.call('POST', '/suggestions', tok(BEN), { kind: 'replace', from: a2, to: a2 + 1, text: '(' });
    await api.call('POST', '/suggestions', tok(ANA), { kind: 'insert', at: posOf(lee.doc, 'Release'), text: 'Mutual ' });
    const r = await api.call<{ count: number; version: VersionMeta }>('POST', '/suggestions/by-author', tok(LEE), { authorId: pid(BEN), decision: 'accept' });
    expect(r.body.count).toBe(2);
    expect(r.body.version.kind).toBe('accept-all');
    const text = await serverText();
    expect(text).toContain('Clause: No admission.');
    expect(text).toContain('(Describe any action');
    const left = (await api.state(mediator)).suggestions;
    expect(left.map((x) => x.author.id)).toEqual([pid(ANA)]);
    await api.call('POST', '/suggestions/by-author', tok(LEE), { authorId: pid(ANA), decision: 'reject' });
    expect(await serverText()).not.toContain('Mutual');
  });
});

describe('suggestions typed in an editor (suggest mode over y-websocket)', () => {
  it("carry the connection's identity: a forged author in the mark is replaced by the server", async () => {
    const at = posOf(lee.doc, 'No admission.');
    lee.doc.transact(() => {
      let done = false;
      walkTexts(lee.doc, (t, start) => {
        if (done || at < start || at > start + t.length) return;
        t.insert(at - start, 'Typed ', { suggestInsert: { id: 'typed-by-lee', authorId: pid(ANA), authorName: 'Ana Claimant', at: 1 } });
        done = true;
      });
    });
    await until(async () => (await api.state(mediator)).suggestions.some((x) => x.id === 'typed-by-lee' && x.author.id === pid(LEE)));
    const sug = (await api.state(mediator)).suggestions.find((x) => x.id === 'typed-by-lee')!;
    expect(sug.author).toEqual({ id: pid(LEE), name: 'J. Lee' });
    expect((await app.ctx.stores.sessions.listAudit(s.sessionId)).some((e) => e.action === 'agreement.suggestion.author-corrected')).toBe(true);
    await api.call('POST', '/suggestions/typed-by-lee/reject', mediator);
    expect(await serverText()).not.toContain('Typed No admission');
  });

  it("keep another author's suggestion theirs when an editor splits the paragraph it is in", async () => {
    // The binding re-creates the moved text's marks in Lee's update, Ana's suggestion among them.
    const r = await api.call<{ id: string }>('POST', '/suggestions', tok(ANA), { kind: 'insert', at: posOf(lee.doc, 'not an admission'), text: 'clearly ' });
    expect(r.status).toBe(201);
    await waitFor(() => JSON.stringify(readDoc(lee.doc)).includes(r.body.id));
    const join = splitAt(lee.doc, posOf(lee.doc, 'This agreement is clearly'));
    await until(async () => (await app.ctx.docs!.read(agreement, (d) => d.getXmlFragment('default').toString())) === lee.doc.getXmlFragment('default').toString());
    expect(lee.doc.getXmlFragment('default').toString()).toContain('No admission. </paragraph><paragraph>This agreement is <suggestInsert');
    // A version save queues behind any correction the split triggered, so it has run by now.
    await api.call('POST', '/versions', tok(LEE), { name: 'After the split' });
    const sug = (await api.state(mediator)).suggestions.find((x) => x.id === r.body.id)!;
    expect(sug).toMatchObject({ author: { id: pid(ANA), name: 'Ana Claimant' }, inserted: 'clearly ' });
    expect((await app.ctx.stores.sessions.listAudit(s.sessionId)).some((e) => e.action === 'agreement.suggestion.author-corrected' && (e.detail.suggestionIds as string[]).includes(r.body.id))).toBe(false);
    join();
    await api.call('POST', `/suggestions/${r.body.id}/reject`, mediator);
    await until(async () => !(await serverText()).includes('clearly') && (await serverText()).includes('No admission. This agreement is not'));
  });

  it("correct a forged author name on a new suggestion even when the author id is the writer's", async () => {
    const at = posOf(lee.doc, 'No admission.');
    lee.doc.transact(() => {
      let done = false;
      walkTexts(lee.doc, (t, start) => {
        if (done || at < start || at > start + t.length) return;
        t.insert(at - start, 'Named ', { suggestInsert: { id: 'named-by-lee', authorId: pid(LEE), authorName: 'Ana Claimant', at: 1 } });
        done = true;
      });
    });
    await until(async () => (await api.state(mediator)).suggestions.some((x) => x.id === 'named-by-lee' && x.author.name === 'J. Lee'));
    await waitFor(() => JSON.stringify(readDoc(lee.doc)).includes('"authorName":"J. Lee"'), 10_000, 'the corrected name at the editor');
    await api.call('POST', '/suggestions/named-by-lee/reject', mediator);
    expect(await serverText()).not.toContain('Named No admission');
  });
});

describe('comments', () => {
  it('anchors a thread to a range; replies, resolve and reopen are stored server-side', async () => {
    const from = posOf(lee.doc, 'confidential');
    const r = await api.call<{ id: string }>('POST', '/threads', tok(ANA), { from, to: from + 'confidential'.length, body: 'Does this cover my family?', authorId: 'forged-id' });
    expect(r.status).toBe(201);
    const id = r.body.id;
    expect((await api.call('POST', `/threads/${id}/replies`, tok(LEE), { body: 'Yes, we can add that.' })).status).toBe(201);
    expect((await api.call('POST', `/threads/${id}/resolve`, tok(LEE))).status).toBe(200);
    let th = (await api.state(tok(BEN))).threads.find((t) => t.id === id)!;
    expect(th).toMatchObject({ quote: 'confidential', status: 'resolved' });
    expect(th.comments.map((c) => [c.author.id, c.body])).toEqual([[pid(ANA), 'Does this cover my family?'], [pid(LEE), 'Yes, we can add that.']]);
    expect((await api.call('POST', `/threads/${id}/reopen`, tok(ANA))).status).toBe(200);
    th = (await api.state(tok(BEN))).threads.find((t) => t.id === id)!;
    expect(th.status).toBe('open');
    // The anchor is in the document (the editor highlights it), the agreed text is unchanged.
    await waitFor(() => JSON.stringify(readDoc(lee.doc)).includes(id));
  });

  it('refuses a reply to a thread that does not exist', async () => {
    expect((await api.call('POST', '/threads/nosuchthread/replies', tok(ANA), { body: 'x' })).status).toBe(404);
  });
});

describe('versions', () => {
  it('shows the exact inserted and deleted text between two versions, and restores an old one as a new version', async () => {
    const v1 = (await api.call<VersionMeta>('POST', '/versions', tok(LEE), { name: 'Before amounts' })).body;
    const v1Text = await serverText();
    // The attorney types in the live editor: replace the first "[amount]" with "25,000".
    const at = posOf(lee.doc, '[amount]');
    typeAt(lee.doc, at, '25,000');
    await until(async () => (await serverText()).includes('25,000[amount]'));
    const del = posOf(lee.doc, '[amount]');
    const r = await api.call<{ id: string }>('POST', '/suggestions', tok(LEE), { kind: 'delete', from: del, to: del + '[amount]'.length });
    await api.call('POST', `/suggestions/${r.body.id}/accept`, tok(LEE));
    await waitFor(() => agreedText(med.doc).includes('25,000 (the "Settlement Sum")'));
    const v2 = (await api.call<VersionMeta>('POST', '/versions', mediator, { name: 'With amounts' })).body;
    expect(v2.number).toBe(v1.number + 1);
    const red = (await api.call<Redline>('GET', `/redline/${v1.id}/${v2.id}`, tok(ANA))).body;
    expect(red.parts.filter((p) => p.type === 'insert').map((p) => p.text)).toEqual(['25,000']);
    expect(red.parts.filter((p) => p.type === 'delete').map((p) => p.text)).toEqual(['[amount]']);
    expect(red.parts.filter((p) => p.type !== 'insert').map((p) => p.text).join('')).toBe(v1Text);

    const restored = await api.call<VersionMeta>('POST', `/versions/${v1.id}/restore`, tok(LEE));
    expect(restored.status).toBe(201);
    expect(restored.body.kind).toBe('restore');
    expect(await serverText()).toBe(v1Text);
    await waitFor(() => agreedText(lee.doc) === v1Text);
    const kinds = (await api.state(mediator)).versions.map((v) => v.kind);
    expect(kinds.slice(-2)).toEqual(['before-restore', 'restore']);
    // Nothing was lost: the text from before the restore is a version too.
    const back = (await api.call<Redline>('GET', `/redline/${v2.id}/current`, mediator)).body;
    expect(back.parts.filter((p) => p.type === 'delete').map((p) => p.text)).toEqual(['25,000']);
  });

  it('a restore does not bring back suggestions or comment anchors decided since; still pending ones stay', async () => {
    const docJson = () => app.ctx.docs!.read(agreement, (d) => JSON.stringify(readDoc(d)));
    const decided = (await api.call<{ id: string }>('POST', '/suggestions', tok(ANA), { kind: 'insert', at: posOf(lee.doc, 'Release'), text: 'Mutual ' })).body.id;
    const pending = (await api.call<{ id: string }>('POST', '/suggestions', tok(BEN), { kind: 'delete', from: posOf(lee.doc, 'known or unknown'), to: posOf(lee.doc, 'known or unknown') + 5 })).body.id;
    const cf = posOf(lee.doc, 'mediation before');
    const resolved = (await api.call<{ id: string }>('POST', '/threads', tok(ANA), { from: cf, to: cf + 9, body: 'Which mediator?' })).body.id;
    const v = (await api.call<VersionMeta>('POST', '/versions', tok(LEE), { name: 'With open suggestions' })).body;
    expect((await api.call('POST', `/suggestions/${decided}/reject`, mediator)).status).toBe(200);
    expect((await api.call('POST', `/threads/${resolved}/resolve`, tok(LEE))).status).toBe(200);
    expect((await api.call('POST', `/versions/${v.id}/restore`, tok(LEE))).status).toBe(201);
    const json = await docJson();
    expect(json).not.toContain(decided);
    expect(await serverText()).not.toContain('Mutual');
    expect(json).not.toContain(resolved);
    expect((await api.state(mediator)).suggestions.map((x) => x.id)).toEqual([pending]);
    await api.call('POST', `/suggestions/${pending}/reject`, mediator);
    expect((await api.state(mediator)).suggestions).toEqual([]);
  });

  it('refuses versions and restores from parties', async () => {
    expect((await api.call('POST', '/versions', tok(ANA), { name: 'x' })).status).toBe(403);
    const v = (await api.state(mediator)).versions[0]!;
    const before = await serverState();
    expect((await api.call('POST', `/versions/${v.id}/restore`, tok(ANA))).status).toBe(403);
    expect(await serverState()).toBe(before);
  });
});

describe('sign-off', () => {
  let frozen: VersionMeta;

  it('refuses to freeze while suggestions are open, and refuses freezing by a non-mediator', async () => {
    const r = await api.call<{ id: string }>('POST', '/suggestions', tok(ANA), { kind: 'insert', at: posOf(lee.doc, 'Release'), text: 'Full ' });
    expect((await api.call('POST', '/freeze', mediator, {})).status).toBe(409);
    expect((await api.call('POST', '/freeze', tok(LEE), {})).status).toBe(403);
    await api.call('POST', `/suggestions/${r.body.id}/reject`, mediator);
  });

  it('refuses signing when nothing is frozen', async () => {
    const v = (await api.state(mediator)).versions.at(-1)!;
    const r = await api.call('POST', '/sign', tok(ANA), { versionId: v.id, hash: v.hash, typedName: 'Ana Claimant', confirm: true });
    expect(r.status).toBe(409);
    expect((await api.state(mediator)).signoffs).toEqual([]);
  });

  it('freezes a version with the SHA-256 content hash shown to everyone', async () => {
    const r = await api.call<VersionMeta>('POST', '/freeze', mediator, { name: 'Final for signature' });
    expect(r.status).toBe(201);
    frozen = r.body;
    const nodes = await app.ctx.docs!.read(agreement, readDoc);
    expect(frozen.hash).toBe(crypto.createHash('sha256').update(canonicalJson(render(nodes))).digest('hex'));
    const st: AgreementState = await api.state(tok(ANA));
    expect(st.frozen).toMatchObject({ versionId: frozen.id, hash: frozen.hash, name: 'Final for signature' });
    expect(st.currentHash).toBe(frozen.hash);
    expect(st.signers.map((x) => x.name).sort()).toEqual(['Ana Claimant', 'Ben Respondent', 'J. Lee']);
  });

  it('refuses suggestions and comments on the frozen version, the document unchanged', async () => {
    const before = await serverState();
    const at = posOf(lee.doc, 'Release');
    const sug = await api.call('POST', '/suggestions', tok(ANA), { kind: 'insert', at, text: 'x' });
    expect(sug.status).toBe(409);
    expect(sug.body.error?.code).toBe('FROZEN');
    const com = await api.call('POST', '/threads', tok(BEN), { from: at, to: at + 3, body: 'x' });
    expect(com.body.error?.code).toBe('FROZEN');
    // Replies too: "no comments on the frozen version" covers every comment, not only new threads.
    const threadsBefore = (await api.state(mediator)).threads;
    expect(threadsBefore.length).toBeGreaterThan(0);
    const reply = await api.call('POST', `/threads/${threadsBefore[0]!.id}/replies`, tok(ANA), { body: 'One more thing' });
    expect(reply.status).toBe(409);
    expect(reply.body.error?.code).toBe('FROZEN');
    expect((await api.state(mediator)).threads).toEqual(threadsBefore);
    expect(await serverState()).toBe(before);
  });

  it('removes a comment anchor added over y-websocket while frozen, keeps existing anchors, and stays frozen', async () => {
    const existing = (await api.state(mediator)).threads[0]!.id;
    const at = posOf(lee.doc, 'Release');
    lee.doc.transact(() => {
      walkTexts(lee.doc, (t, start) => {
        if (at >= start && at + 7 <= start + t.length) t.format(at - start, 7, { comment: { threadId: 'anchored-while-frozen' } });
      });
    });
    await until(async () => (await app.ctx.stores.sessions.listAudit(s.sessionId)).some((e) => e.action === 'agreement.comment.refused-frozen'));
    await waitFor(() => !JSON.stringify(readDoc(lee.doc)).includes('anchored-while-frozen'), 10_000, 'the anchor to be removed at the editor');
    expect(await app.ctx.docs!.read(agreement, (d) => JSON.stringify(readDoc(d)))).not.toContain('anchored-while-frozen');
    expect(await app.ctx.docs!.read(agreement, (d) => JSON.stringify(readDoc(d)))).toContain(existing);
    const st = await api.state(mediator);
    expect(st.frozen?.versionId).toBe(frozen.id);
    expect(st.currentHash).toBe(frozen.hash);
  });

  it("removes a suggestion typed in an editor's suggest mode while frozen, and stays frozen", async () => {
    const at = posOf(lee.doc, 'Release');
    lee.doc.transact(() => {
      let done = false;
      walkTexts(lee.doc, (t, start) => {
        if (done || at < start || at > start + t.length) return;
        t.insert(at - start, 'Late ', { suggestInsert: { id: 'typed-while-frozen', authorId: pid(LEE), authorName: 'J. Lee', at: 1 } });
        done = true;
      });
    });
    await until(async () => (await app.ctx.stores.sessions.listAudit(s.sessionId)).some((e) => e.action === 'agreement.suggestion.refused-frozen'));
    await waitFor(() => !JSON.stringify(readDoc(lee.doc)).includes('typed-while-frozen'), 10_000, 'the suggestion to be removed at the editor');
    const st = await api.state(mediator);
    expect(st.suggestions).toEqual([]);
    expect(st.frozen?.versionId).toBe(frozen.id);
    expect(st.currentHash).toBe(frozen.hash);
  });

  it('refuses signing another version, a wrong hash, a missing confirmation, or by a mediator', async () => {
    const other = (await api.state(mediator)).versions[0]!;
    expect((await api.call('POST', '/sign', tok(ANA), { versionId: other.id, hash: other.hash, typedName: 'Ana Claimant', confirm: true })).status).toBe(409);
    expect((await api.call('POST', '/sign', tok(ANA), { versionId: frozen.id, hash: 'a'.repeat(64), typedName: 'Ana Claimant', confirm: true })).status).toBe(409);
    expect((await api.call('POST', '/sign', tok(ANA), { versionId: frozen.id, hash: frozen.hash, typedName: 'Ana Claimant', confirm: false })).status).toBe(400);
    expect((await api.call('POST', '/sign', mediator, { versionId: frozen.id, hash: frozen.hash, typedName: 'Maria', confirm: true })).status).toBe(403);
    expect((await api.call('POST', '/sign', tok(OLIVE), { versionId: frozen.id, hash: frozen.hash, typedName: 'Olive', confirm: true })).status).toBe(403);
    expect((await api.state(mediator)).signoffs).toEqual([]);
  });

  it("refuses a typed name that is not the signer's own, recording nothing", async () => {
    const before = await serverState();
    const auditBefore = (await app.ctx.stores.sessions.listAudit(s.sessionId)).length;
    for (const typedName of ['Ana Maria Claimant', 'Ben Respondent']) {
      const r = await api.call('POST', '/sign', tok(ANA), { versionId: frozen.id, hash: frozen.hash, typedName, confirm: true });
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('BAD_REQUEST');
      expect(r.body.error?.message).toContain('Ana Claimant');
    }
    expect((await api.state(mediator)).signoffs).toEqual([]);
    expect((await app.ctx.stores.sessions.listAudit(s.sessionId)).slice(auditBefore).some((e) => e.action === 'agreement.signed')).toBe(false);
    expect(await serverState()).toBe(before);
  });

  it('records each signature with typed name, time and hash in the audit trail', async () => {
    // Case, spacing and accents do not count against a typed name.
    for (const [i, name] of [[ANA, '  ana  CLAIMANT'], [BEN, 'Ben Respondent'], [LEE, 'j. lée']] as const) {
      if (i === BEN) expect((await api.state(mediator)).signing).toMatchObject({ state: 'awaiting', awaiting: ['Ben Respondent'] });
      const r = await api.call('POST', '/sign', tok(i), { versionId: frozen.id, hash: frozen.hash, typedName: name, confirm: true, participantId: pid(OLIVE) });
      expect(r.status).toBe(201);
    }
    expect((await api.call('POST', '/sign', tok(ANA), { versionId: frozen.id, hash: frozen.hash, typedName: 'Ana', confirm: true })).status).toBe(409);
    const st = await api.state(tok(BEN));
    expect(st.signers.every((x) => x.signed)).toBe(true);
    // Every party has signed (the attorney's signature is optional): fully signed, and said so.
    expect(st.signing).toMatchObject({ state: 'fully-signed', awaiting: [], currentIsFrozenVersion: true });
    expect(st.signers.filter((x) => x.required).map((x) => x.name).sort()).toEqual(['Ana Claimant', 'Ben Respondent']);
    expect((await app.ctx.stores.sessions.listAudit(s.sessionId)).filter((e) => e.action === 'agreement.fully-signed')).toHaveLength(1);
    expect(st.signoffs.map((x) => [x.participantId, x.typedName, x.hash, x.voidedAt])).toEqual([
      [pid(ANA), 'ana  CLAIMANT', frozen.hash, null], [pid(BEN), 'Ben Respondent', frozen.hash, null], [pid(LEE), 'j. lée', frozen.hash, null],
    ]);
    const audit = (await app.ctx.stores.sessions.listAudit(s.sessionId)).filter((e) => e.action === 'agreement.signed');
    expect(audit.map((e) => [e.actorId, e.detail.hash, e.detail.typedName])).toEqual([
      [pid(ANA), frozen.hash, 'ana  CLAIMANT'], [pid(BEN), frozen.hash, 'Ben Respondent'], [pid(LEE), frozen.hash, 'j. lée'],
    ]);
    expect(audit.every((e) => typeof e.detail.at === 'number')).toBe(true);
  });

  it('an edit while frozen is undone at once for everyone, and no signature is voided', async () => {
    const text = agreedText(lee.doc);
    const seenByMediator: string[] = [];
    const watch = () => seenByMediator.push(agreedText(med.doc));
    med.doc.on('update', watch);
    // The attorney clicks into the frozen document and types a space, as in the reported run.
    typeAt(lee.doc, posOf(lee.doc, 'Release'), ' ');
    await waitFor(() => agreedText(lee.doc) === text, 10_000, 'the keystroke to be undone in the editor that typed it');
    // A deletion (and a bold mark) are put back just the same.
    const at = posOf(lee.doc, 'Release');
    walkTexts(lee.doc, (t, start) => { if (at >= start && at + 7 <= start + t.length) { t.delete(at - start, 7); t.format(0, 3, { bold: true }); } });
    expect(agreedText(lee.doc)).not.toBe(text);
    await waitFor(() => agreedText(lee.doc) === text, 10_000, 'the deletion to be undone in the editor that made it');
    await until(async () => (await app.ctx.stores.sessions.listAudit(s.sessionId)).some((e) => e.action === 'agreement.edit.refused-frozen'));
    med.doc.off('update', watch);
    // The other editor never saw the changed text: the update and its undo arrived as one.
    expect(seenByMediator.every((t) => t === text)).toBe(true);
    expect(await serverText()).toBe(text);
    const st = await api.state(tok(ANA));
    expect(st.frozen?.versionId).toBe(frozen.id);
    expect(st.currentHash).toBe(frozen.hash);
    expect(st.signoffs.every((x) => x.voidedAt === null)).toBe(true);
    expect(st.signing?.state).toBe('fully-signed');
    expect(st.versions.some((v) => v.kind === 'edit-after-freeze')).toBe(false);
    expect((await app.ctx.stores.sessions.listAudit(s.sessionId)).some((e) => e.action === 'agreement.signoffs.voided')).toBe(false);
  });

  it('refuses the template and a restore while frozen (FROZEN), the document unchanged', async () => {
    const before = await serverState();
    const t = await api.call('POST', '/template', mediator, { replace: true });
    expect(t.body.error?.code).toBe('FROZEN');
    const r = await api.call('POST', `/versions/${(await api.state(mediator)).versions[0]!.id}/restore`, mediator);
    expect(r.body.error?.code).toBe('FROZEN');
    expect(r.body.error?.message).toContain('unfreeze');
    expect(await serverState()).toBe(before);
  });

  it('refuses freezing again while frozen', async () => {
    const r = await api.call('POST', '/freeze', mediator, {});
    expect(r.status).toBe(409);
    expect(r.body.error?.message).toContain('already frozen');
  });

  it('unfreezing is a mediator action that must be confirmed, voids every signature and says so', async () => {
    expect((await api.call('POST', '/unfreeze', mediator, {})).status).toBe(400);
    expect((await api.call('POST', '/unfreeze', tok(LEE), { confirm: true })).status).toBe(403);
    expect((await api.state(mediator)).frozen?.versionId).toBe(frozen.id);
    const r = await api.call<{ voided: number; message: string }>('POST', '/unfreeze', mediator, { confirm: true });
    expect(r.status).toBe(200);
    expect(r.body.voided).toBe(3);
    expect(r.body.message).toContain('All 3 signatures it had are void');
    const st = await api.state(tok(ANA));
    expect(st.frozen).toBeNull();
    expect(st.signoffs.every((x) => x.voidedAt !== null)).toBe(true);
    expect(st.signers.every((x) => !x.signed)).toBe(true);
    expect(st.signing?.state).toBe('void');
    expect((await app.ctx.stores.sessions.listAudit(s.sessionId)).filter((e) => e.action === 'agreement.unfrozen').map((e) => [e.actorId, e.detail.voided])).toEqual([[s.mediator.participantId, 3]]);
    // Signing the old frozen version is refused now, and editing works again.
    expect((await api.call('POST', '/sign', tok(ANA), { versionId: frozen.id, hash: frozen.hash, typedName: 'Ana Claimant', confirm: true })).status).toBe(409);
    typeAt(lee.doc, posOf(lee.doc, 'Release'), 'General ');
    await until(async () => (await serverText()).includes('General Release'));
  });
});

describe('private drafts per side', () => {
  it('a caucus member proposes a clause from their draft; the mediator approves it as a suggestion', async () => {
    spaces.place(s.sessionId, pid(ANA), 'caucus:claimant');
    spaces.place(s.sessionId, pid(LEE), 'caucus:claimant');
    const draftName = docName(s.sessionId, 'draft', 'caucus:claimant');
    const draft = open(draftName, tok(LEE));
    await synced(draft);
    replaceDoc(draft.doc, [
      { type: 'paragraph', content: [{ type: 'text', text: 'Private note: our floor is 20,000.' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'The Respondent will provide a neutral reference.' }] },
    ]);
    await until(() => app.ctx.docs!.read(draftName, (d) => agreedText(d).includes('neutral reference')));
    const from = 38; // inside the second paragraph (the first is 2 + 34 = 36 long)
    // Ben is not in that caucus: he cannot propose from it.
    const denied = await api.call('POST', '/proposals', tok(BEN), { draftSpace: 'caucus:claimant', from, to: from + 5 });
    expect(denied.status).toBe(403);
    const r = await api.call<{ id: string }>('POST', '/proposals', tok(ANA), { draftSpace: 'caucus:claimant', from, to: from + 5 });
    expect(r.status).toBe(201);
    // Only the proposed clause travels, not the rest of the private draft.
    const prop = (await api.state(mediator)).proposals.find((p) => p.id === r.body.id)!;
    expect(prop.text).toBe('The Respondent will provide a neutral reference.');
    // The other side never sees a pending proposal from this side's draft.
    expect((await api.state(tok(BEN))).proposals).toEqual([]);
    expect(JSON.stringify(await api.state(tok(BEN)))).not.toContain('neutral reference');
    expect((await api.call('POST', `/proposals/${r.body.id}/approve`, tok(LEE), {})).status).toBe(403);
    spaces.place(s.sessionId, pid(ANA), 'joint');
    spaces.place(s.sessionId, pid(LEE), 'joint');
    const lee2 = open(agreement, tok(LEE));
    await synced(lee2);
    const ok = await api.call<{ suggestionId: string }>('POST', `/proposals/${r.body.id}/approve`, mediator, {});
    expect(ok.status).toBe(200);
    const st = await api.state(mediator);
    expect(st.suggestions.find((x) => x.id === ok.body.suggestionId)).toMatchObject({ author: { id: pid(ANA) }, inserted: 'The Respondent will provide a neutral reference.' });
    expect(await serverText()).not.toContain('neutral reference');
    expect(await serverText()).not.toContain('floor');
    await api.call('POST', `/suggestions/${ok.body.suggestionId}/accept`, tok(LEE));
    await waitFor(() => agreedText(lee2.doc).includes('The Respondent will provide a neutral reference.'));
    expect(agreedText(lee2.doc)).not.toContain('floor is 20,000');
  });
});
