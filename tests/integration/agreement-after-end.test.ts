/**
 * After "End session": the session's people can still read and download what they were entitled
 * to (the signed agreement; their own side's caucus material) for the retention period, nothing is
 * writable, and caucus material stays exactly as private as it was. Real room (socket.io), real
 * y-websocket clients, real HTTP; the PDF is read with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName, type CreateSessionResponse, type InviteInfo, type VersionMeta } from '@mediation/shared';
import { createTestSession, tokenOf } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { connectError, must } from '../helpers/socketClient.js';
import { readDoc, replaceDoc } from '../../server/src/agreement/model.js';
import { textOf } from '../../server/src/agreement/render.js';
import { agreementApi, posOf, typeAt } from './agreement-helpers.js';
import { connect, synced, type Client } from './yjs-helpers.js';

const fx = useRoomServer();

function pdfText(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `after-end-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

let s: CreateSessionResponse;
let api: ReturnType<typeof agreementApi>;
let frozen: VersionMeta;
let caucus: string;
const ANA = 0, BEN = 1, LEE = 2, OLIVE = 3;
const tok = (i: number) => tokenOf(s.invites[i]!.link);
let mediator: string;
const DRAFT_SECRET = 'Our floor is 20,000 and we can go lower.';

async function get<T>(p: string, token: string): Promise<{ status: number; body: T & { error?: { code: string; message: string } } }> {
  const res = await fetch(`${fx.app.url}${p}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T & { error?: { code: string; message: string } } };
}

/** Opens a document over y-websocket and reports whether it synced or how it was closed. */
async function openDoc(name: string, token: string): Promise<{ client: Client; outcome: 'synced' | number }> {
  const client = connect(fx.app, name, token);
  const outcome = await Promise.race([synced(client).then(() => 'synced' as const), client.closed]);
  return { client, outcome };
}

beforeAll(async () => {
  s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
  api = agreementApi(fx.app, s.sessionId);
  mediator = tokenOf(s.mediator.link);
  const [m, ana, ben, lee] = await Promise.all([fx.open(s.mediator.link), fx.open(s.invites[ANA]!.link), fx.open(s.invites[BEN]!.link), fx.open(s.invites[LEE]!.link)]);
  for (const c of [m, ana, ben, lee]) must(await c.request('session:join', {}));

  // The Claimant side works in its caucus: a private draft only they (and mediators) could read.
  caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;
  must(await m.request('control:move', { participantIds: [s.invites[ANA]!.participantId, s.invites[LEE]!.participantId], to: caucus }));
  const draft = connect(fx.app, docName(s.sessionId, 'draft', caucus), tok(LEE));
  await synced(draft);
  replaceDoc(draft.doc, [{ type: 'paragraph', content: [{ type: 'text', text: DRAFT_SECRET }] }]);
  const draftName = docName(s.sessionId, 'draft', caucus);
  const start = Date.now();
  while (!(await fx.app.ctx.docs!.read(draftName, (d) => textOf(readDoc(d)))).includes('floor')) {
    if (Date.now() - start > 10_000) throw new Error('draft never reached the server');
    await new Promise((r) => setTimeout(r, 20));
  }
  draft.destroy();
  must(await m.request('control:allToJoint', {}));

  // Agreement: template, freeze, both parties and the attorney sign.
  expect((await api.call('POST', '/template', mediator, {})).status).toBe(200);
  frozen = (await api.call<VersionMeta>('POST', '/freeze', mediator, {})).body;
  for (const [i, name] of [[ANA, 'Ana Claimant'], [BEN, 'Ben Respondent'], [LEE, 'J. Lee']] as const) {
    expect((await api.call('POST', '/sign', tok(i), { versionId: frozen.id, hash: frozen.hash, typedName: name, confirm: true })).status).toBe(201);
  }
  must(await m.request('control:endSession', {}));
  await ana.waitFor('session:closed');
});

