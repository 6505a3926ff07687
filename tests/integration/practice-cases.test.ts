/**
 * Cases over real HTTP: people by side, the conflict check against earlier cases and its
 * decision in the history, another practice's case refused without leaking anything, bad input
 * refused with nothing stored, and a case's session opening the unchanged room.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { OWNER, PIXELFORGE, PracticeClient, daysAhead, setUpOwner, utcDate } from './practice-client.js';

let app: TestServer;
let maria: PracticeClient;
let other: PracticeClient;

beforeAll(async () => {
  app = await startTestServer();
  maria = await setUpOwner(app.url);
  // A second practice on the same install (a hosted set-up), seeded through the store interface
  // with the same password hash, since set-up only ever creates the first one.
  const accounts = app.ctx.stores.practice.accounts;
  const hash = (await accounts.getMediatorByEmail(OWNER.email))!.passwordHash;
  await accounts.createPractice({ id: 'practice_other', name: 'Elsewhere ADR', createdAt: Date.now() },
    { id: 'mediator_olga', practiceId: 'practice_other', name: 'Olga Other', email: 'olga@elsewhere.test', role: 'owner', passwordHash: hash, createdAt: Date.now() });
  other = new PracticeClient(app.url);
  expect((await other.post('/sign-in', { email: 'olga@elsewhere.test', password: OWNER.password })).status).toBe(200);
});
afterAll(async () => {
  await stopTestServer(app);
});

describe('practice cases', () => {
  let firstCaseId = '';

  it('creates a case with people by side; with no earlier cases the conflict check is clear and the case moves to intake', async () => {
    const r = await maria.post('/cases', PIXELFORGE);
    expect(r.status).toBe(201);
    firstCaseId = r.body.case.id;
    expect(r.body.case).toMatchObject({ title: PIXELFORGE.title, disputeType: 'client-service / fee', stage: 'intake', people: 4, conflictPending: false });
    expect(r.body.people.map((p: { name: string; role: string; side: string | null }) => [p.name, p.role, p.side])).toEqual([
      ['Ana Diaz', 'party', 'Claimant'], ['Jordan Lee', 'counsel', 'Claimant'], ['Tom Brennan', 'party', 'Respondent'], ['Ines Moreau', 'interpreter', 'Respondent'],
    ]);
    expect(r.body.conflictChecks).toEqual([expect.objectContaining({ reason: 'created', matches: [], decision: 'clear' })]);
    expect(r.body.history.map((h: { kind: string }) => h.kind)).toEqual(['case.created', 'conflict.checked']);
    const list = (await maria.get('/cases')).body.cases;
    expect(list).toEqual([expect.objectContaining({ id: firstCaseId, stage: 'intake' })]);
  });

  it('a later case sharing a name and an organisation shows the matches; a session waits for the decision; the decision goes into the history', async () => {
    const r = await maria.post('/cases', {
      title: 'Harbor Bakery v. Flour Supply Co', disputeType: 'supply contract',
      people: [
        { name: 'TOM  brennan', role: 'party', side: 'Claimant', organisation: 'Harbor Bakery LLC' },
        { name: 'Fiona Flour', role: 'party', side: 'Respondent', organisation: 'Flour Supply Co' },
      ],
    });
    expect(r.status).toBe(201);
    const id = r.body.case.id;
    expect(r.body.case).toMatchObject({ stage: 'conflict-check', conflictPending: true });
    const [check] = r.body.conflictChecks;
    expect(check.decision).toBeNull();
    expect(check.matches).toEqual(expect.arrayContaining([
      expect.objectContaining({ caseId: firstCaseId, caseTitle: PIXELFORGE.title, field: 'name', ours: 'TOM  brennan', theirs: 'Tom Brennan', theirRole: 'party', theirSide: 'Respondent' }),
      expect.objectContaining({ caseId: firstCaseId, field: 'organisation', ours: 'Harbor Bakery LLC', theirs: 'Harbor Bakery, LLC' }),
    ]));
    expect(r.body.history.at(-1).text).toMatch(/2 matches/);

    const early = await maria.post(`/cases/${id}/sessions`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/conflict check/);

    const decided = await maria.post(`/cases/${id}/conflict-checks/${check.id}/decision`, { decision: 'waived', note: 'Disclosed the earlier case to both sides; both waived in writing.' });
    expect(decided.status).toBe(200);
    expect(decided.body.case).toMatchObject({ stage: 'intake', conflictPending: false });
    expect(decided.body.conflictChecks[0]).toMatchObject({ decision: 'waived', decidedBy: 'Maria Mediator' });
    expect(decided.body.history.map((h: { text: string }) => h.text)).toEqual(expect.arrayContaining([
      'Conflict check decision: Disclosed and waived (Disclosed the earlier case to both sides; both waived in writing.).',
      'Moved the case from Conflict check to Intake.',
    ]));
    // Decided once: a second decision is refused and the first stands.
    const twice = await maria.post(`/cases/${id}/conflict-checks/${check.id}/decision`, { decision: 'declined' });
    expect(twice.status).toBe(409);
    expect((await maria.get(`/cases/${id}`)).body.conflictChecks[0].decision).toBe('waived');
  });

  it('adding people runs the check again; declining moves the case to declined and it gets no sessions', async () => {
    const r = await maria.post('/cases', { title: 'Quiet Street noise', disputeType: 'neighbours', people: [{ name: 'Nora Neighbour', role: 'party', side: 'Claimant' }] });
    const id = r.body.case.id;
    const added = await maria.post(`/cases/${id}/people`, { people: [{ name: 'Ana Díaz', role: 'support', side: 'Claimant', email: 'ana2@x.test' }] });
    expect(added.status).toBe(201);
    const check = added.body.conflictChecks.at(-1);
    expect(check).toMatchObject({ reason: 'people-added', decision: null });
    expect(check.matches[0]).toMatchObject({ ours: 'Ana Díaz', theirs: 'Ana Diaz', caseId: firstCaseId });
    const declined = await maria.post(`/cases/${id}/conflict-checks/${check.id}/decision`, { decision: 'declined', note: 'Acted for Ana Diaz before.' });
    expect(declined.body.case.stage).toBe('declined');
    expect((await maria.post(`/cases/${id}/sessions`, {})).status).toBe(409);
    expect((await maria.get(`/cases/${id}`)).body.sessions).toEqual([]);
  });

  it('another practice’s case is answered exactly like an unknown one, and nothing of it leaks', async () => {
    const foreign = await other.get(`/cases/${firstCaseId}`);
    const unknown = await other.get('/cases/unknown_case_1');
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect(JSON.stringify(foreign.body)).not.toMatch(/PixelForge|Ana|Brennan/);
    for (const [method, path, body] of [
      ['PATCH', `/cases/${firstCaseId}`, { stage: 'closed' }],
      ['POST', `/cases/${firstCaseId}/people`, { people: [{ name: 'Intruder', role: 'party', side: 'Claimant' }] }],
      ['POST', `/cases/${firstCaseId}/sessions`, {}],
    ] as const) {
      const r = await other.call(method, path, body);
      expect(r.status).toBe(404);
      expect(r.body).toEqual(unknown.body);
    }
    expect((await other.get('/cases')).body.cases).toEqual([]);
    // Olga's own case is checked against her practice only: no match with Maria's Ana Diaz.
    const own = await other.post('/cases', { title: 'Diaz matter', disputeType: 'fee', people: [{ name: 'Ana Diaz', role: 'party', side: 'Claimant' }] });
    expect(own.body.conflictChecks[0].matches).toEqual([]);
    expect(JSON.stringify(own.body)).not.toMatch(/PixelForge/);
    const mine = await maria.get(`/cases/${firstCaseId}`);
    expect(mine.body.case.stage).toBe('intake');
    expect(mine.body.people).toHaveLength(4);
    expect((await maria.get('/cases')).body.cases.map((c: { title: string }) => c.title)).not.toContain('Diaz matter');
    // Not signed in at all: 401.
    expect((await new PracticeClient(app.url).get(`/cases/${firstCaseId}`)).status).toBe(401);
  });

  it('HTML and script in text fields are stored and returned as the text that was typed', async () => {
    const title = '<script>alert("x")</script> & <b>Bold</b> v. "Quotes"';
    const r = await maria.post('/cases', { title, disputeType: '<img src=x onerror=alert(1)>', people: [{ name: '<i>Eve</i> O\'Neil', role: 'party', side: 'Claimant', organisation: '<a href="javascript:x">Org</a>' }] });
    expect(r.status).toBe(201);
    const again = await maria.get(`/cases/${r.body.case.id}`);
    expect(again.body.case.title).toBe(title);
    expect(again.body.case.disputeType).toBe('<img src=x onerror=alert(1)>');
    expect(again.body.people[0]).toMatchObject({ name: '<i>Eve</i> O\'Neil', organisation: '<a href="javascript:x">Org</a>' });
    const raw = await fetch(`${app.url}/api/practice/cases/${r.body.case.id}`, { headers: { cookie: maria.cookie! } });
    expect(raw.headers.get('content-type')).toMatch(/^application\/json/);
    expect(raw.headers.get('cache-control')).toBe('no-store');
  });

  it('wrong types, unknown fields, bad emails and control characters get typed 400s and store nothing', async () => {
    const before = (await maria.get('/cases')).body.cases.length;
    const bad = [
      { title: 42, disputeType: 'fee' },
      { title: 'x', disputeType: 'fee', people: 'everyone' },
      { title: 'x', disputeType: 'fee', people: [{ name: 'A', role: 'judge', side: null }] },
      { title: 'x', disputeType: 'fee', people: [{ name: 'A', role: 'party', side: null, email: 'not an email' }] },
      { title: 'x', disputeType: 'fee', people: [{ name: 'A', role: 'party', side: null, phone: '<script>' }] },
      { title: 'Bidi\u202Etrick', disputeType: 'fee' },
      { title: 'x', disputeType: 'fee', owner: 'me' },
      { title: 'x'.repeat(161), disputeType: 'fee' },
    ];
    for (const body of bad) {
      const r = await maria.post('/cases', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('BAD_REQUEST');
    }
    expect((await maria.get('/cases')).body.cases).toHaveLength(before);
    const caseId = (await maria.get('/cases')).body.cases[0].id;
    const detail = (await maria.get(`/cases/${caseId}`)).body;
    expect((await maria.patch(`/cases/${caseId}`, { stage: 'archived-forever' })).status).toBe(400);
    expect((await maria.post(`/cases/${caseId}/people`, { people: [] })).status).toBe(400);
    expect((await maria.post(`/cases/${caseId}/conflict-checks/${detail.conflictChecks[0].id}/decision`, { decision: 'maybe' })).status).toBe(400);
    expect((await maria.post(`/cases/${caseId}/conflict-checks/unknown_check/decision`, { decision: 'clear' })).status).toBe(404);
    expect((await maria.post(`/cases/${caseId}/sessions`, { startsAt: 'tomorrow' })).status).toBe(400);
    expect((await maria.post(`/cases/${caseId}/sessions`, { people: ['unknown_person'] })).status).toBe(404);
    expect((await maria.get('/cases/..%2Fetc')).status).toBe(404);
    expect((await maria.get(`/cases/${caseId}`)).body).toEqual(detail);
  });

  it('a session created from the case gives every chosen person a working personal link into the unchanged room', async () => {
    const detail = (await maria.get(`/cases/${firstCaseId}`)).body;
    const ana = detail.people.find((p: { name: string }) => p.name === 'Ana Diaz');
    const tom = detail.people.find((p: { name: string }) => p.name === 'Tom Brennan');
    const tooFar = await maria.post(`/cases/${firstCaseId}/sessions`, { kind: 'main', startsAt: daysAhead(95, 9, 0) });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.message).toMatch(/at most 89 days ahead/);
    expect((await maria.post(`/cases/${firstCaseId}/sessions`, { startsAt: Date.now() - 86_400_000 })).status).toBe(400);
    expect((await maria.get(`/cases/${firstCaseId}`)).body.sessions).toEqual([]);

    const startsAt = daysAhead(40, 14, 0);
    const r = await maria.post(`/cases/${firstCaseId}/sessions`, { kind: 'pre-mediation', startsAt, durationMinutes: 45, people: [ana.id, tom.id] });
    expect(r.status).toBe(201);
    expect(r.body.case.stage).toBe('scheduling');
    const [s] = r.body.sessions;
    expect(s).toMatchObject({ kind: 'pre-mediation', startsAt, durationMinutes: 45 });
    expect(s.invitees.map((i: { name: string }) => i.name)).toEqual(['Ana Diaz', 'Tom Brennan']);

    const open = async (link: string) => {
      const token = new URL(link).hash.replace(/^#t=/, '');
      return (await fetch(`${app.url}/api/invite`, { headers: { authorization: `Bearer ${token}` } })).json();
    };
    expect(await open(s.invitees[0].link)).toMatchObject({ sessionId: s.sessionId, displayName: 'Ana Diaz', role: 'party', side: 'Claimant', title: PIXELFORGE.title });
    expect(await open(s.invitees[1].link)).toMatchObject({ displayName: 'Tom Brennan', role: 'party', side: 'Respondent' });
    expect(await open(s.mediatorLink)).toMatchObject({ displayName: 'Maria Mediator', role: 'mediator', side: null });
    expect(r.body.history.at(-2).text).toBe(`Created a pre-mediation call for ${utcDate(startsAt)}, 14:00 UTC with 2 invited people.`);
    // The links work until a day after the session ends (more than the 14 days asked by default).
    for (const i of s.invitees) expect(i.expiresAt).toBeGreaterThanOrEqual(startsAt + 45 * 60_000 + 23 * 3600_000);

    // Its invitations (in the outbox here) are Maria's practice's alone.
    const sent = await maria.post(`/cases/${firstCaseId}/sessions/${s.sessionId}/invitations`);
    expect(sent.body.emails).toHaveLength(2);
    expect((await maria.get('/outbox')).body.emails.length).toBeGreaterThanOrEqual(2);
    expect((await other.get('/outbox')).body.emails).toEqual([]);
    expect((await other.post(`/cases/${firstCaseId}/sessions/${s.sessionId}/invitations`)).status).toBe(404);
  });

  it('a co-mediator of the practice gets a link of their own into a case session, never the lead mediator’s', async () => {
    const inv = await maria.post('/mediators', { name: 'Cora Comediator', email: 'cora@calmwaters.test' });
    const email = (await maria.get('/outbox')).body.emails.find((e: { id: string }) => e.id === inv.body.emailId);
    const cora = new PracticeClient(app.url);
    expect((await cora.post('/accept', { token: /#t=(\S+)/.exec(email.text)![1], password: 'cora has a long password' })).status).toBe(200);

    const seen = (await cora.get(`/cases/${firstCaseId}`)).body.sessions[0];
    expect(seen).toMatchObject({ mediatorLink: null, leadMediator: 'Maria Mediator' });
    const mariaLink = (await maria.get(`/cases/${firstCaseId}`)).body.sessions[0].mediatorLink;

    const joined = await cora.post(`/cases/${firstCaseId}/sessions/${seen.sessionId}/mediator-link`);
    expect(joined.status).toBe(200);
    const coraLink = joined.body.sessions[0].mediatorLink;
    expect(coraLink).not.toBe(mariaLink);
    const info = await (await fetch(`${app.url}/api/invite`, { headers: { authorization: `Bearer ${new URL(coraLink).hash.slice(3)}` } })).json();
    expect(info).toMatchObject({ sessionId: seen.sessionId, displayName: 'Cora Comediator', role: 'comediator', side: null });
    // Asking again keeps the same link; the lead's link is unchanged; another practice cannot ask.
    expect((await cora.post(`/cases/${firstCaseId}/sessions/${seen.sessionId}/mediator-link`)).body.sessions[0].mediatorLink).toBe(coraLink);
    expect((await maria.get(`/cases/${firstCaseId}`)).body.sessions[0].mediatorLink).toBe(mariaLink);
    expect((await other.post(`/cases/${firstCaseId}/sessions/${seen.sessionId}/mediator-link`)).status).toBe(404);
    expect((await maria.post(`/cases/${firstCaseId}/sessions/unknown_sess/mediator-link`)).status).toBe(404);
  });
});
