/**
 * The follow-up plan email carries the signed agreement (issue 14), over a real loopback SMTP
 * server: in a case session whose agreement every party signed, each person's plan email has the
 * PDF attached, and pdftotext of it shows the signed text and its sign-off page (the same text as
 * the agreement's own download); in a session of the same case whose agreement is frozen but not
 * signed by everyone, the plan email has no PDF.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailView, VersionMeta } from '@mediation/shared';
import { tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must } from '../helpers/socketClient.js';
import { api, caseWithSession, dayAhead, type CaseSessionFixture, type Mail, startMailedServer, stopMailedServer, type Smtp } from './followup-helpers.js';
import { setUpOwner, type PracticeClient } from './practice-client.js';

function pdfText(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `followup-pdf-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

let smtp: Smtp;
let app: TestServer;
let maria: PracticeClient;
let signed: CaseSessionFixture;
let unsigned: { sessionId: string; mediator: string; tok: { ana: string; tom: string } };
let frozen: VersionMeta;

beforeAll(async () => {
  ({ smtp, app } = await startMailedServer());
  maria = await setUpOwner(app.url);
  signed = await caseWithSession(maria);
  // A second session in the same case: its agreement is frozen but Tom never signs.
  const more = await maria.post(`/cases/${signed.caseId}/sessions`, { kind: 'main' });
  expect(more.status).toBe(201);
  const s = more.body.sessions.find((x: { sessionId: string }) => x.sessionId !== signed.sessionId);
  const inv = (name: string) => tokenOf(s.invitees.find((i: { name: string }) => i.name === name).link);
  unsigned = { sessionId: s.sessionId, mediator: tokenOf(s.mediatorLink), tok: { ana: inv('Ana Diaz'), tom: inv('Tom Brennan') } };
});

afterAll(() => stopMailedServer(app, smtp));

const agreement = (sessionId: string, method: string, p: string, token: string, body?: unknown) =>
  api(app, method, `/api/sessions/${sessionId}/agreement${p}`, token, body);

/** Both parties join the room (waiting room off), the mediator starts the agreement from the
 * template and freezes it; `signers` sign. A plan is saved, then the session ends. */
async function agreeAndEnd(sessionId: string, mediator: string, parties: { ana: string; tom: string }, signers: Array<'ana' | 'tom'>): Promise<VersionMeta> {
  const m = await connectClient(app.url, mediator);
  must(await m.request('session:join', {}));
  must(await m.request('control:updateSettings', { waitingRoom: false }));
  const ana = await connectClient(app.url, parties.ana);
  const tom = await connectClient(app.url, parties.tom);
  must(await ana.request('session:join', {}));
  must(await tom.request('session:join', {}));
  expect((await agreement(sessionId, 'POST', '/template', mediator, {})).status).toBe(200);
  const version = (await agreement(sessionId, 'POST', '/freeze', mediator, {})).body as VersionMeta;
  const names = { ana: 'Ana Diaz', tom: 'Tom Brennan' };
  for (const who of signers) {
    const r = await agreement(sessionId, 'POST', '/sign', parties[who], { versionId: version.id, hash: version.hash, typedName: names[who], confirm: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const plan = await api(app, 'PUT', `/api/sessions/${sessionId}/followup`, mediator, {
    items: [{ what: 'Pay the first instalment', owner: { kind: 'everyone' }, due: dayAhead(10) }], discovery: '',
  });
  expect(plan.status, JSON.stringify(plan.body)).toBe(200);
  must(await m.request('control:endSession', {}));
  for (const c of [m, ana, tom]) c.close();
  return version;
}

/** Plan emails that arrived after the first `from` emails (both sessions of the case may share a title). */
const planMailsOf = (title: string, from: number): Mail[] => smtp.received.slice(from).filter((m) => m.mail.subject === `Your follow-up plan – ${title}`);
const pdfsOf = (m: Mail) => m.mail.attachments.filter((a) => a.contentType === 'application/pdf');

describe('the follow-up plan email and the signed agreement', () => {
  it('carries the PDF of the agreement as everyone signed it', async () => {
    const from = smtp.received.length;
    frozen = await agreeAndEnd(signed.sessionId, signed.mediator, signed.tok, ['ana', 'tom']);
    const title = (await api(app, 'GET', '/api/invite', signed.tok.ana)).body.title as string;
    // Ana, Lee, Tom (Ines has no email and did not confirm one).
    const start = Date.now();
    while (planMailsOf(title, from).length < 3 && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 50));
    const mails = planMailsOf(title, from);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['ana@pixelforge.test', 'lee@lawfirm.test', 'tom@harborbakery.test']);

    // The agreement's own download of the frozen version, as Ana gets it with her link after the end.
    const res = await fetch(`${app.url}/api/sessions/${signed.sessionId}/agreement/versions/${frozen.id}/export?format=pdf`, { headers: { authorization: `Bearer ${signed.tok.ana}` } });
    expect(res.status).toBe(200);
    const downloaded = pdfText(Buffer.from(await res.arrayBuffer()));

    for (const m of mails) {
      expect(m.text).toMatch(/signed by everyone on .*It is attached to this email as PDF/);
      const pdfs = pdfsOf(m);
      expect(pdfs).toHaveLength(1);
      expect(pdfs[0]!.filename).toBe(`settlement-agreement-signed-v${frozen.number}.pdf`);
      expect(pdfs[0]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(pdfs[0]!.content);
      expect(text).toMatch(/Signed by all required signers on \d{4}-\d{2}-\d{2}\./);
      expect(text).toContain('Ana Diaz');
      expect(text).toContain('Tom Brennan');
      expect(text).toContain(frozen.hash);
      expect(norm(text)).toBe(norm(downloaded));
    }
    // The outbox keeps the file with each email, listed by name and size.
    const outbox = (await maria.get<{ emails: EmailView[] }>('/outbox')).body.emails;
    const kept = outbox.filter((e) => e.subject === `Your follow-up plan – ${title}`);
    expect(kept).toHaveLength(3);
    for (const e of kept) expect(e.attachments).toEqual([{ filename: `settlement-agreement-signed-v${frozen.number}.pdf`, contentType: 'application/pdf', size: pdfsOf(mails[0]!)[0]!.size }]);
  });

  it('carries no PDF while the agreement is not signed by everyone', async () => {
    const from = smtp.received.length;
    await agreeAndEnd(unsigned.sessionId, unsigned.mediator, unsigned.tok, ['ana']);
    const title = (await api(app, 'GET', '/api/invite', unsigned.tok.ana)).body.title as string;
    const start = Date.now();
    while (planMailsOf(title, from).length < 3 && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 50));
    const mails = planMailsOf(title, from);
    expect(mails).toHaveLength(3);
    for (const m of mails) {
      expect(pdfsOf(m)).toEqual([]);
      expect(m.text).not.toMatch(/signed by everyone/);
    }
  });
});
