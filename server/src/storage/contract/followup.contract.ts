/** Follow-up stores contract: plans keep check-ins across edits, jobs run once, survey answers
 * carry nobody's identity and are stored once per person. */
import { expect, it } from 'vitest';
import type { SurveyAnswerRecord } from '../followupTypes.js';
import { uid, storeSuite, type BackendFactory } from './harness.js';

const answer = (sessionId: string, overrides: Partial<SurveyAnswerRecord> = {}): SurveyAnswerRecord => ({
  sessionId, caseId: null, practiceId: null, disputeType: 'fee', variant: 'party', month: '2027-03', ratings: { satisfied: 5 }, recommend: 9, comment: '', ...overrides,
});

export function followupStoresContract(factory: BackendFactory): void {
  storeSuite('PlanStore', factory, (backend) => {
    it('replaces the plan whole; an item kept by id keeps its check-in status and links, a dropped one goes with its links', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const plans = stores.followup.plans;
      const a = uid('item');
      const b = uid('item');
      await plans.savePlan({ sessionId: s, discovery: 'Bank statements', followUp: null, followUpSessionId: null, updatedAt: 1 }, [
        { id: a, sessionId: s, position: 0, what: 'Pay the first instalment', owner: { kind: 'side', side: 'Respondent' }, due: '2027-03-15', clause: 'Clause 2' },
        { id: b, sessionId: s, position: 1, what: 'Send the invoice', owner: { kind: 'everyone' }, due: '2027-03-20', clause: '' },
      ]);
      await plans.setStatus(a, 'needs-help', 'Bank is slow', 5);
      await plans.addCheckinLink('hash-a', a, 'p1');
      await plans.addCheckinLink('hash-b', b, 'p1');
      await plans.savePlan({ sessionId: s, discovery: 'Bank statements and receipts', followUp: { startsAt: 9, durationMinutes: 60, purpose: 'Review' }, followUpSessionId: null, updatedAt: 6 }, [
        { id: a, sessionId: s, position: 0, what: 'Pay the first instalment of 500', owner: { kind: 'side', side: 'Respondent' }, due: '2027-03-16', clause: 'Clause 2' },
      ]);
      const items = await plans.listItems(s);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ id: a, what: 'Pay the first instalment of 500', due: '2027-03-16', status: 'needs-help', note: 'Bank is slow', statusAt: 5 });
      expect(await plans.checkinLink('hash-a')).toEqual({ itemId: a, participantId: 'p1' });
      expect(await plans.checkinLink('hash-b')).toBeNull();
      expect(await plans.getItem(b)).toBeNull();
      expect(await plans.getPlan(s)).toMatchObject({ discovery: 'Bank statements and receipts', followUp: { startsAt: 9, durationMinutes: 60, purpose: 'Review' }, followUpSessionId: null });
    });

    it('records the follow-up session once, and keeps it across a plan edit and a restart', async () => {
      const b = await backend();
      const s = uid('sess');
      await b.stores.followup.plans.savePlan({ sessionId: s, discovery: '', followUp: null, followUpSessionId: null, updatedAt: 1 }, []);
      expect(await b.stores.followup.plans.setFollowUpSession(s, 'next1')).toBe(true);
      expect(await b.stores.followup.plans.setFollowUpSession(s, 'next2')).toBe(false);
      await b.stores.followup.plans.savePlan({ sessionId: s, discovery: 'x', followUp: null, followUpSessionId: null, updatedAt: 2 }, []);
      const again = await b.reopen();
      expect((await again.followup.plans.getPlan(s))?.followUpSessionId).toBe('next1');
    });

    it('keeps one confirmed email per person and session, the latest', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      await stores.followup.plans.confirmEmail({ sessionId: s, participantId: 'p1', email: 'a@x.test', confirmedAt: 1 });
      await stores.followup.plans.confirmEmail({ sessionId: s, participantId: 'p1', email: 'b@x.test', confirmedAt: 2 });
      await stores.followup.plans.confirmEmail({ sessionId: uid('sess'), participantId: 'p1', email: 'c@x.test', confirmedAt: 3 });
      expect(await stores.followup.plans.listEmails(s)).toEqual([{ sessionId: s, participantId: 'p1', email: 'b@x.test', confirmedAt: 2 }]);
    });
  });

  storeSuite('JobStore', factory, (backend) => {
    it('schedules a key once; claims only due jobs of the asked kinds, one claimer at a time, and again only after the lease', async () => {
      const { stores } = await backend();
      const jobs = stores.followup.jobs;
      const k = uid('job');
      expect(await jobs.schedule({ key: k, kind: 'a', runAt: 100, payload: { n: 1 } })).toBe(true);
      expect(await jobs.schedule({ key: k, kind: 'a', runAt: 50, payload: { n: 2 } })).toBe(false);
      await jobs.schedule({ key: `${k}-b`, kind: 'b', runAt: 10, payload: {} });
      expect(await jobs.claimDue(99, ['a'], 10, 1000)).toEqual([]);
      const claimed = await jobs.claimDue(100, ['a'], 10, 1000);
      expect(claimed).toEqual([expect.objectContaining({ key: k, kind: 'a', runAt: 100, payload: { n: 1 }, attempts: 1, doneAt: null })]);
      expect(await jobs.claimDue(500, ['a'], 10, 1000)).toEqual([]);
      expect((await jobs.claimDue(1100, ['a'], 10, 1000)).map((j) => j.attempts)).toEqual([2]);
      await jobs.complete(k, 1200);
      expect(await jobs.claimDue(99_999, ['a'], 10, 1000)).toEqual([]);
      expect((await jobs.get(k))?.doneAt).toBe(1200);
      expect((await jobs.pending()).map((j) => j.key)).toEqual([`${k}-b`]);
    });

    it('a failed job runs again at its retry time, or is given up with its error; jobs survive a restart', async () => {
      const b = await backend();
      const k = uid('job');
      await b.stores.followup.jobs.schedule({ key: k, kind: 'a', runAt: 1, payload: {} });
      await b.stores.followup.jobs.claimDue(1, ['a'], 10, 1000);
      await b.stores.followup.jobs.failed(k, 'smtp down', 5000, 2);
      const again = await b.reopen();
      expect(await again.followup.jobs.claimDue(4999, ['a'], 10, 1)).toEqual([]);
      expect(await again.followup.jobs.claimDue(5000, ['a'], 10, 1)).toEqual([expect.objectContaining({ key: k, attempts: 2, lastError: 'smtp down' })]);
      await again.followup.jobs.failed(k, 'still down', null, 6000);
      expect(await again.followup.jobs.get(k)).toMatchObject({ doneAt: 6000, lastError: 'still down' });
      expect(await again.followup.jobs.claimDue(1e12, ['a'], 10, 1)).toEqual([]);
    });
  });

  storeSuite('SurveyStore', factory, (backend) => {
    it('one survey per person and session; any of their keys finds it; an answer is stored once and carries no identity', async () => {
      const { stores } = await backend();
      const surveys = stores.followup.surveys;
      const s = uid('sess');
      expect(await surveys.addLink({ sessionId: s, participantId: 'p1', variant: 'party', answered: false, createdAt: 1 })).toBe(true);
      expect(await surveys.addLink({ sessionId: s, participantId: 'p1', variant: 'counsel', answered: false, createdAt: 2 })).toBe(false);
      await surveys.addKey('k1', s, 'p1');
      await surveys.addKey('k2', s, 'p1');
      expect(await surveys.linkByKey('k2')).toMatchObject({ sessionId: s, participantId: 'p1', variant: 'party', answered: false });
      expect(await surveys.linkByKey('nope')).toBeNull();
      expect(await surveys.answer(s, 'p1', answer(s))).toBe(true);
      expect(await surveys.answer(s, 'p1', answer(s, { comment: 'second' }))).toBe(false);
      expect(await surveys.answer(s, 'p2', answer(s))).toBe(false);
      expect((await surveys.linkOf(s, 'p1'))?.answered).toBe(true);
      const stored = await surveys.answersOfSession(s);
      expect(stored).toEqual([answer(s)]);
      expect(JSON.stringify(stored)).not.toContain('p1');
    });

    it('answers by practice', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      await stores.followup.surveys.addLink({ sessionId: s, participantId: 'p1', variant: 'party', answered: false, createdAt: 1 });
      await stores.followup.surveys.answer(s, 'p1', answer(s, { practiceId: 'pr1' }));
      expect(await stores.followup.surveys.answersOfPractice('pr1')).toHaveLength(1);
      expect(await stores.followup.surveys.answersOfPractice('pr2')).toHaveLength(0);
    });
  });

  storeSuite('MessageStore', factory, (backend) => {
    it('keeps each thread of each case apart, in order; read marks are per reader and never go back', async () => {
      const b = await backend();
      const m = b.stores.followup.messages;
      const c = uid('case');
      const other = uid('case');
      await m.add({ id: uid('m'), caseId: c, thread: 'joint', authorKey: 'person:a', authorName: 'Ana', text: 'one', at: 10 });
      await m.add({ id: uid('m'), caseId: c, thread: 'joint', authorKey: 'person:t', authorName: 'Tom', text: 'two', at: 10 });
      await m.add({ id: uid('m'), caseId: c, thread: 'side.abcdefgh', authorKey: 'person:a', authorName: 'Ana', text: 'private', at: 20 });
      await m.add({ id: uid('m'), caseId: other, thread: 'joint', authorKey: 'person:x', authorName: 'X', text: 'elsewhere', at: 30 });
      expect((await m.list(c, 'joint', 10)).map((x) => x.text)).toEqual(['one', 'two']);
      expect((await m.list(c, 'joint', 1)).map((x) => x.text)).toEqual(['two']);
      expect((await m.summary(c)).sort((x, y) => x.thread.localeCompare(y.thread))).toEqual([{ thread: 'joint', count: 2, lastAt: 10 }, { thread: 'side.abcdefgh', count: 1, lastAt: 20 }]);
      expect(await m.unreadCount(c, 'joint', 'person:a', 0)).toBe(1);
      await m.markRead(c, 'joint', 'person:a', 10);
      await m.markRead(c, 'joint', 'person:a', 5);
      const again = await b.reopen();
      expect((await again.followup.messages.readMarks(c, 'person:a')).get('joint')).toBe(10);
      expect(await again.followup.messages.unreadCount(c, 'joint', 'person:a', 10)).toBe(0);
      expect((await again.followup.messages.readMarks(c, 'person:t')).size).toBe(0);
    });

    it('keeps a message’s file under its case and thread only, and refuses past the per-case limit with nothing stored', async () => {
      const b = await backend();
      const m = b.stores.followup.messages;
      const c = uid('case');
      const msg = (id: string, thread: string) => ({ id, caseId: c, thread, authorKey: 'person:a', authorName: 'Ana', text: '', at: 40 });
      const file = (id: string, messageId: string, thread: string) => ({ id, caseId: c, thread, messageId, name: 'receipt.pdf', type: 'application/pdf', size: 9, data: new Uint8Array(Buffer.from('%PDF-1.7 x')) });
      const [m1, f1, m2, f2, m3, f3] = [uid('m'), uid('f'), uid('m'), uid('f'), uid('m'), uid('f')];
      expect(await m.addWithFile(msg(m1, 'side.abcdefgh'), file(f1, m1, 'side.abcdefgh'), 2)).toBe(true);
      expect(await m.addWithFile(msg(m2, 'joint'), file(f2, m2, 'joint'), 2)).toBe(true);
      expect(await m.addWithFile(msg(m3, 'joint'), file(f3, m3, 'joint'), 2)).toBe(false);
      expect((await m.list(c, 'joint', 10)).map((x) => x.id)).toEqual([m2]);
      const again = await b.reopen();
      const s = again.followup.messages;
      expect(await s.listFiles(c, 'joint')).toEqual([{ id: f2, caseId: c, thread: 'joint', messageId: m2, name: 'receipt.pdf', type: 'application/pdf', size: 9 }]);
      expect(Buffer.from((await s.getFile(c, 'side.abcdefgh', f1))!.data).toString()).toBe('%PDF-1.7 x');
      // Named from another thread or case, the file is not there.
      expect(await s.getFile(c, 'joint', f1)).toBeNull();
      expect(await s.getFile(uid('case'), 'side.abcdefgh', f1)).toBeNull();
      expect(await s.getFile(c, 'joint', f3)).toBeNull();
    });

    it('keeps which message announced which call, per case and thread', async () => {
      const b = await backend();
      const m = b.stores.followup.messages;
      const c = uid('case');
      const id = uid('m');
      await m.addWithCall({ id, caseId: c, thread: 'side.abcdefgh', authorKey: 'mediator:x', authorName: 'Maria', text: 'Maria started a call.', at: 50 }, 'sess_call01');
      const again = (await b.reopen()).followup.messages;
      expect(await again.listCalls(c, 'side.abcdefgh')).toEqual([{ messageId: id, sessionId: 'sess_call01' }]);
      expect(await again.listCalls(c, 'joint')).toEqual([]);
      expect((await again.list(c, 'side.abcdefgh', 10)).map((x) => x.text)).toEqual(['Maria started a call.']);
    });
  });
}
