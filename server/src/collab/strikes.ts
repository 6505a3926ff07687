/**
 * Malformed frames per participant. A well-behaved client never sends one, so a few within a
 * minute mean a broken or hostile client: its reconnects are refused (4429) for a while instead
 * of letting it make the server decode garbage at will.
 */
export class Strikes {
  private readonly hits = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly max: number, private readonly windowMs: number, private readonly blockMs: number) {}

  /** Records one bad frame; true when this one starts a block. */
  strike(key: string, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    if (recent.length < this.max) {
      this.hits.set(key, recent);
      return false;
    }
    this.hits.delete(key);
    this.blockedUntil.set(key, now + this.blockMs);
    return true;
  }

  blocked(key: string, now = Date.now()): boolean {
    const until = this.blockedUntil.get(key);
    if (until === undefined) return false;
    if (now < until) return true;
    this.blockedUntil.delete(key);
    return false;
  }
}
