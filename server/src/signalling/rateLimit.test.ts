import { describe, expect, it } from 'vitest';
import { ParticipantBudgets, SlidingWindowLimiter } from './rateLimit.js';

describe('SlidingWindowLimiter', () => {
  it('allows the budget within a window, refuses the next, and allows again once old requests age out', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(3, 1000, () => now);
    expect([limiter.tryTake(), limiter.tryTake(), limiter.tryTake()]).toEqual([true, true, true]);
    expect(limiter.tryTake()).toBe(false);
    now = 999;
    expect(limiter.tryTake()).toBe(false);
    now = 1000;
    expect(limiter.tryTake()).toBe(true);
  });

  it('does not count refused requests against the budget', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(1, 1000, () => now);
    limiter.tryTake();
    for (let i = 0; i < 100; i++) limiter.tryTake();
    now = 1000;
    expect(limiter.tryTake()).toBe(true);
  });
});

describe('ParticipantBudgets', () => {
  it('gives the same budget to every connection of one participant, and forgets only idle ones', () => {
    let now = 0;
    const limiter = () => new SlidingWindowLimiter(1, 1000, () => now);
    const budgets = new ParticipantBudgets(() => ({ requests: limiter(), controls: limiter() }));
    const first = budgets.for('ana001');
    expect(first.requests.tryTake()).toBe(true);
    expect(budgets.for('ana001')).toBe(first);
    expect(budgets.for('ana001').requests.tryTake()).toBe(false);
    budgets.for('ben001');
    expect(budgets.size).toBe(2);
    now = 1000;
    budgets.for('lee001');
    expect(budgets.size).toBe(1); // ana's and ben's windows are empty: nothing to keep
  });
});
