/**
 * express-rate-limit's store on Redis, so the /api budget of a link or an address is one budget
 * across nodes (nginx spreads non-session requests round robin). A fixed window per key: INCR,
 * and PEXPIRE on the first hit, in one script.
 */
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import type { ClusterRedis } from './redis.js';

const INCR = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

export class RedisRateLimitStore implements Store {
  private windowMs = 60_000;
  readonly prefix = 'rl:';
  /** Counts are shared by every node. */
  readonly localKeys = false;

  constructor(private readonly redis: ClusterRedis) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const [n, ttl] = (await this.redis.eval(INCR, [this.prefix + key], [String(this.windowMs)])) as [number, number];
    return { totalHits: n, resetTime: new Date(Date.now() + Math.max(0, ttl)) };
  }

  async decrement(key: string): Promise<void> {
    await this.redis.cmd(['DECR', this.prefix + key]);
  }

  async resetKey(key: string): Promise<void> {
    await this.redis.cmd(['DEL', this.prefix + key]);
  }
}
