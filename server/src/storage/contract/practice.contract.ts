/** The practice's stores' contract: accounts, cases (people, conflict checks, sessions, history), the outbox. */
import { expect, it } from 'vitest';
import type { ConflictCheck } from '@mediation/shared';
import type { CasePersonRecord, CaseRecord, EmailRecord, MediatorRecord, PracticeRecord } from '../practiceTypes.js';
import { uid, storeSuite, type BackendFactory } from './harness.js';

const practice = (over: Partial<PracticeRecord> = {}): PracticeRecord => ({ id: uid('prac'), name: 'Calm Waters Mediation', createdAt: 1_700_000_000_000, ...over });
const mediator = (practiceId: string, over: Partial<MediatorRecord> = {}): MediatorRecord => ({
  id: uid('med'), practiceId, name: 'Maria Mediator', email: `${uid('m')}@example.test`, role: 'owner', passwordHash: '$argon2id$stub', createdAt: 1_700_000_000_000, ...over,
});
const aCase = (practiceId: string, over: Partial<CaseRecord> = {}): CaseRecord => ({
  id: uid('case'), practiceId, title: 'PixelForge Studio v. Harbor Bakery', disputeType: 'client-service / fee', stage: 'conflict-check', createdAt: 1_700_000_000_000, createdBy: 'med_x', ...over,
});
const person = (caseId: string, over: Partial<CasePersonRecord> = {}): CasePersonRecord => ({
  id: uid('per'), caseId, name: 'Ana Diaz', role: 'party', side: 'Claimant', email: 'ana@example.test', phone: '+1 555 0100', organisation: 'PixelForge Studio', addedAt: 1_700_000_000_000, language: null, ...over,
});
const check = (over: Partial<ConflictCheck> = {}): ConflictCheck => ({ id: uid('chk'), at: 1_700_000_000_000, reason: 'created', matches: [], decision: null, note: '', decidedAt: null, decidedBy: null, ...over });
const history = (text: string, at = 1_700_000_000_000) => ({ at, actorId: 'med_x', actorName: 'Maria Mediator', kind: 'case.created' as const, text });

