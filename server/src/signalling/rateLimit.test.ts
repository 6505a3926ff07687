import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rateLimit.js';

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
