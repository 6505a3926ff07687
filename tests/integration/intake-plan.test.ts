/**
 * The room plan from the intake: staggered arrival times and hard stops made from the answers on
 * the session's day (in each person's time zone), read whole by the mediator's room link only;
 * a party learns only their own arrival time (a canary: nobody learns another person's
 * accommodations, hard stop or separate-rooms plan, which can come from a safety concern). The
 * tower's warnings (client/src/intake/plan.ts) run on this plan with a controlled clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must } from '../helpers/socketClient.js';
import { arrivalOf, hardStopWarnings, sessionEndNotice } from '../../client/src/intake/plan.js';
import { PracticeClient, daysAhead, setUpOwner } from './practice-client.js';
import { linkCall, mediatorCall, pixelforgeCase, secretOf } from './intake-helpers.js';

let app: TestServer;
let maria: PracticeClient;
let caseId = '';
let sessionId = '';
let personId: Record<string, string> = {};
const token: Record<string, string> = {};
const pid: Record<string, string> = {};
const startsAt = daysAhead(3, 12, 0);
const CANARY = 'CANARY-plan-91c2';

beforeAll(async () => {
  app = await startTestServer();
  maria = await setUpOwner(app.url);
  ({ caseId, personId } = await pixelforgeCase(maria));
  await mediatorCall(maria, 'PUT', `/cases/${caseId}/settings`, { questions: [], screening: true });
  const links = (await mediatorCall(maria, 'POST', `/cases/${caseId}/links`, { email: false })).body.links;
  const intake = (name: string) => secretOf(links.find((l: { name: string }) => l.name === name).link);
  await linkCall(app.url, intake('Ana Diaz'), 'PUT', '/form', { submit: true, answers: {
    accommodations: { needs: ['breaks'], other: CANARY }, hardStop: { time: '16:00', timeZone: 'Europe/Berlin' }, screening: { afraid: true },
  } });
  await linkCall(app.url, intake('Tom Brennan'), 'PUT', '/form', { submit: true, answers: { hardStop: { time: '11:30', timeZone: 'America/New_York' } } });
  const s = (await maria.post(`/cases/${caseId}/sessions`, { startsAt, durationMinutes: 240 })).body.sessions[0];
  sessionId = s.sessionId;
  token.Maria = tokenOf(s.mediatorLink);
  for (const i of s.invitees) {
    token[i.name] = tokenOf(i.link);
    pid[i.name] = i.participantId;
  }
});
afterAll(async () => {
  await stopTestServer(app);
});

/** The instant of hh:mm on `day` in `zone`. */
function instant(day: number, hhmm: string, zone: string): number {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(day));
  for (let off = -14 * 60; off <= 14 * 60; off += 15) {
    const t = Date.parse(`${date}T${hhmm}:00Z`) - off * 60_000;
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t));
    const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
    if (local === hhmm && localDate === date) return t;
  }
  throw new Error('no such local time');
}

