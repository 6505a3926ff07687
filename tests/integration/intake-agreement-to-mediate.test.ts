/**
 * The agreement to mediate, over real HTTP and a real room: the practice edits its template, the
 * mediator requires it for a case session, parties and attorneys in the waiting room read and sign
 * it (typed name over the SHA-256 of the exact text), and the mediator's admit is refused with
 * NOT_SIGNED until they have; "admit everyone" leaves the unsigned waiting. The mediator sees who
 * signed and exports the signed PDF.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOINT, LOBBY } from '@mediation/shared';
import { startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { PracticeClient, setUpOwner } from './practice-client.js';
import { linkCall, mediatorCall, pixelforgeCase } from './intake-helpers.js';

let app: TestServer;
let maria: PracticeClient;
let caseId = '';
let sessionId = '';
const token: Record<string, string> = {};
const pid: Record<string, string> = {};
const clients: TestClient[] = [];

const TEXT = 'Agreement to mediate for <b>PixelForge</b>.\n\nFees: 200 per hour, split 50/50. Ground rules: one person speaks at a time.';
const sha = (t: string) => crypto.createHash('sha256').update(t, 'utf8').digest('hex');

beforeAll(async () => {
  app = await startTestServer();
  maria = await setUpOwner(app.url);
  ({ caseId } = await pixelforgeCase(maria));
  const made = await maria.post(`/cases/${caseId}/sessions`, {});
  expect(made.status).toBe(201);
  const s = made.body.sessions[0];
  sessionId = s.sessionId;
  token.Maria = tokenOf(s.mediatorLink);
  for (const i of s.invitees) {
    token[i.name] = tokenOf(i.link);
    pid[i.name] = i.participantId;
  }
});
afterAll(async () => {
  for (const c of clients) c.close();
  await stopTestServer(app);
});

async function join(name: string): Promise<TestClient> {
  const c = await connectClient(app.url, token[name]!);
  clients.push(c);
  must(await c.request('session:join', {}));
  return c;
}

describe('agreement to mediate', () => {
  let mediator: TestClient;

  it('the practice edits its template (versions count up); HTML is kept as text', async () => {
    const before = await mediatorCall(maria, 'GET', '/template');
    expect(before.body).toMatchObject({ version: 0, title: 'Agreement to mediate' });
    expect(before.body.text).toMatch(/Confidentiality/);
    const saved = await mediatorCall(maria, 'PUT', '/template', { title: 'Agreement to mediate', text: TEXT });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, text: TEXT, hash: sha(TEXT) });
    expect((await mediatorCall(maria, 'PUT', '/template', { title: '', text: TEXT })).status).toBe(400);
  });

  it('required for the session: the mediator sees who must sign (parties and attorneys, not the interpreter)', async () => {
    const r = await mediatorCall(maria, 'PUT', `/cases/${caseId}/sessions/${sessionId}/agreement`, { required: true });
    expect(r.status).toBe(200);
    const s = r.body.sessions.find((x: { sessionId: string }) => x.sessionId === sessionId);
    expect(s.agreementRequired).toBe(1);
    expect(s.signers.map((x: { name: string; signed: unknown }) => [x.name, x.signed])).toEqual([['Ana Diaz', null], ['Jordan Lee', null], ['Tom Brennan', null]]);
  });

  it('the waiting room: each person reads their status; the interpreter does not have to sign', async () => {
    mediator = await join('Maria');
    for (const n of ['Ana Diaz', 'Jordan Lee', 'Tom Brennan', 'Ines Moreau']) await join(n);
    const ana = await linkCall(app.url, token['Ana Diaz']!, 'GET', `/sessions/${sessionId}/agreement-to-mediate`);
    expect(ana.body).toMatchObject({ required: true, mustSign: true, text: TEXT, version: 1, hash: sha(TEXT), signed: null });
    const ines = await linkCall(app.url, token['Ines Moreau']!, 'GET', `/sessions/${sessionId}/agreement-to-mediate`);
    expect(ines.body).toMatchObject({ required: true, mustSign: false });
    // Another session's id with Ana's link: refused.
    expect((await linkCall(app.url, token['Ana Diaz']!, 'GET', '/sessions/some_other_session/agreement-to-mediate')).status).toBe(403);
  });

  it('admitting an unsigned party is refused with NOT_SIGNED; the interpreter is admitted; "admit everyone" leaves the unsigned waiting', async () => {
    const refused = await mediator.request('control:admit', { participantIds: [pid['Ana Diaz']!] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED' } });
    expect(!refused.ok && refused.error.message).toMatch(/Ana Diaz has not signed the agreement to mediate/);
    const mixed = await mediator.request('control:admit', { participantIds: [pid['Ines Moreau']!, pid['Tom Brennan']!] });
    expect(mixed).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED' } });
    expect(must(await mediator.request('control:admit', { participantIds: [pid['Ines Moreau']!] })).admitted).toEqual([pid['Ines Moreau']]);
    expect(must(await mediator.request('control:admit', { all: true })).admitted).toEqual([]);
    const spaceOf = (id: string) => app.ctx.spaces.currentSpace(sessionId, id);
    expect([spaceOf(pid['Ana Diaz']!), spaceOf(pid['Jordan Lee']!), spaceOf(pid['Tom Brennan']!)]).toEqual([LOBBY, LOBBY, LOBBY]);
  });

  it('moving an unsigned party out of the waiting room (to joint or a caucus) is the same admission: refused with NOT_SIGNED, nobody moves', async () => {
    const caucus = must(await mediator.request('control:createSpace', { name: 'Claimant' })).space;
    for (const to of [JOINT, caucus]) {
      const refused = await mediator.request('control:move', { participantIds: [pid['Ana Diaz']!, pid['Ines Moreau']!], to });
      expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED' } });
      expect(app.ctx.spaces.currentSpace(sessionId, pid['Ana Diaz']!)).toBe(LOBBY);
      expect(app.ctx.spaces.currentSpace(sessionId, pid['Ines Moreau']!)).toBe(JOINT);
    }
    must(await mediator.request('control:closeSpace', { space: caucus, sendTo: JOINT }));
  });

  it('signing: a stale hash and someone else\'s name are refused; the own name over the exact text signs once', async () => {
    const url = `/sessions/${sessionId}/agreement-to-mediate/sign`;
    expect((await linkCall(app.url, token['Ana Diaz']!, 'POST', url, { typedName: 'Ana Diaz', hash: sha('another text') })).body.error.code).toBe('CONFLICT');
    expect((await linkCall(app.url, token['Ana Diaz']!, 'POST', url, { typedName: 'Tom Brennan', hash: sha(TEXT) })).body.error.code).toBe('BAD_REQUEST');
    expect((await linkCall(app.url, token['Ana Diaz']!, 'POST', url, { typedName: '<script>x</script>', hash: sha(TEXT) })).body.error.code).toBe('BAD_REQUEST');
    expect((await linkCall(app.url, token['Ines Moreau']!, 'POST', url, { typedName: 'Ines Moreau', hash: sha(TEXT) })).body.error.code).toBe('FORBIDDEN');
    const ok = await linkCall(app.url, token['Ana Diaz']!, 'POST', url, { typedName: 'ana  diaz', hash: sha(TEXT) });
    expect(ok.status).toBe(201);
    expect(ok.body.signed).toMatchObject({ typedName: 'ana  diaz', version: 1, hash: sha(TEXT) });
    expect((await linkCall(app.url, token['Ana Diaz']!, 'POST', url, { typedName: 'Ana Diaz', hash: sha(TEXT) })).body.error.code).toBe('CONFLICT');
    const signedJordan = await linkCall(app.url, token['Jordan Lee']!, 'POST', url, { typedName: 'Jordan Lee', hash: sha(TEXT) });
    expect(signedJordan.status).toBe(201);
  });

  it('signed people are admitted (by name and by "admit everyone"); the unsigned one still waits', async () => {
    expect(must(await mediator.request('control:admit', { participantIds: [pid['Ana Diaz']!] })).admitted).toEqual([pid['Ana Diaz']]);
    expect(must(await mediator.request('control:admit', { all: true })).admitted).toEqual([pid['Jordan Lee']]);
    expect(app.ctx.spaces.currentSpace(sessionId, pid['Tom Brennan']!)).toBe(LOBBY);
  });

  it('the mediator sees who signed and exports the signed PDF with the exact text and each signature', async () => {
    const v = await mediatorCall(maria, 'GET', `/cases/${caseId}`);
    const s = v.body.sessions.find((x: { sessionId: string }) => x.sessionId === sessionId);
    expect(s.signers.map((x: { name: string; signed: { typedName: string } | null }) => [x.name, x.signed?.typedName ?? null])).toEqual([
      ['Ana Diaz', 'ana  diaz'], ['Jordan Lee', 'Jordan Lee'], ['Tom Brennan', null],
    ]);
    const pdf = await mediatorCall(maria, 'GET', `/cases/${caseId}/sessions/${sessionId}/agreement.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment/);
    const file = path.join(os.tmpdir(), `atm-${process.pid}.pdf`);
    fs.writeFileSync(file, pdf.raw);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    fs.rmSync(file, { force: true });
    expect(text).toContain('Agreement to mediate for <b>PixelForge</b>.');
    expect(text).toMatch(/Ana Diaz \(party\) signed as “ana diaz”/);
    expect(text).toMatch(/Jordan Lee \(attorney\) signed as “Jordan Lee”/);
    expect(text).not.toMatch(/Tom Brennan/);
    // Another practice's mediator cannot export it.
    expect((await mediatorCall(new PracticeClient(app.url), 'GET', `/cases/${caseId}/sessions/${sessionId}/agreement.pdf`)).status).toBe(401);
  });

  it('a session that does not require it admits as before', async () => {
    await mediatorCall(maria, 'PUT', `/cases/${caseId}/sessions/${sessionId}/agreement`, { required: false });
    expect(must(await mediator.request('control:admit', { participantIds: [pid['Tom Brennan']!] })).admitted).toEqual([pid['Tom Brennan']]);
  });

  it('with the waiting room off, an unsigned party still waits (on joining and when it is turned off); once signed, turning it off lets them in', async () => {
    const made = await maria.post(`/cases/${caseId}/sessions`, {});
    const s2 = made.body.sessions.find((x: { sessionId: string }) => x.sessionId !== sessionId);
    const t2: Record<string, string> = { Maria: tokenOf(s2.mediatorLink) };
    const p2: Record<string, string> = {};
    for (const i of s2.invitees) {
      t2[i.name] = tokenOf(i.link);
      p2[i.name] = i.participantId;
    }
    await mediatorCall(maria, 'PUT', `/cases/${caseId}/sessions/${s2.sessionId}/agreement`, { required: true });
    const m2 = await connectClient(app.url, t2.Maria!);
    clients.push(m2);
    must(await m2.request('session:join', {}));
    must(await m2.request('control:updateSettings', { waitingRoom: false }));
    const joinAs = async (n: string) => {
      const c = await connectClient(app.url, t2[n]!);
      clients.push(c);
      return must(await c.request('session:join', {})).room.self.space;
    };
    expect(await joinAs('Ana Diaz')).toBe(LOBBY);
    expect(await joinAs('Ines Moreau')).toBe('joint');
    const st = (await linkCall(app.url, t2['Ana Diaz']!, 'GET', `/sessions/${s2.sessionId}/agreement-to-mediate`)).body;
    must(await m2.request('control:updateSettings', { waitingRoom: true }));
    must(await m2.request('control:updateSettings', { waitingRoom: false }));
    expect(app.ctx.spaces.currentSpace(s2.sessionId, p2['Ana Diaz']!)).toBe(LOBBY);
    expect((await linkCall(app.url, t2['Ana Diaz']!, 'POST', `/sessions/${s2.sessionId}/agreement-to-mediate/sign`, { typedName: 'Ana Diaz', hash: st.hash })).status).toBe(201);
    must(await m2.request('control:updateSettings', { waitingRoom: true }));
    must(await m2.request('control:updateSettings', { waitingRoom: false }));
    expect(app.ctx.spaces.currentSpace(s2.sessionId, p2['Ana Diaz']!)).toBe('joint');
  });
});
