import { describe, expect, it } from 'vitest';
import { gridColumns } from './gridShape';

describe('video grid shape', () => {
  it('fills the stage: 1, 2x1, 2x2, 3x3, 4x4 on a wide screen', () => {
    expect([1, 2, 3, 4, 5, 9, 10, 16, 17].map((n) => gridColumns(n, false))).toEqual([1, 2, 2, 2, 3, 3, 4, 4, 5]);
  });
  it('on a phone, one column for up to two people (stacked), then two', () => {
    expect([1, 2, 3, 6].map((n) => gridColumns(n, true))).toEqual([1, 1, 2, 2]);
  });
});
