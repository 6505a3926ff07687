/**
 * Secure messaging between sessions, on a real server with a real loopback SMTP server: a canary
 * planted in each side's private thread and in the mediator's notes never reaches anyone outside
 * them (thread lists, reads, writes, email); the joint thread reaches everyone; emails announce a
 * new message without its content; read state is per person; bad input stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadList, MessageThreadView } from '@mediation/shared';
import { type TestServer } from '../helpers/server.js';
import { sqliteRows } from '../helpers/sqlite.js';
import { api, caseWithSession, endSession, waitForMail, type CaseSessionFixture, startMailedServer, stopMailedServer, type Smtp } from './followup-helpers.js';
import { setUpOwner } from './practice-client.js';

const CANARY = {
  claimant: 'canary-claimant-thread-5d1e: we could accept 800',
  respondent: 'canary-respondent-thread-a7c2: our ceiling is 1,100',
  notes: 'canary-notes-3b9f: Tom seems ready to settle',
};

let smtp: Smtp;
let app: TestServer;
let f: CaseSessionFixture;
const list = (token: string) => api<ThreadList>(app, 'GET', `/api/sessions/${f.sessionId}/messages`, token);
const read = (token: string, thread: string) => api<MessageThreadView>(app, 'GET', `/api/sessions/${f.sessionId}/messages/${thread}`, token);
const post = (token: string, thread: string, text: unknown) => api(app, 'POST', `/api/sessions/${f.sessionId}/messages/${thread}`, token, { text });
const threadId = async (token: string, label: RegExp) => (await list(token)).body.threads.find((t) => label.test(t.label))!.id;

beforeAll(async () => {
  ({ smtp, app } = await startMailedServer());
  f = await caseWithSession(await setUpOwner(app.url));
  // Between sessions: the main session has ended; links still open the case's messages.
  await endSession(app, f.mediator);
  await new Promise((r) => setTimeout(r, 500));
  smtp.received.length = 0;
});

afterAll(() => stopMailedServer(app, smtp));

describe('secure messaging between sessions', () => {
  it('each person sees the joint thread and their own side’s; mediators also every side and the notes', async () => {
    expect((await list(f.mediator)).body.threads.map((t) => t.label)).toEqual(['Everyone (joint)', 'Claimant side and the mediator', 'Respondent side and the mediator', 'Mediator notes (only mediators)']);
    expect((await list(f.tok.ana)).body.threads.map((t) => t.label)).toEqual(['Everyone (joint)', 'Claimant side and the mediator']);
    expect((await list(f.tok.lee)).body.threads.map((t) => t.label)).toEqual(['Everyone (joint)', 'Claimant side and the mediator']);
    expect((await list(f.tok.tom)).body.threads.map((t) => t.label)).toEqual(['Everyone (joint)', 'Respondent side and the mediator']);
    expect((await list(f.tok.ines)).body.threads.map((t) => t.label)).toEqual(['Everyone (joint)', 'Respondent side and the mediator']);
  });

  it('canaries in a side’s thread and the notes never reach anyone outside them', async () => {
    const claimant = await threadId(f.mediator, /^Claimant/);
    const respondent = await threadId(f.mediator, /^Respondent/);
    expect((await post(f.tok.ana, claimant, CANARY.claimant)).status).toBe(201);
    expect((await post(f.tok.tom, respondent, CANARY.respondent)).status).toBe(201);
    expect((await post(f.mediator, 'notes', CANARY.notes)).status).toBe(201);
    expect((await post(f.mediator, 'joint', 'Joint: next call on Monday')).status).toBe(201);

    // The other side cannot read, write in, or even tell apart the private thread from a missing one.
    for (const [token, forbidden] of [[f.tok.tom, claimant], [f.tok.ines, claimant], [f.tok.ana, respondent], [f.tok.lee, respondent], [f.tok.ana, 'notes'], [f.tok.tom, 'notes']] as const) {
      const r = await read(token, forbidden);
      expect(r.status).toBe(404);
      expect(r.body).toEqual((await read(token, 'side.doesnotexist1')).body);
      expect((await post(token, forbidden, 'probe')).status).toBe(404);
    }
    // Everything each person can reach, read out: the transcript has only their own canaries.
    const transcript = async (token: string) => {
      const threads = (await list(token)).body.threads;
      const bodies = await Promise.all(threads.map((t) => read(token, t.id)));
      return JSON.stringify([threads, bodies.map((b) => b.body)]);
    };
    const ana = await transcript(f.tok.ana);
    expect(ana).toContain(CANARY.claimant);
    expect(ana).toContain('Joint: next call on Monday');
    expect(ana).not.toContain(CANARY.respondent);
    expect(ana).not.toContain(CANARY.notes);
    const tom = await transcript(f.tok.tom);
    expect(tom).toContain(CANARY.respondent);
    expect(tom).not.toContain(CANARY.claimant);
    expect(tom).not.toContain(CANARY.notes);
    for (const t of [f.tok.lee]) expect(await transcript(t)).not.toMatch(/canary-(respondent|notes)/);
    for (const t of [f.tok.ines]) expect(await transcript(t)).not.toMatch(/canary-(claimant|notes)/);
    const mediator = await transcript(f.mediator);
    for (const c of Object.values(CANARY)) expect(mediator).toContain(c);
    expect(sqliteRows(app, 'SELECT * FROM case_messages WHERE text = ?', 'probe')).toEqual([]);
  });

  it('new messages are announced by email without their content, only to the thread’s readers', async () => {
    await waitForMail(smtp.received, 1);
    await new Promise((r) => setTimeout(r, 500));
    // (Survey emails from the end may still be arriving: only the message notices are looked at.)
    const notices = smtp.received.filter((m) => m.mail.subject?.startsWith('New message'));
    const all = JSON.stringify(smtp.received.map((m) => [m.mail.subject, m.text]));
    for (const c of Object.values(CANARY)) expect(all).not.toContain(c);
    expect(all).not.toContain('next call on Monday');
    const to = (label: RegExp) => notices.filter((m) => label.test(m.text)).map((m) => m.to[0]).sort();
    // Ana wrote in the Claimant thread: Lee (her side) and the mediator are told; Tom and Ines never.
    expect(to(/“Claimant side and the mediator”/)).toEqual(['lee@lawfirm.test', 'maria@calmwaters.test']);
    // Tom wrote in the Respondent thread: the mediator (Ines confirmed no email; the case has none for her).
    expect(to(/“Respondent side and the mediator”/)).toEqual(['maria@calmwaters.test']);
    expect(to(/Mediator notes/)).toEqual([]);
    expect(to(/“Everyone \(joint\)”/)).toEqual(['ana@pixelforge.test', 'lee@lawfirm.test', 'tom@harborbakery.test']);
    expect(notices.every((m) => /\/join#t=/.test(m.text))).toBe(true);
  });

  it('read state is per person; bad input is refused and stores nothing', async () => {
    // Everyone read everything above; new messages are unread for the others only.
    const claimant = await threadId(f.tok.lee, /^Claimant/);
    await post(f.tok.ana, claimant, 'Can we talk before Monday?');
    await post(f.mediator, 'joint', 'Agenda attached next week');
    expect((await list(f.tok.lee)).body.threads.map((t) => [t.label, t.unread])).toEqual([['Everyone (joint)', 1], ['Claimant side and the mediator', 1]]);
    expect((await list(f.tok.ana)).body.threads.map((t) => t.unread)).toEqual([1, 0]);
    expect((await list(f.tok.tom)).body.threads.map((t) => t.unread)).toEqual([1, 0]);
    const thread = await read(f.tok.lee, claimant);
    expect(thread.body.messages.map((m) => [m.authorName, m.text, m.mine])).toEqual([['Ana Diaz', CANARY.claimant, false], ['Ana Diaz', 'Can we talk before Monday?', false]]);
    expect((await list(f.tok.lee)).body.threads.map((t) => t.unread)).toEqual([1, 0]);
    expect((await read(f.tok.ana, claimant)).body.messages.map((m) => m.mine)).toEqual([true, true]);
    const before = sqliteRows(app, 'SELECT COUNT(*) AS n FROM case_messages');
    for (const text of ['', '   ', 'x'.repeat(4001), 42, null]) expect((await post(f.tok.ana, 'joint', text)).status).toBe(400);
    expect((await api(app, 'POST', `/api/sessions/${f.sessionId}/messages/joint`, f.tok.ana, { text: 'hi', extra: 1 })).status).toBe(400);
    expect((await post(f.tok.ana, '..%2Fnotes', 'x')).status).toBe(404);
    expect((await api(app, 'GET', `/api/sessions/${f.sessionId}/messages`, 'not-a-token')).status).toBe(401);
    expect(sqliteRows(app, 'SELECT COUNT(*) AS n FROM case_messages')).toEqual(before);
  });
});
