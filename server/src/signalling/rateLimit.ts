/**
 * Request budget: a sliding window of timestamps per bucket. A flood of requests gets RATE_LIMITED
 * before it reaches the room, so it cannot change state or starve other people.
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

  /** Nothing left in the window: forgetting this limiter loses nothing. */
  idle(): boolean {
    const last = this.stamps[this.stamps.length - 1];
    return last === undefined || last <= this.now() - this.windowMs;
  }
}

export interface Budgets {
  readonly requests: SlidingWindowLimiter;
  readonly controls: SlidingWindowLimiter;
  /** Caption lines (`caption:send`), on top of the request budget: a captioner types all session
   * long, and a flood of lines must not reach a space faster than anyone could read it. */
  readonly captions?: SlidingWindowLimiter;
}

/**
 * Budgets per participant, not per connection: reconnecting or taking over from another tab gets
 * the same budget, so a new socket does not reset a flood. Idle budgets are forgotten.
 */
export class ParticipantBudgets {
  private readonly byParticipant = new Map<string, Budgets>();

  constructor(
    private readonly make: () => Budgets,
  ) {}

  for(participantId: string): Budgets {
    for (const [id, b] of this.byParticipant) if (id !== participantId && b.requests.idle() && b.controls.idle() && (b.captions?.idle() ?? true)) this.byParticipant.delete(id);
    let b = this.byParticipant.get(participantId);
    if (!b) this.byParticipant.set(participantId, (b = this.make()));
    return b;
  }

  get size(): number {
    return this.byParticipant.size;
  }
}
