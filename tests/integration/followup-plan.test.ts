/**
 * The follow-up plan, end to end on a real server and a real loopback SMTP server: the mediator
 * builds it at the closing stage, people confirm their email, and at the end each person gets
 * (on the page and by email) only the items that concern them, never the other side's; the
 * firm follow-up date becomes a follow-up session in the case with each person's own link.
 * Reminders and check-ins run from durable jobs with a controlled clock, across a restart,
 * exactly once. Bad input is refused with typed errors and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowupBoard, PlanView } from '@mediation/shared';
import { stopTestServer, type TestServer } from '../helpers/server.js';
import { sqliteRows } from '../helpers/sqlite.js';
import { runDueJobs } from '../../server/src/jobs/scheduler.js';
import { api, caseWithSession, dayAhead, endSession, mailTo, waitForMail, type CaseSessionFixture, startMailedServer, stopMailedServer, startServerMailingTo, type Smtp } from './followup-helpers.js';
import { PIXELFORGE, daysAhead, setUpOwner } from './practice-client.js';

/** Only the Respondent side may ever read this. */
const RESPONDENT_CANARY = 'canary-respondent-7f3a: pay 1,200 from the reserve account';
const CLAIMANT_CANARY = 'canary-claimant-91bc: withdraw the review';

let smtp: Smtp;
let app: TestServer;
let f: CaseSessionFixture;
const followUpAt = daysAhead(30, 14, 0);

beforeAll(async () => {
  ({ smtp, app } = await startMailedServer());
  f = await caseWithSession(await setUpOwner(app.url));
});

afterAll(() => stopMailedServer(app, smtp));

const plan = (token: string) => api<PlanView>(app, 'GET', `/api/sessions/${f.sessionId}/followup`, token);
const itemsOf = (v: PlanView) => v.items.map((i) => i.what);
const planMails = () => smtp.received.filter((m) => m.mail.subject?.startsWith('Your follow-up plan'));

function planBody() {
  return {
    items: [
      { what: RESPONDENT_CANARY, owner: { kind: 'side', side: 'Respondent' }, due: dayAhead(10), clause: 'Clause 2, payment' },
      { what: CLAIMANT_CANARY, owner: { kind: 'person', participantId: f.pid.ana }, due: dayAhead(5), clause: '' },
      { what: 'Exchange the receipts', owner: { kind: 'everyone' }, due: dayAhead(12) },
    ],
    discovery: 'Gather the bank statements for March.',
    followUp: { startsAt: followUpAt, durationMinutes: 60, purpose: 'Check the payments' },
  };
}

