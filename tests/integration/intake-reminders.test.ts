/**
 * Reminder emails before a scheduled case session: when the invitations are emailed, durable jobs
 * are scheduled 24 hours and 1 hour before each person's own time to join (Tom's staggered
 * arrival, the start for the others). Over a real loopback SMTP server, on a controlled clock
 * (`runDueJobs`), with a restart between scheduling and firing: each reminder arrives once, with
 * the person's own working link and "Please join at"; a withdrawn link and an ended session get none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../server/src/jobs/scheduler.js';
import { stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { endSession, waitForMail, type Mail, startMailedServer, stopMailedServer, startServerMailingTo, type Smtp } from './followup-helpers.js';
import { mediatorCall, pixelforgeCase } from './intake-helpers.js';
import { OWNER, PracticeClient, daysAhead, setUpOwner } from './practice-client.js';

const HOUR = 3600_000;
let smtp: Smtp;
let app: TestServer;
let maria: PracticeClient;
let caseId = '';
let sessionId = '';
let mediatorToken = '';
let personId: Record<string, string> = {};
const token: Record<string, string> = {};
const pid: Record<string, string> = {};
const startsAt = daysAhead(3, 12, 0);
const tomArrives = startsAt + 90 * 60_000;

// Only the session reminders (after the end, the survey and follow-up send reminders of their own).
const reminders = (): Mail[] => smtp.received.filter((m) => /^Reminder: .+ (tomorrow|in one hour) – /.test(m.mail.subject ?? ''));
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

beforeAll(async () => {
  ({ smtp, app } = await startMailedServer());
  maria = await setUpOwner(app.url);
  ({ caseId, personId } = await pixelforgeCase(maria));
  const s = (await maria.post(`/cases/${caseId}/sessions`, { startsAt, durationMinutes: 240 })).body.sessions[0];
  sessionId = s.sessionId;
  mediatorToken = tokenOf(s.mediatorLink);
  for (const i of s.invitees) {
    token[i.name] = tokenOf(i.link);
    pid[i.name] = i.participantId;
  }
  const plan = await mediatorCall(maria, 'PUT', `/cases/${caseId}/sessions/${sessionId}/plan`, { arrivals: { [personId['Tom Brennan']!]: tomArrives } });
  expect(plan.status).toBe(200);
});
afterAll(() => stopMailedServer(app, smtp));

describe('reminder emails before the session', () => {
  it('emailing the invitations (twice) schedules one reminder per person and kind; nothing is sent before its time', async () => {
    for (let i = 0; i < 2; i++) expect((await maria.post(`/cases/${caseId}/sessions/${sessionId}/invitations`, {})).status).toBe(200);
    // Ana, Jordan and Tom have email addresses (Ines has none): two reminders each.
    const jobs = (await app.ctx.stores.followup.jobs.pending()).filter((j) => j.kind === 'practice.sessionReminder');
    expect(jobs).toHaveLength(6);
    expect(jobs.filter((j) => j.payload.personId === personId['Tom Brennan']).map((j) => j.runAt).sort()).toEqual([tomArrives - 24 * HOUR, tomArrives - HOUR]);
    expect(await runDueJobs(app.ctx, startsAt - 24 * HOUR - 1)).toBe(0);
    expect(reminders()).toEqual([]);
  });

  it('after a restart, the 24-hour reminders arrive once each at their time, with the person\'s own link and when to join; a withdrawn link gets none', async () => {
    // Jordan's link is withdrawn after the invitations went out.
    await app.ctx.revokeParticipant(sessionId, pid['Jordan Lee']!, { id: 'mediator', name: 'Maria Mediator' });
    await stopTestServer(app, { keepData: true });
    app = await startServerMailingTo(smtp, { dataDir: app.dataDir });
    maria = new PracticeClient(app.url);
    expect((await maria.post('/sign-in', { email: OWNER.email, password: OWNER.password })).status).toBe(200);

    const before = smtp.received.length;
    await runDueJobs(app.ctx, startsAt - 24 * HOUR);
    await runDueJobs(app.ctx, startsAt - 24 * HOUR);
    await waitForMail(smtp.received, before + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(reminders().map((m) => m.to)).toEqual([['ana@pixelforge.test']]);
    const ana = reminders()[0]!;
    expect(ana.mail.subject).toMatch(/^Reminder: .+ tomorrow – PixelForge Studio v\. Harbor Bakery/);
    expect(ana.text).toContain(`Please join at ${new Date(startsAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}, ${hhmm(startsAt)} UTC`);
    // Her own link, and it works.
    const link = ana.text.match(/https?:\/\/\S+\/join#t=\S+/)![0];
    expect(tokenOf(link)).toBe(token['Ana Diaz']);
    const r = await fetch(`${app.url}/api/intake/sessions/${sessionId}/plan`, { headers: { authorization: `Bearer ${tokenOf(link)}`, origin: app.url } });
    expect(r.status).toBe(200);
    expect(ana.text).not.toContain(token['Tom Brennan']!);

    // Tom's arrival is later (staggered start): his day-ahead reminder comes at his own time.
    await runDueJobs(app.ctx, tomArrives - 24 * HOUR);
    await waitForMail(smtp.received, before + 2);
    const tom = reminders().at(-1)!;
    expect(tom.to).toEqual(['tom@harborbakery.test']);
    expect(tom.text).toMatch(new RegExp(`Please join at [^\\n]*, ${hhmm(tomArrives)} UTC`));
    expect(tokenOf(tom.text.match(/https?:\/\/\S+\/join#t=\S+/)![0])).toBe(token['Tom Brennan']);
    expect(reminders().some((m) => m.to.includes('lee@lawfirm.test'))).toBe(false);
    expect(await runDueJobs(app.ctx, tomArrives - 24 * HOUR)).toBe(0);
  });

  it('the one-hour reminders arrive once; a later arrival moves Tom\'s reminder to his new time', async () => {
    const before = reminders().length;
    await runDueJobs(app.ctx, startsAt - HOUR);
    await new Promise((r) => setTimeout(r, 200));
    expect(reminders().slice(before).map((m) => [m.to, m.mail.subject?.includes('in one hour')])).toEqual([[['ana@pixelforge.test'], true]]);

    // The mediator moves Tom's arrival 30 minutes later: at the old moment nothing is sent …
    const tomLater = tomArrives + 30 * 60_000;
    expect((await mediatorCall(maria, 'PUT', `/cases/${caseId}/sessions/${sessionId}/plan`, { arrivals: { [personId['Tom Brennan']!]: tomLater } })).status).toBe(200);
    await runDueJobs(app.ctx, tomArrives - HOUR);
    await new Promise((r) => setTimeout(r, 200));
    expect(reminders().length).toBe(before + 1);
    // … and at the new one he is reminded, once, of the new time.
    await runDueJobs(app.ctx, tomLater - HOUR);
    await runDueJobs(app.ctx, tomLater - HOUR);
    await waitForMail(smtp.received, smtp.received.length, 1000);
    await new Promise((r) => setTimeout(r, 200));
    expect(reminders().slice(before + 1).map((m) => m.to)).toEqual([['tom@harborbakery.test']]);
    expect(reminders().at(-1)!.text).toMatch(new RegExp(`Please join at [^\\n]*, ${hhmm(tomLater)} UTC`));
  });

  it('after the session has ended, a reminder that comes due sends nothing', async () => {
    // Ana is given a later arrival and her invitation is re-sent: a new one-hour reminder is scheduled.
    const anaLater = startsAt + 2 * HOUR;
    expect((await mediatorCall(maria, 'PUT', `/cases/${caseId}/sessions/${sessionId}/plan`, { arrivals: { [personId['Ana Diaz']!]: anaLater, [personId['Tom Brennan']!]: tomArrives + 30 * 60_000 } })).status).toBe(200);
    expect((await maria.post(`/cases/${caseId}/sessions/${sessionId}/invitations`, { people: [personId['Ana Diaz']] })).status).toBe(200);
    const key = `practice.sessionReminder:${sessionId}:${personId['Ana Diaz']}:hour:${anaLater}`;
    expect(await app.ctx.stores.followup.jobs.get(key)).toMatchObject({ runAt: anaLater - HOUR, doneAt: null });

    await endSession(app, mediatorToken);
    const after = reminders().length;
    await runDueJobs(app.ctx, anaLater - HOUR);
    await new Promise((r) => setTimeout(r, 300));
    expect(reminders().length).toBe(after);
    // The job ran (done, no error) and decided to send nothing.
    expect(await app.ctx.stores.followup.jobs.get(key)).toMatchObject({ doneAt: expect.any(Number), lastError: null, attempts: 1 });
  });
});
