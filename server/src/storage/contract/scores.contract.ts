/** ScoreStore contract: per-side scores, versions, the overlap. */
import { expect, it } from 'vitest';
import { uid, storeSuite, type BackendFactory } from './harness.js';

export function scoreStoreContract(factory: BackendFactory): void {
  storeSuite('ScoreStore', factory, (backend) => {
    const key = (sessionId: string, optionId: string, side: string, space = 'joint') => ({ sessionId, space, optionId, side });

    it('returns only the asking side\'s scores, and the options every side found acceptable', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const other = uid('sess');
      await stores.scores.set(key(s, 'opt1', 'Claimant'), 'acceptable', 'ana', 0);
      await stores.scores.set(key(s, 'opt2', 'Claimant'), 'acceptable', 'ana', 0);
      await stores.scores.set(key(s, 'opt1', 'Respondent'), 'acceptable', 'ben', 0);
      await stores.scores.set(key(s, 'opt2', 'Respondent'), 'maybe', 'ben', 0);
      await stores.scores.set(key(other, 'opt2', 'Respondent'), 'acceptable', 'x', 0);
      await stores.scores.set(key(s, 'opt2', 'Respondent', 'caucus:abcd1'), 'acceptable', 'ben', 0);
      expect(await stores.scores.ownSide(s, 'joint', 'Claimant')).toEqual({ scores: { opt1: 'acceptable', opt2: 'acceptable' }, versions: { opt1: 1, opt2: 1 } });
      expect((await stores.scores.ownSide(s, 'joint', 'Respondent')).scores).toEqual({ opt1: 'acceptable', opt2: 'maybe' });
      expect(await stores.scores.acceptableToAll(s, 'joint', ['Claimant', 'Respondent'])).toEqual(['opt1']);
      // A side that has not scored blocks the overlap; no sides, no overlap.
      expect(await stores.scores.acceptableToAll(s, 'joint', ['Claimant', 'Respondent', 'Insurer'])).toEqual([]);
      expect(await stores.scores.acceptableToAll(s, 'joint', [])).toEqual([]);
    });

    it('says who scored and when, and that nothing was scored yet', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      expect(await stores.scores.get(key(s, 'opt1', 'Claimant'))).toEqual({ value: null, version: 0, by: '', at: 0 });
      const before = Date.now();
      const w = await stores.scores.set(key(s, 'opt1', 'Claimant'), 'unacceptable', 'ana', 0);
      expect(w).toMatchObject({ ok: true, entry: { value: 'unacceptable', version: 1, by: 'ana' } });
      const got = await stores.scores.get(key(s, 'opt1', 'Claimant'));
      expect(got.at).toBeGreaterThanOrEqual(before);
    });

    it('clears a score with null, and the version keeps counting', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      await stores.scores.set(key(s, 'opt1', 'Claimant'), 'maybe', 'ana', 0);
      expect(await stores.scores.set(key(s, 'opt1', 'Claimant'), null, 'ana', 1)).toMatchObject({ ok: true, entry: { value: null, version: 2 } });
      expect(await stores.scores.ownSide(s, 'joint', 'Claimant')).toEqual({ scores: {}, versions: { opt1: 2 } });
      expect(await stores.scores.acceptableToAll(s, 'joint', ['Claimant'])).toEqual([]);
      expect(await stores.scores.set(key(s, 'opt1', 'Claimant'), 'acceptable', 'lee', 2)).toMatchObject({ ok: true, entry: { value: 'acceptable', version: 3, by: 'lee' } });
    });

    it('refuses a write based on an old version, returns what stands, and changes nothing', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      expect((await stores.scores.set(key(s, 'opt1', 'Claimant'), 'acceptable', 'ana', 0)).ok).toBe(true);
      const stale = await stores.scores.set(key(s, 'opt1', 'Claimant'), 'unacceptable', 'lee', 0);
      expect(stale).toMatchObject({ ok: false, current: { value: 'acceptable', version: 1, by: 'ana' } });
      expect(await stores.scores.get(key(s, 'opt1', 'Claimant'))).toMatchObject({ value: 'acceptable', version: 1, by: 'ana' });
    });

    it('lets exactly one of two writers on the same version win', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const results = await Promise.all([
        stores.scores.set(key(s, 'opt1', 'Claimant'), 'acceptable', 'ana', 0),
        stores.scores.set(key(s, 'opt1', 'Claimant'), 'unacceptable', 'lee', 0),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await stores.scores.get(key(s, 'opt1', 'Claimant'))).version).toBe(1);
    });

    it('keeps scores across a reopen', async () => {
      const b = await backend();
      const s = uid('sess');
      await b.stores.scores.set(key(s, 'opt1', 'Claimant'), 'maybe', 'ana', 0);
      const again = await b.reopen();
      expect(await again.scores.ownSide(s, 'joint', 'Claimant')).toEqual({ scores: { opt1: 'maybe' }, versions: { opt1: 1 } });
    });
  });
}
