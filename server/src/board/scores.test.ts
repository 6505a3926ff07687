import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { ScoreStore } from './scores.js';

describe('private scores', () => {
  it('returns only the asking side\'s scores and an overlap of options every side found acceptable', () => {
    const s = new ScoreStore(new DatabaseSync(':memory:'));
    s.set('sess01', 'joint', 'opt1', 'Claimant', 'acceptable', 'ana');
    s.set('sess01', 'joint', 'opt2', 'Claimant', 'acceptable', 'ana');
    s.set('sess01', 'joint', 'opt1', 'Respondent', 'acceptable', 'ben');
    s.set('sess01', 'joint', 'opt2', 'Respondent', 'maybe', 'ben');
    s.set('sess02', 'joint', 'opt2', 'Respondent', 'acceptable', 'other');
    expect(s.ownSide('sess01', 'joint', 'Claimant')).toEqual({ opt1: 'acceptable', opt2: 'acceptable' });
    expect(s.ownSide('sess01', 'joint', 'Respondent')).toEqual({ opt1: 'acceptable', opt2: 'maybe' });
    expect(s.acceptableToAll('sess01', 'joint', ['Claimant', 'Respondent'])).toEqual(['opt1']);
    // A third side that has not scored blocks the overlap; no sides, no overlap.
    expect(s.acceptableToAll('sess01', 'joint', ['Claimant', 'Respondent', 'Insurer'])).toEqual([]);
    expect(s.acceptableToAll('sess01', 'joint', [])).toEqual([]);
  });

  it('clears a score when the value is null', () => {
    const s = new ScoreStore(new DatabaseSync(':memory:'));
    s.set('sess01', 'joint', 'opt1', 'Claimant', 'maybe', 'ana');
    s.set('sess01', 'joint', 'opt1', 'Claimant', null, 'ana');
    expect(s.ownSide('sess01', 'joint', 'Claimant')).toEqual({});
  });
});