export function practiceStoresContract(factory: BackendFactory): void {
  storeSuite('AccountStore', factory, (backend) => {
    /** A fresh backend holding one practice and its owner: where most of these tests start. */
    const withPractice = async () => {
      const { stores } = await backend();
      const a = stores.practice.accounts;
      const p = practice();
      const m = mediator(p.id);
      await a.createFirstPractice(p, m);
      return { a, p, m };
    };

    it('creates the first practice once; a second first practice is refused and stores nothing', async () => {
      const { stores } = await backend();
      const a = stores.practice.accounts;
      expect(await a.hasAnyAccount()).toBe(false);
      const p1 = practice();
      const o1 = mediator(p1.id);
      expect(await a.createFirstPractice(p1, o1)).toBe(true);
      const p2 = practice({ name: 'Other' });
      expect(await a.createFirstPractice(p2, mediator(p2.id))).toBe(false);
      expect(await a.getPractice(p2.id)).toBeNull();
      expect(await a.getPractice(p1.id)).toEqual(p1);
      expect(await a.getMediatorByEmail(o1.email)).toEqual(o1);
      expect(await a.hasAnyAccount()).toBe(true);
    });

    it('refuses a second account with the same email, in any practice', async () => {
      const { a, p: p1, m: o1 } = await withPractice();
      const p2 = practice();
      expect(await a.createPractice(p2, mediator(p2.id, { email: o1.email }))).toBe(false);
      expect(await a.getPractice(p2.id)).toBeNull();
      expect(await a.addInvitedMediator(mediator(p1.id, { email: o1.email, passwordHash: null }), { tokenHash: 'h1', mediatorId: 'x', expiresAt: 2e12, usedAt: null })).toBe(false);
      expect(await a.listMediators(p1.id)).toEqual([o1]);
    });

    it('an invitation sets the password once, before it expires', async () => {
      const { a, p } = await withPractice();
      const invited = mediator(p.id, { role: 'mediator', passwordHash: null, name: 'Cora Comediator' });
      expect(await a.addInvitedMediator(invited, { tokenHash: 'tok-hash', mediatorId: invited.id, expiresAt: 2_000, usedAt: null })).toBe(true);
      expect(await a.acceptInvite('tok-hash', '$argon2id$new', 2_000)).toBeNull();
      expect((await a.getMediator(invited.id))?.passwordHash).toBeNull();
      expect(await a.acceptInvite('tok-hash', '$argon2id$new', 1_999)).toEqual({ ...invited, passwordHash: '$argon2id$new' });
      expect(await a.acceptInvite('tok-hash', '$argon2id$again', 1_999)).toBeNull();
      expect(await a.acceptInvite('unknown', '$argon2id$again', 1_000)).toBeNull();
      expect((await a.getMediator(invited.id))?.passwordHash).toBe('$argon2id$new');
    });

    it('a sign-in session is found until it expires and not after it is deleted', async () => {
      const { a, m } = await withPractice();
      const s = { idHash: 'abc', mediatorId: m.id, csrfToken: 'csrf', createdAt: 1_000, expiresAt: 5_000 };
      await a.createAuthSession(s);
      expect(await a.getAuthSession('abc', 4_999)).toEqual(s);
      expect(await a.getAuthSession('abc', 5_000)).toBeNull();
      await a.deleteAuthSession('abc');
      expect(await a.getAuthSession('abc', 1_000)).toBeNull();
      // A new sign-in clears the ones expired by then (even when asked about an earlier time).
      await a.createAuthSession({ ...s, idHash: 'old', expiresAt: 6_000 });
      await a.createAuthSession({ ...s, idHash: 'new', createdAt: 7_000, expiresAt: 9_000 });
      expect(await a.getAuthSession('old', 1_000)).toBeNull();
      expect(await a.getAuthSession('new', 7_000)).not.toBeNull();
    });
  });

  storeSuite('CaseStore', factory, (backend) => {
    async function twoPractices() {
      const b = await backend();
      const p1 = practice();
      const p2 = practice({ name: 'Elsewhere' });
      await b.stores.practice.accounts.createFirstPractice(p1, mediator(p1.id));
      await b.stores.practice.accounts.createPractice(p2, mediator(p2.id));
      return { ...b, p1, p2 };
    }

    it('keeps a case with its people, first check and history, and finds it only within its practice', async () => {
      const { stores, p1, p2 } = await twoPractices();
      const cs = stores.practice.cases;
      const c = aCase(p1.id);
      const people = [person(c.id), person(c.id, { name: 'Tom Brennan', side: 'Respondent', organisation: 'Harbor Bakery' })];
      const k = check();
      await cs.createCase(c, people, k, [history('opened'), history('checked')]);
      expect(await cs.getCase(p1.id, c.id)).toEqual(c);
      expect(await cs.getCase(p2.id, c.id)).toBeNull();
      expect(await cs.listPeople(c.id)).toEqual(people);
      expect(await cs.listConflictChecks(c.id)).toEqual([k]);
      expect((await cs.listHistory(c.id)).map((h) => h.text)).toEqual(['opened', 'checked']);
      expect(await cs.listCases(p2.id)).toEqual([]);
      expect(await cs.listCases(p1.id)).toEqual([{ ...c, people: 2, conflictPending: true }]);
    });

    it('lists newest first; the haystack is the practice’s other cases only', async () => {
      const { stores, p1, p2 } = await twoPractices();
      const cs = stores.practice.cases;
      const older = aCase(p1.id, { title: 'Older', createdAt: 1 });
      const newer = aCase(p1.id, { title: 'Newer', createdAt: 2 });
      const foreign = aCase(p2.id, { title: 'Foreign', createdAt: 3 });
      await cs.createCase(older, [person(older.id, { name: 'Old Person', organisation: 'Old Org' })], check({ decision: 'clear' }), []);
      await cs.createCase(newer, [person(newer.id, { name: 'New Person' })], check({ decision: 'clear' }), []);
      await cs.createCase(foreign, [person(foreign.id, { name: 'Foreign Person' })], check(), []);
      expect((await cs.listCases(p1.id)).map((c) => [c.title, c.conflictPending])).toEqual([['Newer', false], ['Older', false]]);
      expect(await cs.peopleOutside(p1.id, newer.id)).toEqual([{ caseId: older.id, caseTitle: 'Older', name: 'Old Person', organisation: 'Old Org', role: 'party', side: 'Claimant' }]);
    });

    it('records a conflict decision once, and only on the case’s own check', async () => {
      const { stores, p1 } = await twoPractices();
      const cs = stores.practice.cases;
      const a = aCase(p1.id);
      const b = aCase(p1.id);
      const ka = check();
      await cs.createCase(a, [], ka, []);
      await cs.createCase(b, [], check(), []);
      expect(await cs.decideConflict(b.id, ka.id, { decision: 'waived', note: 'x', at: 5, by: 'Maria' })).toBe(false);
      expect(await cs.decideConflict(a.id, ka.id, { decision: 'waived', note: 'Disclosed by letter', at: 5, by: 'Maria' })).toBe(true);
      expect(await cs.decideConflict(a.id, ka.id, { decision: 'declined', note: '', at: 6, by: 'Maria' })).toBe(false);
      expect(await cs.listConflictChecks(a.id)).toEqual([{ ...ka, decision: 'waived', note: 'Disclosed by letter', decidedAt: 5, decidedBy: 'Maria' }]);
    });

    it('adds people with their check, keeps sessions and the stage, and survives a restart', async () => {
      const b = await twoPractices();
      const cs = b.stores.practice.cases;
      const c = aCase(b.p1.id);
      await cs.createCase(c, [], check({ decision: 'clear' }), [history('opened', 1)]);
      const more = [person(c.id, { name: 'Kim Counsel', role: 'counsel', phone: '' })];
      const k2 = check({ reason: 'people-added' });
      await cs.addPeople(c.id, more, k2, [history('added', 2)]);
      await cs.setStage(c.id, 'scheduling');
      const s = { caseId: c.id, sessionId: uid('sess'), kind: 'main' as const, title: c.title, startsAt: 1_800_000_000_000, durationMinutes: 90, createdAt: 3, mediators: [{ mediatorId: 'med_maria', participantId: 'p_med' }], invitees: [{ personId: more[0]!.id, participantId: 'p_kim' }] };
      await cs.addSession(s);
      expect(await cs.addSessionMediator(c.id, s.sessionId, { mediatorId: 'med_cora', participantId: 'p_cora' })).toBe(true);
      expect(await cs.addSessionMediator(c.id, s.sessionId, { mediatorId: 'med_cora', participantId: 'p_cora2' })).toBe(false);
      expect(await cs.addSessionMediator(c.id, 'unknown_sess', { mediatorId: 'med_x', participantId: 'p_x' })).toBe(false);
      s.mediators.push({ mediatorId: 'med_cora', participantId: 'p_cora' });
      const stores = await b.reopen();
      const again = stores.practice.cases;
      expect((await again.getCase(b.p1.id, c.id))?.stage).toBe('scheduling');
      expect(await again.listPeople(c.id)).toEqual(more);
      expect((await again.listConflictChecks(c.id)).map((k) => k.reason)).toEqual(['created', 'people-added']);
      expect(await again.listSessions(c.id)).toEqual([s]);
      expect(await again.getSession(c.id, s.sessionId)).toEqual(s);
      expect(await again.getSession(aCase(b.p1.id).id, s.sessionId)).toBeNull();
      expect((await again.listHistory(c.id)).map((h) => h.text)).toEqual(['opened', 'added']);
    });
  });

  storeSuite('OutboxStore', factory, (backend) => {
    it('lists a practice’s emails newest first, finds one only within its practice, and updates status', async () => {
      const { stores } = await backend();
      const p1 = practice();
      const p2 = practice();
      await stores.practice.accounts.createFirstPractice(p1, mediator(p1.id));
      await stores.practice.accounts.createPractice(p2, mediator(p2.id));
      const email = (over: Partial<EmailRecord>): EmailRecord => ({
        id: uid('mail'), practiceId: p1.id, caseId: null, to: 'ana@example.test', subject: 'Invitation', text: 'Dear Ana', ics: null, hasCalendar: false, attachments: [], status: 'outbox', error: null, createdAt: 1, ...over,
      });
      const first = email({ createdAt: 1 });
      const second = email({ createdAt: 2, ics: 'BEGIN:VCALENDAR', hasCalendar: true });
      const foreign = email({ practiceId: p2.id });
      for (const e of [first, second, foreign]) await stores.practice.outbox.add(e);
      expect(await stores.practice.outbox.list(p1.id)).toEqual([second, first]);
      expect(await stores.practice.outbox.get(p1.id, foreign.id)).toBeNull();
      await stores.practice.outbox.setStatus(first.id, 'failed', 'refused');
      expect(await stores.practice.outbox.get(p1.id, first.id)).toEqual({ ...first, status: 'failed', error: 'refused' });
    });

    it('keeps an email’s files in order, lists their names and sizes, and gives their bytes only within its practice', async () => {
      const { stores, reopen } = await backend();
      const p1 = practice();
      const p2 = practice();
      await stores.practice.accounts.createFirstPractice(p1, mediator(p1.id));
      await stores.practice.accounts.createPractice(p2, mediator(p2.id));
      const pdf = Buffer.from('%PDF-1.7 the signed agreement');
      const ics = Buffer.from('BEGIN:VCALENDAR');
      const e: EmailRecord = {
        id: uid('mail'), practiceId: p1.id, caseId: null, to: 'ana@example.test', subject: 'Plan', text: 'Dear Ana', ics: null, hasCalendar: false,
        attachments: [{ filename: 'agreement.pdf', contentType: 'application/pdf', size: pdf.length }, { filename: 'x.ics', contentType: 'text/calendar', size: ics.length }],
        status: 'sent', error: null, createdAt: 5,
      };
      await stores.practice.outbox.add(e, [pdf, ics]);
      await expect(stores.practice.outbox.add({ ...e, id: uid('mail') }, [pdf])).rejects.toThrow();
      const again = await reopen();
      expect(await again.practice.outbox.list(p1.id)).toEqual([e]);
      expect(await again.practice.outbox.attachment(p1.id, e.id, 0)).toEqual({ filename: 'agreement.pdf', contentType: 'application/pdf', bytes: pdf });
      expect(await again.practice.outbox.attachment(p1.id, e.id, 1)).toEqual({ filename: 'x.ics', contentType: 'text/calendar', bytes: ics });
      expect(await again.practice.outbox.attachment(p1.id, e.id, 2)).toBeNull();
      expect(await again.practice.outbox.attachment(p2.id, e.id, 0)).toBeNull();
    });
  });
}