describe('after End session: access', () => {
  it('a party opening their link gets the session as ended (not an error), with until when it stays available', async () => {
    const r = await get<InviteInfo>('/api/invite', tok(ANA));
    expect(r.status).toBe(200);
    expect(r.body.phase).toBe('ended');
    expect(r.body.endedAt).toBeGreaterThan(0);
    expect(r.body.retainedUntil).toBe(r.body.endedAt! + 365 * 24 * 3600 * 1000);
    // The room itself stays closed: joining is still refused.
    expect((await connectError(fx.app.url, tok(ANA))).code).toBe('SESSION_ENDED');
  });

  it('a party downloads the signed PDF with their link after the end, and the mediator too', async () => {
    for (const token of [tok(ANA), tok(BEN), mediator]) {
      const st = await api.state(token);
      expect(st.phase).toBe('ended');
      expect(st.signing).toMatchObject({ state: 'fully-signed', version: { versionId: frozen.id } });
      expect(st.permissions).toEqual({ edit: false, suggest: false, comment: false, sign: false, control: false });
      const pdf = await api.download(`/versions/${frozen.id}/export?format=pdf`, token);
      expect(pdf.status).toBe(200);
      expect(pdf.type).toBe('application/pdf');
      const text = pdfText(pdf.data);
      expect(text).toContain('Signed by all required signers on');
      for (const name of ['Ana Claimant', 'Ben Respondent', 'J. Lee']) expect(text).toContain(name);
    }
    const docx = await api.download('/versions/current/export?format=docx', tok(LEE));
    expect(docx.status).toBe(200);
  });

  it('an observer keeps nothing after the end, and says so plainly', async () => {
    const r = await api.call('GET', '/', tok(OLIVE));
    expect(r.status).toBe(403);
    expect(r.body.error?.message).toContain('The session has ended');
    expect((await api.download(`/versions/${frozen.id}/export?format=pdf`, tok(OLIVE))).status).toBe(403);
  });

  it("a side can still read its own caucus draft and export its caucus board, read-only", async () => {
    const { client, outcome } = await openDoc(docName(s.sessionId, 'draft', caucus), tok(ANA));
    expect(outcome).toBe('synced');
    expect(textOf(readDoc(client.doc))).toContain('floor');
    client.destroy();
    const board = await fetch(`${fx.app.url}/api/sessions/${s.sessionId}/board/export?space=${encodeURIComponent(caucus)}&format=md`, { headers: { authorization: `Bearer ${tok(LEE)}` } });
    expect(board.status).toBe(200);
  });
});

