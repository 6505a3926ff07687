/**
 * Satisfaction surveys on a real server with a real loopback SMTP server: everyone with a survey
 * gets it by email at the end (parties and counsel the client variant, the mediator a
 * self-report), answers by the emailed key or from the ended page, once; answers are stored
 * without the person, their link or the moment; the mediator sees aggregates only where at least
 * three answers exist; one reminder after three days goes only to those who have not answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyForm, SurveyReport } from '@mediation/shared';
import { type TestServer } from '../helpers/server.js';
import { sqliteRows } from '../helpers/sqlite.js';
import { runDueJobs } from '../../server/src/jobs/scheduler.js';
import { api, caseWithSession, endSession, mailTo, waitForMail, type CaseSessionFixture, startMailedServer, stopMailedServer, type Smtp } from './followup-helpers.js';
import { setUpOwner } from './practice-client.js';

let smtp: Smtp;
let app: TestServer;
let f: CaseSessionFixture;
const keyIn = (text: string) => text.match(/\/survey#k=([A-Za-z0-9_-]+)/)![1]!;
const survey = (token: string) => api<SurveyForm>(app, 'GET', `/api/sessions/${f.sessionId}/survey`, token);
const report = () => api<SurveyReport>(app, 'GET', `/api/sessions/${f.sessionId}/survey/report`, f.mediator);
const sessionCut = async () => (await report()).body.cuts.find((c) => c.label === 'This session')!;
const full = { ratings: { explained: 5, heard: 4, neutral: 5, notPressured: 3, workable: 4, satisfied: 5 }, recommend: 9, comment: 'Calm and clear.' };

beforeAll(async () => {
  ({ smtp, app } = await startMailedServer());
  f = await caseWithSession(await setUpOwner(app.url));
});

afterAll(() => stopMailedServer(app, smtp));

describe('satisfaction surveys', () => {
  it('is not open while the session is live', async () => {
    expect((await survey(f.tok.ana)).body).toMatchObject({ error: { code: 'CONFLICT' } });
    expect((await api(app, 'POST', `/api/sessions/${f.sessionId}/survey`, f.tok.ana, full)).status).toBe(409);
    expect(sqliteRows(app, 'SELECT * FROM survey_answers')).toEqual([]);
  });

  it('at the end everyone with a survey gets it by email, in their role’s variant', async () => {
    await endSession(app, f.mediator);
    await waitForMail(smtp.received, 4);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['ana@pixelforge.test', 'lee@lawfirm.test', 'maria@calmwaters.test', 'tom@harborbakery.test']);
    expect(mailTo(smtp.received, 'maria@calmwaters.test')[0]!.mail.subject).toMatch(/^Self-report – /);
    expect(mailTo(smtp.received, 'ana@pixelforge.test')[0]!.text).toMatch(/anonymous/);
    const ana = await api<SurveyForm>(app, 'POST', '/api/surveys/open', null, { key: keyIn(mailTo(smtp.received, 'ana@pixelforge.test')[0]!.text) });
    expect(ana.body).toMatchObject({ variant: 'party', asksRecommend: true, answered: false });
    expect(ana.body.items.map((i) => i.key)).toEqual(['explained', 'heard', 'neutral', 'notPressured', 'workable', 'satisfied']);
    expect((await survey(f.tok.lee)).body).toMatchObject({ variant: 'counsel' });
    expect((await survey(f.mediator)).body).toMatchObject({ variant: 'mediator', asksRecommend: false });
    expect((await survey(f.tok.ines)).status).toBe(404);
  });

  it('refuses bad answers with typed errors, storing nothing', async () => {
    const key = keyIn(mailTo(smtp.received, 'ana@pixelforge.test')[0]!.text);
    const bad: unknown[] = [
      { key, ratings: { satisfied: 6 }, recommend: 9 },
      { key, ratings: { satisfied: 5 }, recommend: 11 },
      { key, ratings: { prepared: 5 } },
      { key, ratings: {}, recommend: null, comment: '' },
      { key, ratings: { satisfied: 5 }, extra: 1 },
      { key: 'short', ratings: { satisfied: 5 } },
    ];
    for (const body of bad) expect((await api(app, 'POST', '/api/surveys/answer', null, body)).status, JSON.stringify(body)).toBe(400);
    expect((await api(app, 'POST', '/api/surveys/answer', null, { ...full, key: 'k'.repeat(43) })).status).toBe(404);
    expect((await api(app, 'POST', `/api/sessions/${f.sessionId}/survey`, f.mediator, { ratings: { prepared: 4 }, recommend: 7 })).status).toBe(400);
    expect(sqliteRows(app, 'SELECT * FROM survey_answers')).toEqual([]);
  });

  it('answers are stored once and without identity; aggregates appear only from three answers', async () => {
    const key = keyIn(mailTo(smtp.received, 'ana@pixelforge.test')[0]!.text);
    expect((await api(app, 'POST', '/api/surveys/answer', null, { key, ...full })).status).toBe(201);
    expect((await api(app, 'POST', '/api/surveys/answer', null, { key, ...full })).body).toMatchObject({ error: { code: 'CONFLICT' } });
    // Tom answers from the ended page with his own link.
    expect((await api(app, 'POST', `/api/sessions/${f.sessionId}/survey`, f.tok.tom, { ratings: { satisfied: 2, neutral: 3 }, recommend: 3, comment: '' })).status).toBe(201);
    expect((await survey(f.tok.tom)).body.answered).toBe(true);
    expect((await api(app, 'POST', `/api/sessions/${f.sessionId}/survey`, f.tok.tom, full)).status).toBe(409);
    expect(sqliteRows(app, 'SELECT * FROM survey_answers')).toHaveLength(2);

    // Two answers in a two-party case: nothing is shown that could be read back to one person.
    expect(await sessionCut()).toEqual({ label: 'This session', answers: 2, averages: null, nps: null });
    expect((await report()).body.comments).toBeNull();
    expect((await api(app, 'GET', `/api/sessions/${f.sessionId}/survey/report`, f.tok.ana)).status).toBe(403);

    // Counsel answers: three, so averages and NPS appear (only items three people answered).
    await api(app, 'POST', `/api/sessions/${f.sessionId}/survey`, f.tok.lee, { ratings: { satisfied: 4, neutral: 4, explained: 4 }, recommend: 10 });
    const cut = await sessionCut();
    expect(cut.answers).toBe(3);
    expect(cut.averages).toEqual({ satisfied: 3.7, neutral: 4 });
    // Recommend 9, 3, 10: two promoters, one detractor of three → NPS 33.
    expect(cut.nps).toBe(33);
  });

  it('nothing stored with an answer names its person, link or moment', async () => {
    const rows = sqliteRows(app, 'SELECT * FROM survey_answers');
    expect(Object.keys(rows[0]!).sort()).toEqual(['case_id', 'comment', 'dispute_type', 'month', 'practice_id', 'ratings', 'recommend', 'session_id', 'variant']);
    const everything = JSON.stringify(rows);
    for (const id of Object.values(f.pid)) expect(everything).not.toContain(id);
    for (const t of Object.values(f.tok)) expect(everything).not.toContain(t);
    for (const k of sqliteRows<{ key_hash: string }>(app, 'SELECT key_hash FROM survey_keys')) expect(everything).not.toContain(k.key_hash);
    expect(Object.keys(sqliteRows(app, 'SELECT * FROM survey_links')[0]!).sort()).toEqual(['answered', 'created_at', 'participant_id', 'session_id', 'variant']);
  });

  it('one reminder after three days, only to those who have not answered', async () => {
    const before = smtp.received.length;
    const endedAt = Date.now();
    expect(await runDueJobs(app.ctx, endedAt + 2 * 86_400_000)).toBe(0);
    expect(await runDueJobs(app.ctx, endedAt + 3 * 86_400_000 + 60_000)).toBe(1);
    expect(await runDueJobs(app.ctx, endedAt + 10 * 86_400_000)).toBe(0);
    await waitForMail(smtp.received, before + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received.slice(before).map((m) => [m.to[0], m.mail.subject])).toEqual([['maria@calmwaters.test', expect.stringMatching(/^Reminder: Self-report – /)]]);
    // The reminder's key works too.
    const key = keyIn(smtp.received.at(-1)!.text);
    expect((await api(app, 'POST', '/api/surveys/answer', null, { key, ratings: { prepared: 4, progress: 5 }, comment: 'Good prep.' })).status).toBe(201);
    expect((await report()).body.cuts.find((c) => c.label === 'Mediator self-reports, this session')).toMatchObject({ answers: 1, averages: null });
  });
});