describe('follow-up plan at the closing stage', () => {
  it('refuses bad plans with typed errors and stores nothing', async () => {
    const put = (token: string, body: unknown) => api(app, 'PUT', `/api/sessions/${f.sessionId}/followup`, token, body);
    expect(await put(f.tok.ana, planBody())).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const bad: Array<[unknown, RegExp]> = [
      [{ ...planBody(), items: [{ what: 'x', owner: { kind: 'side', side: 'Insurer' }, due: dayAhead(3) }] }, /nobody in this session is on the “Insurer” side/],
      [{ ...planBody(), items: [{ what: 'x', owner: { kind: 'person', participantId: 'nobody_here' }, due: dayAhead(3) }] }, /not in this session/],
      [{ ...planBody(), items: [{ what: 'x', owner: { kind: 'everyone' }, due: dayAhead(-2) }] }, /in the past/],
      [{ ...planBody(), items: [{ what: 'x', owner: { kind: 'everyone' }, due: '15 March' }] }, /./],
      [{ ...planBody(), items: [{ what: 'a\u202Eb', owner: { kind: 'everyone' }, due: dayAhead(3) }] }, /invisible or control character/],
      [{ ...planBody(), followUp: { startsAt: Date.now() - 1000, durationMinutes: 60 } }, /at least an hour from now/],
      [{ ...planBody(), followUp: { startsAt: Date.now() + 95 * 86_400_000, durationMinutes: 60 } }, /at most 89 days ahead/],
      [{ ...planBody(), surprise: true }, /./],
    ];
    for (const [body, message] of bad) {
      const r = await put(f.mediator, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('BAD_REQUEST');
      expect(r.body.error.message).toMatch(message);
    }
    expect(sqliteRows(app, 'SELECT * FROM followup_items')).toEqual([]);
    expect(sqliteRows(app, 'SELECT * FROM followup_plans')).toEqual([]);
    // Email confirmation: typed refusal, nothing stored.
    expect((await api(app, 'POST', `/api/sessions/${f.sessionId}/followup/email`, f.tok.ana, { email: 'not an address' })).status).toBe(400);
    expect((await api(app, 'POST', `/api/sessions/${f.sessionId}/followup/email`, f.mediator, { email: 'm@x.test' })).status).toBe(403);
    expect(sqliteRows(app, 'SELECT * FROM followup_emails')).toEqual([]);
  });

  it('each person reads only the items that concern them; everyone confirms their email', async () => {
    const saved = await api<PlanView>(app, 'PUT', `/api/sessions/${f.sessionId}/followup`, f.mediator, planBody());
    expect(saved.status).toBe(200);
    expect(saved.body.items.map((i) => [i.what, i.ownerLabel])).toEqual([
      [RESPONDENT_CANARY, 'Respondent side'], [CLAIMANT_CANARY, 'Ana Diaz'], ['Exchange the receipts', 'Everyone'],
    ]);
    // The case's emails are proposed; nobody has confirmed yet; Ines has none.
    expect(saved.body.people.map((p) => [p.name, p.email, p.confirmed])).toEqual([
      ['Ana Diaz', 'ana@pixelforge.test', false], ['Jordan Lee', 'lee@lawfirm.test', false], ['Tom Brennan', 'tom@harborbakery.test', false], ['Ines Moreau', null, false],
    ]);

    expect(itemsOf((await plan(f.tok.ana)).body)).toEqual([CLAIMANT_CANARY, 'Exchange the receipts']);
    expect(itemsOf((await plan(f.tok.lee)).body)).toEqual(['Exchange the receipts']);
    expect(itemsOf((await plan(f.tok.tom)).body)).toEqual([RESPONDENT_CANARY, 'Exchange the receipts']);
    expect(itemsOf((await plan(f.tok.ines)).body)).toEqual([RESPONDENT_CANARY, 'Exchange the receipts']);
    for (const t of [f.tok.ana, f.tok.lee, f.tok.tom]) expect((await plan(t)).body.people).toEqual([]);

    const confirmed = await api<PlanView>(app, 'POST', `/api/sessions/${f.sessionId}/followup/email`, f.tok.ana, { email: ' Ana.Diaz@PixelForge.test ' });
    expect(confirmed.body.me).toEqual({ email: 'ana.diaz@pixelforge.test', confirmed: true });
    await api(app, 'POST', `/api/sessions/${f.sessionId}/followup/email`, f.tok.tom, { email: 'tom@harborbakery.test' });
    await api(app, 'POST', `/api/sessions/${f.sessionId}/followup/email`, f.tok.ines, { email: 'ines@translate.test' });
  });

  it('at the end: a follow-up session in the case, and each person gets their part of the plan by email, never the other side’s', async () => {
    await endSession(app, f.mediator);
    // Ana (confirmed address), Lee (the case's), Tom, Ines (confirmed in the room). (Survey emails
    // go out at the end too: survey-anonymity.test.ts; here only the plan's are looked at.)
    await waitForMail(smtp.received, 8);
    await new Promise((r) => setTimeout(r, 200));
    expect(planMails().map((m) => m.to[0]).sort()).toEqual(['ana.diaz@pixelforge.test', 'ines@translate.test', 'lee@lawfirm.test', 'tom@harborbakery.test']);

    const ana = mailTo(planMails(), 'ana.diaz@pixelforge.test')[0]!;
    expect(ana.mail.subject).toMatch(/^Your follow-up plan – /);
    expect(ana.text).toContain(CLAIMANT_CANARY);
    expect(ana.text).toContain('Exchange the receipts');
    expect(ana.text).toContain('Gather the bank statements for March.');
    expect(ana.text).not.toContain(RESPONDENT_CANARY);
    expect(ana.text).toMatch(/\/checkin#k=[A-Za-z0-9_-]{43}/);
    for (const m of planMails().filter((x) => !['tom@harborbakery.test', 'ines@translate.test'].includes(x.to[0]!))) expect(m.text).not.toContain(RESPONDENT_CANARY);
    for (const m of planMails().filter((x) => x.to[0] !== 'ana.diaz@pixelforge.test')) expect(m.text).not.toContain(CLAIMANT_CANARY);
    expect(mailTo(planMails(), 'tom@harborbakery.test')[0]!.text).toContain(RESPONDENT_CANARY);

    // The follow-up session: Ana's own new link, which opens her invite to it, and a calendar invite.
    const link = ana.text.match(/https?:\/\/\S+\/join#t=\S+/)![0];
    const invite = await api(app, 'GET', '/api/invite', new URL(link).hash.slice(3));
    expect(invite.status).toBe(200);
    expect(invite.body).toMatchObject({ displayName: 'Ana Diaz', role: 'party', side: 'Claimant', title: `Follow-up: ${PIXELFORGE.title}`.slice(0, 120) });
    expect(invite.body.sessionId).not.toBe(f.sessionId);
    const ics = [...ana.mail.attachments].find((a) => a.contentType.startsWith('text/calendar') || a.filename?.endsWith('.ics'));
    expect(ics?.content.toString('utf8')).toContain(`DTSTART:${new Date(followUpAt).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`);
    // Every link differs: Tom's email has no token of Ana's.
    expect(mailTo(planMails(), 'tom@harborbakery.test')[0]!.text).not.toContain(new URL(link).hash.slice(3));

    // After the end: the plan is still readable with one's link, nothing is writable.
    expect(itemsOf((await plan(f.tok.ana)).body)).toEqual([CLAIMANT_CANARY, 'Exchange the receipts']);
    expect((await plan(f.tok.ana)).body.followUpScheduled).toBe(true);
    expect((await api(app, 'PUT', `/api/sessions/${f.sessionId}/followup`, f.mediator, planBody())).status).toBe(410);
    expect((await api(app, 'POST', `/api/sessions/${f.sessionId}/followup/email`, f.tok.lee, { email: 'x@y.test' })).status).toBe(410);
  });

  it('a second run of the end-of-session job sends nothing again', async () => {
    const before = smtp.received.length;
    expect(await runDueJobs(app.ctx, Date.now())).toBe(0);
    expect(smtp.received.length).toBe(before);
    const sessions = sqliteRows(app, "SELECT session_id FROM case_sessions WHERE kind = 'follow-up'");
    expect(sessions).toHaveLength(1);
  });

  it('reminders and check-ins fire once at their time, also after a restart between scheduling and firing', async () => {
    const anaItem = (await plan(f.tok.ana)).body.items[0]!;
    const reminderAt = Date.parse(`${anaItem.due}T09:00:00Z`) - 3 * 86_400_000;
    const before = smtp.received.length;
    expect(await runDueJobs(app.ctx, reminderAt - 1)).toBe(0);

    // Restart on the same data: the jobs are in the database, not in memory.
    await stopTestServer(app, { keepData: true });
    app = await startServerMailingTo(smtp, { dataDir: app.dataDir });
    expect(await runDueJobs(app.ctx, reminderAt)).toBe(1);
    expect(await runDueJobs(app.ctx, reminderAt)).toBe(0);
    await waitForMail(smtp.received, before + 1);
    const reminder = smtp.received.at(-1)!;
    expect(reminder.to).toEqual(['ana.diaz@pixelforge.test']);
    expect(reminder.mail.subject).toBe(`Reminder: ${CLAIMANT_CANARY}`);

    // Ana checks in from the reminder's link: she needs help.
    const key = reminder.text.match(/\/checkin#k=([A-Za-z0-9_-]+)/)![1]!;
    const opened = await api(app, 'POST', '/api/followup/checkin/open', null, { key });
    expect(opened.body).toMatchObject({ item: { what: CLAIMANT_CANARY, status: 'open' } });
    expect((await api(app, 'POST', '/api/followup/checkin', null, { key, status: 'maybe' })).status).toBe(400);
    expect((await api(app, 'POST', '/api/followup/checkin', null, { key: 'x'.repeat(43), status: 'done' })).status).toBe(404);
    expect((await api(app, 'POST', '/api/followup/checkin', null, { key, status: 'needs-help', note: 'The bank needs a form from Tom.' })).body)
      .toMatchObject({ item: { status: 'needs-help', note: 'The bank needs a form from Tom.' } });

    // The mediator's board (the ended session's mediator link still reads it).
    const board = await api<FollowupBoard>(app, 'GET', `/api/sessions/${f.sessionId}/followup/board`, f.mediator);
    expect(board.body.items.map((i) => [i.what, i.state])).toEqual([[RESPONDENT_CANARY, 'upcoming'], [CLAIMANT_CANARY, 'needs-help'], ['Exchange the receipts', 'upcoming']]);
    expect((await api(app, 'GET', `/api/sessions/${f.sessionId}/followup/board`, f.tok.ana)).status).toBe(403);

    // On the due date the check-in goes out (the item is not done); once, even when asked twice at
    // once. (The survey's three-day reminder is due by then too.)
    const dueAt = Date.parse(`${anaItem.due}T09:00:00Z`);
    await Promise.all([runDueJobs(app.ctx, dueAt), runDueJobs(app.ctx, dueAt)]);
    await runDueJobs(app.ctx, dueAt);
    await new Promise((r) => setTimeout(r, 300));
    const checkins = smtp.received.filter((m) => m.mail.subject === `Check-in: ${CLAIMANT_CANARY}`);
    expect(checkins.map((m) => m.to)).toEqual([['ana.diaz@pixelforge.test']]);
    expect(sqliteRows(app, "SELECT attempts FROM jobs WHERE key LIKE 'followup.itemDue:%:checkin:%' AND done_at IS NOT NULL")).toEqual([{ attempts: 1 }]);
    // Ana's check-in key does not reach Tom's item.
    expect(smtp.received.slice(before).every((m) => !m.text.includes(RESPONDENT_CANARY))).toBe(true);
  });
});