describe('after End session: privacy and nothing writable', () => {
  it("the other side cannot read a side's private draft or caucus board after the end", async () => {
    const { client, outcome } = await openDoc(docName(s.sessionId, 'draft', caucus), tok(BEN));
    expect(outcome).not.toBe('synced');
    expect(textOf(readDoc(client.doc))).not.toContain('floor');
    client.destroy();
    const board = await fetch(`${fx.app.url}/api/sessions/${s.sessionId}/board/export?space=${encodeURIComponent(caucus)}&format=md`, { headers: { authorization: `Bearer ${tok(BEN)}` } });
    expect(board.status).toBe(403);
    expect(await board.text()).not.toContain('floor');
    // Nor the observer, who never was in it.
    const o = await openDoc(docName(s.sessionId, 'draft', caucus), tok(OLIVE));
    expect(o.outcome).not.toBe('synced');
    o.client.destroy();
  });

  it('every agreement change is refused with SESSION_ENDED in plain words, and nothing changes', async () => {
    const before = await api.state(mediator);
    const at = posOf(await fx.app.ctx.docs!.read(docName(s.sessionId, 'agreement', 'joint'), (d) => d), 'Release');
    const attempts: Array<[string, string, string, unknown]> = [
      ['/sign', tok(BEN), 'Ben', { versionId: frozen.id, hash: frozen.hash, typedName: 'Ben Respondent', confirm: true }],
      ['/suggestions', tok(ANA), 'Ana', { kind: 'insert', at, text: 'x' }],
      ['/threads', tok(ANA), 'Ana', { from: at, to: at + 3, body: 'late' }],
      ['/unfreeze', mediator, 'mediator', { confirm: true }],
      ['/freeze', mediator, 'mediator', {}],
      ['/versions', mediator, 'mediator', { name: 'After the end' }],
      ['/template', mediator, 'mediator', { replace: true }],
    ];
    for (const [p, token, who, body] of attempts) {
      const r = await api.call('POST', p, token, body);
      expect(r.status, `${who} ${p}`).toBe(410);
      expect(r.body.error?.code).toBe('SESSION_ENDED');
      expect(r.body.error?.message).toContain('The session has ended');
    }
    const after = await api.state(mediator);
    expect(after.versions).toEqual(before.versions);
    expect(after.signoffs).toEqual(before.signoffs);
    expect(after.frozen).toEqual(before.frozen);
  });

  it('the agreement opens read-only over y-websocket after the end: a write is refused, the document unchanged', async () => {
    const name = docName(s.sessionId, 'agreement', 'joint');
    const stateBefore = await fx.app.ctx.docs!.read(name, (d) => Buffer.from(Y.encodeStateAsUpdate(d)).toString('base64'));
    // The attorney could write while the session was live.
    const { client, outcome } = await openDoc(name, tok(LEE));
    expect(outcome).toBe('synced');
    typeAt(client.doc, posOf(client.doc, 'Release'), 'Late ');
    await new Promise((r) => setTimeout(r, 300));
    expect(await fx.app.ctx.docs!.read(name, (d) => Buffer.from(Y.encodeStateAsUpdate(d)).toString('base64'))).toBe(stateBefore);
    client.destroy();
  });

  it('once the retention period is over, only mediators can open the record', async () => {
    await fx.app.ctx.stores.sessions.updateSession(s.sessionId, { endedAt: Date.now() - 400 * 24 * 3600 * 1000 });
    try {
      const r = await get<InviteInfo>('/api/invite', tok(ANA));
      expect(r.status).toBe(410);
      expect(r.body.error?.code).toBe('SESSION_ENDED');
      expect(r.body.error?.message).toMatch(/kept until \d{4}-\d\d-\d\d/);
      expect((await api.download(`/versions/${frozen.id}/export?format=pdf`, tok(ANA))).status).toBe(410);
      expect((await api.download(`/versions/${frozen.id}/export?format=pdf`, mediator)).status).toBe(200);
      const { outcome } = await openDoc(docName(s.sessionId, 'agreement', 'joint'), tok(ANA));
      expect(outcome).not.toBe('synced');
    } finally {
      await fx.app.ctx.stores.sessions.updateSession(s.sessionId, { endedAt: Date.now() });
    }
  });

  it('an expired link says so plainly; the mediator can send a new one after the end, which opens the record and downloads', async () => {
    const ben = s.invites[BEN]!;
    const { token: expired } = await fx.app.ctx.tokens.sign({ sessionId: s.sessionId, participantId: ben.participantId, role: 'party', side: 'Respondent' }, -60);
    const r = await get<InviteInfo>('/api/invite', expired);
    expect(r.status).toBe(401);
    expect(r.body.error).toEqual({ code: 'TOKEN_EXPIRED', message: 'This link has expired. Ask the mediator for a new one.' });
    expect((await api.download(`/versions/${frozen.id}/export?format=pdf`, expired)).status).toBe(401);

    const res = await fetch(`${fx.app.url}/api/sessions/${s.sessionId}/participants/${ben.participantId}/link`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${mediator}` }, body: JSON.stringify({ linkTtlHours: 24 }),
    });
    expect(res.status).toBe(200);
    const fresh = ((await res.json()) as { token: string }).token;
    expect((await get<InviteInfo>('/api/invite', fresh)).body.phase).toBe('ended');
    const pdf = await api.download(`/versions/${frozen.id}/export?format=pdf`, fresh);
    expect(pdf.status).toBe(200);
    expect(pdfText(pdf.data)).toContain('Signed by all required signers on');
    // The new link opens the record only: the room stays closed and nothing is writable.
    expect((await connectError(fx.app.url, fresh)).code).toBe('SESSION_ENDED');
    expect((await api.call('POST', '/sign', fresh, { versionId: frozen.id, hash: frozen.hash, typedName: 'Ben Respondent', confirm: true })).status).toBe(410);
  });
});
