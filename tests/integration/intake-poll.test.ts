/**
 * The scheduling poll: the mediator proposes times, each person answers in their intake form
 * (answers to times not proposed are dropped), the intake view tallies them and marks a time that
 * runs past someone's hard stop; the chosen time becomes the case's session (the practice's own
 * route, with its invitations and .ics).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { PracticeClient, daysAhead, setUpOwner } from './practice-client.js';
import { linkCall, mediatorCall, pixelforgeCase, secretOf } from './intake-helpers.js';

let app: TestServer;
let maria: PracticeClient;
let caseId = '';
const link: Record<string, string> = {};
const morning = daysAhead(10, 8, 0);
const afternoon = daysAhead(10, 13, 0);

beforeAll(async () => {
  app = await startTestServer();
  maria = await setUpOwner(app.url);
  ({ caseId } = await pixelforgeCase(maria));
  const r = await mediatorCall(maria, 'PUT', `/cases/${caseId}/settings`, { questions: [], screening: false, poll: [
    { id: 'opt_morning', startsAt: morning, durationMinutes: 180 },
    { id: 'opt_afternoon', startsAt: afternoon, durationMinutes: 240 },
  ] });
  expect(r.status).toBe(200);
  for (const l of (await mediatorCall(maria, 'POST', `/cases/${caseId}/links`, { email: false })).body.links) link[l.name] = secretOf(l.link);
});
afterAll(async () => {
  await stopTestServer(app);
});

describe('scheduling poll', () => {
  it('people answer in their form; the view tallies and marks the time past Tom\'s hard stop', async () => {
    const form = await linkCall(app.url, link['Ana Diaz']!, 'GET', '/form');
    expect(form.body.poll.map((o: { id: string }) => o.id)).toEqual(['opt_morning', 'opt_afternoon']);
    await linkCall(app.url, link['Ana Diaz']!, 'PUT', '/form', { answers: { poll: { opt_morning: 'yes', opt_afternoon: 'yes', opt_unknown: 'yes' } } });
    await linkCall(app.url, link['Tom Brennan']!, 'PUT', '/form', { answers: { poll: { opt_morning: 'yes', opt_afternoon: 'no' }, hardStop: { time: '15:00', timeZone: 'UTC' } } });
    expect((await linkCall(app.url, link['Ana Diaz']!, 'GET', '/form')).body.answers.poll).toEqual({ opt_morning: 'yes', opt_afternoon: 'yes' });
    const v = (await mediatorCall(maria, 'GET', `/cases/${caseId}`)).body;
    expect(v.poll.map((o: { id: string; yes: string[]; no: string[]; pastHardStop: string[] }) => [o.id, o.yes, o.no, o.pastHardStop])).toEqual([
      ['opt_morning', ['Ana Diaz', 'Tom Brennan'], [], []],
      ['opt_afternoon', ['Ana Diaz'], ['Tom Brennan'], ['Tom Brennan']],
    ]);
    // Bad options are refused and nothing stored.
    expect((await mediatorCall(maria, 'PUT', `/cases/${caseId}/settings`, { questions: [], screening: false, poll: [{ id: 'x', startsAt: morning, durationMinutes: 5 }] })).status).toBe(400);
    expect((await mediatorCall(maria, 'GET', `/cases/${caseId}`)).body.poll).toHaveLength(2);
  });

  it('the chosen time becomes the case session', async () => {
    const made = await maria.post(`/cases/${caseId}/sessions`, { kind: 'main', startsAt: morning, durationMinutes: 180 });
    expect(made.status).toBe(201);
    expect(made.body.sessions[0]).toMatchObject({ startsAt: morning, durationMinutes: 180, kind: 'main' });
  });

  it('pre-mediation call notes: mediator-only, kept as text, tied to a session of the case; nothing reaches an intake link; not signed in is refused', async () => {
    const call = await maria.post(`/cases/${caseId}/sessions`, { kind: 'pre-mediation', durationMinutes: 30, people: [] });
    const pre = call.body.sessions.find((x: { kind: string }) => x.kind === 'pre-mediation').sessionId;
    const r = await mediatorCall(maria, 'POST', `/cases/${caseId}/notes`, { sessionId: pre, text: 'CANARY-note <b>Ana</b> worries about costs' });
    expect(r.status).toBe(201);
    expect(r.body.notes).toEqual([expect.objectContaining({ sessionId: pre, authorName: 'Maria Mediator', text: 'CANARY-note <b>Ana</b> worries about costs' })]);
    expect((await mediatorCall(maria, 'POST', `/cases/${caseId}/notes`, { sessionId: 'not_this_case', text: 'x' })).status).toBe(404);
    expect((await mediatorCall(maria, 'POST', `/cases/${caseId}/notes`, { text: '   ' })).status).toBe(400);
    for (const who of ['Ana Diaz', 'Tom Brennan', 'Jordan Lee']) {
      for (const path of ['/form', `/cases/${caseId}/notes`]) expect((await linkCall(app.url, link[who]!, 'GET', path)).raw.toString()).not.toContain('CANARY-note');
    }
    expect((await mediatorCall(new PracticeClient(app.url), 'GET', `/cases/${caseId}/notes`)).status).toBe(401);
  });
});
