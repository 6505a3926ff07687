import { describe, expect, it } from 'vitest';
import { asSideScores, mergeScores } from './sideScores';

describe('merging a side\'s scores', () => {
  it('keeps a newer live update when an older answer arrives after it', () => {
    const live = mergeScores({ scores: {}, versions: {} }, asSideScores({ space: 'joint', optionId: 'opt1', value: 'maybe', version: 3, byName: 'Lee', at: 1 }));
    const lateAnswer = { scores: { opt1: 'acceptable' as const }, versions: { opt1: 2 } };
    expect(mergeScores(live, lateAnswer)).toEqual({ scores: { opt1: 'maybe' }, versions: { opt1: 3 } });
  });

  it('applies a newer clear, removing the score but keeping its version', () => {
    const have = { scores: { opt1: 'acceptable' as const, opt2: 'maybe' as const }, versions: { opt1: 1, opt2: 1 } };
    const cleared = asSideScores({ space: 'joint', optionId: 'opt1', value: null, version: 2, byName: 'Ana', at: 1 });
    expect(mergeScores(have, cleared)).toEqual({ scores: { opt2: 'maybe' }, versions: { opt1: 2, opt2: 1 } });
  });
});
