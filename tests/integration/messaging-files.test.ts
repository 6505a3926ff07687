/**
 * Files attached to messages between sessions, on a real server with a real loopback SMTP server:
 * the thread's readers see and download them (always as an attachment with nosniff, recognised by
 * content); the other side cannot download them by any path, nor see their names (canary); wrong
 * types and files over the limit are refused with typed errors and nothing is stored; the email
 * notice says neither the file's name nor its content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_FILE_MAX_BYTES, type MessageThreadView, type ThreadList } from '@mediation/shared';
import { type TestServer } from '../helpers/server.js';
import { sqliteRows } from '../helpers/sqlite.js';
import { api, caseWithSession, endSession, type CaseSessionFixture, startMailedServer, stopMailedServer, type Smtp } from './followup-helpers.js';
import { setUpOwner } from './practice-client.js';

/** Only the Claimant side and the mediators may ever see these. */
const NAME_CANARY = 'canary-claimant-file-4e2b bank statement.pdf';
const BYTES_CANARY = 'canary-claimant-bytes-8c1d: the reserve is 900';
const PDF = Buffer.from(`%PDF-1.7\n% ${BYTES_CANARY}\n1 0 obj << >> endobj\n%%EOF\n`);

let smtp: Smtp;
let app: TestServer;
let f: CaseSessionFixture;
let claimant: string;
let respondent: string;
let fileId: string;

const base = () => `${app.url}/api/sessions/${f.sessionId}/messages`;
const list = (token: string) => api<ThreadList>(app, 'GET', `/api/sessions/${f.sessionId}/messages`, token);
const read = (token: string, thread: string) => api<MessageThreadView>(app, 'GET', `/api/sessions/${f.sessionId}/messages/${thread}`, token);

async function upload(token: string, thread: string, name: string, data: Buffer, type = 'application/octet-stream'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base()}/${thread}/files`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type, 'x-file-name': encodeURIComponent(name) }, body: new Uint8Array(data),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function download(token: string, thread: string, id: string): Promise<{ status: number; headers: Headers; data: Buffer }> {
  const res = await fetch(`${base()}/${thread}/files/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, data: Buffer.from(await res.arrayBuffer()) };
}

const filesStored = () => sqliteRows(app, 'SELECT COUNT(*) AS n FROM case_message_files');
const messagesStored = () => sqliteRows(app, 'SELECT COUNT(*) AS n FROM case_messages');

beforeAll(async () => {
  ({ smtp, app } = await startMailedServer());
  f = await caseWithSession(await setUpOwner(app.url));
  await endSession(app, f.mediator);
  const threads = (await list(f.mediator)).body.threads;
  claimant = threads.find((t) => t.label.startsWith('Claimant'))!.id;
  respondent = threads.find((t) => t.label.startsWith('Respondent'))!.id;
});

afterAll(() => stopMailedServer(app, smtp));

describe('files attached to messages', () => {
  it('the thread’s readers see the file and download it as an attachment with nosniff', async () => {
    // The browser's type says HTML: the server goes by the bytes.
    const up = await upload(f.tok.ana, claimant, NAME_CANARY, PDF, 'text/html');
    expect(up.status).toBe(201);
    expect(up.body.file).toMatchObject({ name: NAME_CANARY, type: 'application/pdf', size: PDF.length });
    fileId = up.body.file.id;

    const seen = await read(f.tok.lee, claimant);
    expect(seen.body.messages.at(-1)).toMatchObject({ authorName: 'Ana Diaz', text: '', file: { id: fileId, name: NAME_CANARY, type: 'application/pdf', size: PDF.length } });
    expect((await list(f.tok.lee)).body.threads.find((t) => t.id === claimant)!.count).toBe(1);

    for (const token of [f.tok.lee, f.tok.ana, f.mediator]) {
      const d = await download(token, claimant, fileId);
      expect(d.status).toBe(200);
      expect(d.data.equals(PDF)).toBe(true);
      expect(d.headers.get('content-type')).toBe('application/octet-stream');
      expect(d.headers.get('content-disposition')).toMatch(/^attachment; filename="canary-claimant-file-4e2b bank statement\.pdf"/);
      expect(d.headers.get('x-content-type-options')).toBe('nosniff');
      expect(d.headers.get('content-security-policy')).toContain('sandbox');
    }
  });

  it('canary: the other side cannot download it by any path, nor see its name', async () => {
    const missing = await download(f.tok.tom, respondent, 'AAAAAAAAAAAA');
    expect(missing.status).toBe(404);
    for (const token of [f.tok.tom, f.tok.ines]) {
      for (const thread of [claimant, respondent, 'joint', 'notes']) {
        const d = await download(token, thread, fileId);
        expect(d.status, `${thread}`).toBe(404);
        expect(d.data.toString()).not.toContain(BYTES_CANARY);
      }
      // Their whole view of the case's messages holds neither the name nor the bytes.
      const threads = (await list(token)).body.threads;
      const all = JSON.stringify([threads, await Promise.all(threads.map(async (t) => (await read(token, t.id)).body))]);
      expect(all).not.toContain('canary-claimant');
    }
    // Not in the joint thread either, for anyone (the file belongs to the Claimant thread only).
    expect((await download(f.tok.ana, 'joint', fileId)).status).toBe(404);
    // Nor can the other side attach into the Claimant thread.
    expect((await upload(f.tok.tom, claimant, 'probe.pdf', PDF)).status).toBe(404);
    expect((await upload(f.tok.ana, 'notes', 'probe.pdf', PDF)).status).toBe(404);
    expect(sqliteRows(app, 'SELECT COUNT(*) AS n FROM case_message_files WHERE filename = ?', 'probe.pdf')).toEqual([{ n: 0 }]);
  });

  it('wrong types and files over the limit are refused with typed errors; nothing is stored', async () => {
    const [files, messages] = [filesStored(), messagesStored()];
    const refusedType: Array<[string, Buffer]> = [
      ['page.pdf', Buffer.from('<html><script>alert(1)</script></html>')],
      ['tool.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)])], // a Windows program's header
      ['archive.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4])],
      ['nul.txt', Buffer.from([0x61, 0x00, 0x62])],
      ['empty.txt', Buffer.alloc(0)],
    ];
    for (const [name, data] of refusedType) {
      const r = await upload(f.tok.ana, claimant, name, data);
      expect(r.status, name).toBe(400);
      expect(r.body.error.code).toBe('BAD_REQUEST');
      expect(r.body.error.message).toMatch(/Only these files can be attached: PDF, PNG image, JPEG image, Word document, Plain text\./);
    }
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MESSAGE_FILE_MAX_BYTES, 0x20)]);
    const tooBig = await upload(f.tok.ana, claimant, 'big.pdf', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'A file can be at most 5 MB.' });
    for (const name of ['', 'a/b.pdf', 'x'.repeat(201)]) expect((await upload(f.tok.ana, claimant, name, PDF)).status, name).toBe(400);
    expect(filesStored()).toEqual(files);
    expect(messagesStored()).toEqual(messages);
  });

  it('the email notice names neither the file nor its content', async () => {
    const start = Date.now();
    while (!smtp.received.some((m) => m.mail.subject?.startsWith('New message')) && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    const notices = smtp.received.filter((m) => m.mail.subject?.startsWith('New message'));
    expect(notices.map((m) => m.to[0]).sort()).toEqual(['lee@lawfirm.test', 'maria@calmwaters.test']);
    const all = JSON.stringify(smtp.received.map((m) => [m.mail.subject, m.text, m.mail.attachments.map((a) => a.filename)]));
    expect(all).not.toContain('canary-claimant');
  });
});
