/** CaucusHistoryStore contract: who was ever in which caucus, first visit kept. */
import { expect, it } from 'vitest';
import { uid, storeSuite, type BackendFactory } from './harness.js';

export function caucusHistoryStoreContract(factory: BackendFactory): void {
  storeSuite('CaucusHistoryStore', factory, (backend) => {
    it('lists a caucus\'s visitors by first visit, keeping each person\'s first visit', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const h = stores.caucusHistory;
      await h.recordVisit(s, 'caucus:aaaa1', { participantId: 'ben', role: 'party', side: 'Respondent', at: 20 });
      await h.recordVisit(s, 'caucus:aaaa1', { participantId: 'ana', role: 'party', side: 'Claimant', at: 10 });
      await h.recordVisit(s, 'caucus:aaaa1', { participantId: 'med', role: 'mediator', side: null, at: 15 });
      // A second visit (even with another side now) does not replace the first.
      await h.recordVisit(s, 'caucus:aaaa1', { participantId: 'ana', role: 'party', side: 'Respondent', at: 30 });
      expect(await h.visitors(s, 'caucus:aaaa1')).toEqual([
        { participantId: 'ana', role: 'party', side: 'Claimant', firstAt: 10 },
        { participantId: 'med', role: 'mediator', side: null, firstAt: 15 },
        { participantId: 'ben', role: 'party', side: 'Respondent', firstAt: 20 },
      ]);
    });

    it('keeps caucuses and sessions apart, and keeps visits across a reopen', async () => {
      const b = await backend();
      const s = uid('sess');
      await b.stores.caucusHistory.recordVisit(s, 'caucus:aaaa1', { participantId: 'ana', role: 'party', side: 'Claimant', at: 10 });
      expect(await b.stores.caucusHistory.visitors(s, 'caucus:bbbb2')).toEqual([]);
      expect(await b.stores.caucusHistory.visitors(uid('sess'), 'caucus:aaaa1')).toEqual([]);
      const again = await b.reopen();
      expect((await again.caucusHistory.visitors(s, 'caucus:aaaa1')).map((v) => v.participantId)).toEqual(['ana']);
    });
  });
}
