import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { migrate } from '../storage/sqlite/migrations.js';
import { sqliteScoreStore } from '../storage/sqlite/scores.js';

/** The server's score store on a migrated in-memory database, called the way the board calls it. */
function scoreStore(db = new DatabaseSync(':memory:')) {
  migrate(db);
  const store = sqliteScoreStore(db);
  return {
    set: (sessionId: string, space: string, optionId: string, side: string, value: Parameters<typeof store.set>[1], by: string, base: number) => store.set({ sessionId, space, optionId, side }, value, by, base),
    get: (sessionId: string, space: string, optionId: string, side: string) => store.get({ sessionId, space, optionId, side }),
    ownSide: store.ownSide,
    acceptableToAll: store.acceptableToAll,
  };
}

describe('private scores', () => {
  it('returns only the asking side\'s scores and an overlap of options every side found acceptable', async () => {
    const s = scoreStore();
    await s.set('sess01', 'joint', 'opt1', 'Claimant', 'acceptable', 'ana', 0);
    await s.set('sess01', 'joint', 'opt2', 'Claimant', 'acceptable', 'ana', 0);
    await s.set('sess01', 'joint', 'opt1', 'Respondent', 'acceptable', 'ben', 0);
    await s.set('sess01', 'joint', 'opt2', 'Respondent', 'maybe', 'ben', 0);
    await s.set('sess02', 'joint', 'opt2', 'Respondent', 'acceptable', 'other', 0);
    expect((await s.ownSide('sess01', 'joint', 'Claimant')).scores).toEqual({ opt1: 'acceptable', opt2: 'acceptable' });
    expect((await s.ownSide('sess01', 'joint', 'Respondent')).scores).toEqual({ opt1: 'acceptable', opt2: 'maybe' });
    expect(await s.acceptableToAll('sess01', 'joint', ['Claimant', 'Respondent'])).toEqual(['opt1']);
    // A third side that has not scored blocks the overlap; no sides, no overlap.
    expect(await s.acceptableToAll('sess01', 'joint', ['Claimant', 'Respondent', 'Insurer'])).toEqual([]);
    expect(await s.acceptableToAll('sess01', 'joint', [])).toEqual([]);
  });

  it('clears a score when the value is null, and the version keeps counting', async () => {
    const s = scoreStore();
    await s.set('sess01', 'joint', 'opt1', 'Claimant', 'maybe', 'ana', 0);
    expect(await s.set('sess01', 'joint', 'opt1', 'Claimant', null, 'ana', 1)).toMatchObject({ ok: true, entry: { value: null, version: 2 } });
    expect(await s.ownSide('sess01', 'joint', 'Claimant')).toEqual({ scores: {}, versions: { opt1: 2 } });
    expect(await s.acceptableToAll('sess01', 'joint', ['Claimant'])).toEqual([]);
  });

  it('refuses a write based on an old version and returns what stands, changing nothing', async () => {
    const s = scoreStore();
    expect((await s.set('sess01', 'joint', 'opt1', 'Claimant', 'acceptable', 'ana', 0)).ok).toBe(true);
    const stale = await s.set('sess01', 'joint', 'opt1', 'Claimant', 'unacceptable', 'lee', 0);
    expect(stale).toMatchObject({ ok: false, current: { value: 'acceptable', version: 1, by: 'ana' } });
    expect(await s.get('sess01', 'joint', 'opt1', 'Claimant')).toMatchObject({ value: 'acceptable', version: 1 });
  });

  it('adds the version column to a database from before versions, keeping its scores', async () => {
    const db = new DatabaseSync(':memory:');
    db.exec(`CREATE TABLE board_scores (session_id TEXT NOT NULL, space TEXT NOT NULL, option_id TEXT NOT NULL, side TEXT NOT NULL,
      value TEXT NOT NULL, scored_by TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (session_id, space, option_id, side))`);
    db.prepare('INSERT INTO board_scores VALUES (?, ?, ?, ?, ?, ?, ?)').run('sess01', 'joint', 'opt1', 'Claimant', 'maybe', 'ana', 1);
    const s = scoreStore(db);
    expect(await s.ownSide('sess01', 'joint', 'Claimant')).toEqual({ scores: { opt1: 'maybe' }, versions: { opt1: 1 } });
  });
});