describe('room plan from the intake', () => {
  const tomArrives = startsAt + 90 * 60_000;

  it('the mediator makes the plan: arrival times, hard stops on the session day in each zone, accommodations, separate rooms from the screening', async () => {
    // Before any plan exists every room page still asks: an ordinary empty answer, not a 404.
    const none = await linkCall(app.url, token.Maria!, 'GET', `/sessions/${sessionId}/plan`);
    expect([none.status, none.body]).toEqual([200, null]);
    const bad = await mediatorCall(maria, 'PUT', `/cases/${caseId}/sessions/${sessionId}/plan`, { arrivals: { someone_else_id: tomArrives } });
    expect(bad.status).toBe(404);
    const r = await mediatorCall(maria, 'PUT', `/cases/${caseId}/sessions/${sessionId}/plan`, { arrivals: { [personId['Tom Brennan']!]: tomArrives }, sessionHardStopAt: startsAt + 4 * 3600_000 });
    expect(r.status).toBe(200);
    const ana = r.body.people.find((p: { name: string }) => p.name === 'Ana Diaz');
    expect(ana).toMatchObject({ participantId: pid['Ana Diaz'], separateOnly: true, hardStopLabel: '16:00 (Europe/Berlin)', hardStopAt: instant(startsAt, '16:00', 'Europe/Berlin'), arrivalAt: null });
    expect(ana.accommodations).toEqual(['Regular breaks', CANARY]);
    const tom = r.body.people.find((p: { name: string }) => p.name === 'Tom Brennan');
    expect(tom).toMatchObject({ separateOnly: false, arrivalAt: tomArrives, hardStopAt: instant(startsAt, '11:30', 'America/New_York') });
  });

  it('invitations say "join at" the planned arrival time for a staggered start, and only to that person', async () => {
    const r = await maria.post(`/cases/${caseId}/sessions/${sessionId}/invitations`, { people: [personId['Tom Brennan'], personId['Ana Diaz']] });
    expect(r.status).toBe(200);
    const tomMail = r.body.emails.find((e: { to: string }) => e.to === 'tom@harborbakery.test');
    const hhmm = new Date(tomArrives).toISOString().slice(11, 16);
    expect(tomMail.text).toMatch(new RegExp(`Please join at [^\\n]*, ${hhmm} UTC \\(the session starts at`));
    const anaMail = r.body.emails.find((e: { to: string }) => e.to === 'ana@pixelforge.test');
    expect(anaMail.text).not.toMatch(/Please join at/);
  });

  it('the mediator\'s room link reads the whole plan; parties and attorneys only their own arrival time', async () => {
    const whole = await linkCall(app.url, token.Maria!, 'GET', `/sessions/${sessionId}/plan`);
    expect(whole.status).toBe(200);
    expect(whole.body.people).toHaveLength(4);
    const tom = await linkCall(app.url, token['Tom Brennan']!, 'GET', `/sessions/${sessionId}/plan`);
    expect(tom.body).toEqual({ arrivalAt: tomArrives, sessionHardStopAt: startsAt + 4 * 3600_000 });
    for (const n of ['Tom Brennan', 'Jordan Lee', 'Ines Moreau', 'Ana Diaz']) {
      const r = await linkCall(app.url, token[n]!, 'GET', `/sessions/${sessionId}/plan`);
      expect(Object.keys(r.body).sort()).toEqual(['arrivalAt', 'sessionHardStopAt']);
      expect(r.raw.toString()).not.toMatch(new RegExp(`${CANARY}|separate|Berlin|breaks`, 'i'));
    }
  });

  it('every party and attorney receives the session\'s hard stop and is warned 30 and 10 minutes before it, never about anyone\'s own hard stop', async () => {
    const sessionStop = startsAt + 4 * 3600_000;
    const tomStop = instant(startsAt, '11:30', 'America/New_York');
    const anaStop = instant(startsAt, '16:00', 'Europe/Berlin');
    for (const n of ['Tom Brennan', 'Jordan Lee', 'Ines Moreau', 'Ana Diaz']) {
      const r = await linkCall(app.url, token[n]!, 'GET', `/sessions/${sessionId}/plan`);
      expect(r.body.sessionHardStopAt).toBe(sessionStop);
      // Nobody's own hard stop (theirs or another person's) is in what a party's link receives.
      expect(r.raw.toString()).not.toContain(String(tomStop));
      expect(r.raw.toString()).not.toContain(String(anaStop));
      expect(sessionEndNotice(r.body.sessionHardStopAt, sessionStop - 31 * 60_000)).toBeNull();
      expect(sessionEndNotice(r.body.sessionHardStopAt, sessionStop - 30 * 60_000)!.text).toMatch(/^This session ends at .+ — 30 minutes left\.$/);
      expect(sessionEndNotice(r.body.sessionHardStopAt, sessionStop - 10 * 60_000)!.text).toMatch(/^This session ends at .+ — 10 minutes left\.$/);
      // At Tom's own hard stop, a party is told nothing: that warning is the mediator's.
      expect(sessionEndNotice(r.body.sessionHardStopAt, tomStop - 10 * 60_000)).toBeNull();
    }
  });

  it('on a controlled clock the tower warns 30 and 10 minutes before Tom\'s hard stop and calls him late after his arrival time', async () => {
    const plan = (await linkCall(app.url, token.Maria!, 'GET', `/sessions/${sessionId}/plan`)).body;
    const stop = instant(startsAt, '11:30', 'America/New_York');
    const present = new Set([pid['Tom Brennan']!]);
    expect(hardStopWarnings(plan, stop - 31 * 60_000, present).filter((w) => w.key.startsWith(pid['Tom Brennan']!))).toEqual([]);
    expect(hardStopWarnings(plan, stop - 30 * 60_000, present).map((w) => w.key)).toContain(`${pid['Tom Brennan']}:30`);
    expect(hardStopWarnings(plan, stop - 10 * 60_000, present).map((w) => w.key)).toContain(`${pid['Tom Brennan']}:10`);
    expect(hardStopWarnings(plan, stop - 10 * 60_000, present)[0]!.text).toMatch(/^Tom Brennan must leave at/);
    expect(arrivalOf(tomArrives, false, tomArrives - 60_000).kind).toBe('expected');
    expect(arrivalOf(tomArrives, false, tomArrives + 6 * 60_000).kind).toBe('late');
  });

  it('another practice cannot make or read the plan of this case', async () => {
    const accounts = app.ctx.stores.practice.accounts;
    const hash = (await accounts.getMediatorByEmail('maria@calmwaters.test'))!.passwordHash;
    await accounts.createPractice({ id: 'practice_other', name: 'Elsewhere ADR', createdAt: Date.now() },
      { id: 'mediator_olga', practiceId: 'practice_other', name: 'Olga Other', email: 'olga@elsewhere.test', role: 'owner', passwordHash: hash, createdAt: Date.now() });
    const olga = new PracticeClient(app.url);
    await olga.post('/sign-in', { email: 'olga@elsewhere.test', password: 'correct horse battery' });
    expect((await mediatorCall(olga, 'PUT', `/cases/${caseId}/sessions/${sessionId}/plan`, {})).status).toBe(404);
  });

  it('admission places a separate-only person straight into their side\'s room; others go to joint; "everyone back to joint" needs the mediator\'s confirmation for her', async () => {
    const m = await connectClient(app.url, token.Maria!);
    const ana = await connectClient(app.url, token['Ana Diaz']!);
    const tom = await connectClient(app.url, token['Tom Brennan']!);
    const lee = await connectClient(app.url, token['Jordan Lee']!);
    try {
      for (const c of [m, ana, tom, lee]) must(await c.request('session:join', {}));
      expect(must(await m.request('control:admit', { participantIds: [pid['Ana Diaz']!] })).admitted).toEqual([pid['Ana Diaz']]);
      const where = app.ctx.spaces.currentSpace(sessionId, pid['Ana Diaz']!);
      expect(where).toMatch(/^caucus:/);
      const view = (await ana.waitFor('room:state', (r) => r.self.space === where));
      expect(view.spaces.find((x) => x.id === where)?.name).toBe('Claimant room');
      must(await m.request('control:admit', { all: true }));
      expect(app.ctx.spaces.currentSpace(sessionId, pid['Tom Brennan']!)).toBe('joint');
      expect(app.ctx.spaces.currentSpace(sessionId, pid['Jordan Lee']!)).toBe('joint');
      // "Everyone back to joint" does not sweep Ana in unless the mediator confirms.
      const refused = await m.request('control:allToJoint', {});
      expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(!refused.ok && refused.error.message).toMatch(/^Ana Diaz should stay in separate rooms/);
      expect(app.ctx.spaces.currentSpace(sessionId, pid['Ana Diaz']!)).toBe(where);
      expect(must(await m.request('control:allToJoint', { confirmSeparate: true })).moved).toContain(pid['Ana Diaz']);
      expect(app.ctx.spaces.currentSpace(sessionId, pid['Ana Diaz']!)).toBe('joint');
    } finally {
      for (const c of [m, ana, tom, lee]) c.close();
    }
  });

  it('remaking the plan is pushed to everyone in the room as a content-free hint, and each then reads only what their own link may', async () => {
    const m = await connectClient(app.url, token.Maria!);
    const tom = await connectClient(app.url, token['Tom Brennan']!);
    try {
      for (const c of [m, tom]) must(await c.request('session:join', {}));
      const since = tom.received.length;
      const movedStop = startsAt + 3 * 3600_000;
      expect((await mediatorCall(maria, 'PUT', `/cases/${caseId}/sessions/${sessionId}/plan`, { arrivals: { [personId['Tom Brennan']!]: tomArrives }, sessionHardStopAt: movedStop })).status).toBe(200);
      const hint = await tom.waitFor('plan:changed', (p) => p.sessionId === sessionId, 5000, since);
      expect(Object.keys(hint).sort()).toEqual(['at', 'sessionId']);
      await m.waitFor('plan:changed', (p) => p.sessionId === sessionId);
      // The hint carries nothing of the plan: no canary, no one's hard stop, no separate rooms.
      expect(JSON.stringify(tom.received.slice(since))).not.toMatch(new RegExp(`${CANARY}|separate|Berlin|${movedStop}`, 'i'));
      expect((await linkCall(app.url, token['Tom Brennan']!, 'GET', `/sessions/${sessionId}/plan`)).body).toEqual({ arrivalAt: tomArrives, sessionHardStopAt: movedStop });
    } finally {
      for (const c of [m, tom]) c.close();
    }
  });
});
