/**
 * Per-connection request budget: a sliding window of timestamps per bucket. A flood of requests
 * gets RATE_LIMITED before it reaches the room, so it cannot change state or starve other people.
 */
export class SlidingWindowLimiter {
  private readonly stamps: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one request if the budget allows it; returns false (recording nothing) otherwise. */
  tryTake(): boolean {
    const t = this.now();
    while (this.stamps.length > 0 && this.stamps[0]! <= t - this.windowMs) this.stamps.shift();
    if (this.stamps.length >= this.limit) return false;
    this.stamps.push(t);
    return true;
  }
}
