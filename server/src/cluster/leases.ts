/**
 * Session leases in Redis: `session:<id>:owner` = {"node","epoch"} with a TTL, and the epoch
 * counter `session:<id>:epoch` (INCR). Every change is one Lua script, so two nodes never both
 * win a claim, and a renewal never extends someone else's lease.
 */
import { z } from 'zod';
import type { ClusterRedis } from './redis.js';

export const ownerKey = (sessionId: string) => `session:${sessionId}:owner`;
export const epochKey = (sessionId: string) => `session:${sessionId}:epoch`;

const ownerSchema = z.object({ node: z.string(), epoch: z.number().int().min(1) });
export type Owner = z.infer<typeof ownerSchema>;

/** Claim for ARGV[1] unless owned; returns the owner either way. ARGV[3] is an epoch floor: the
 * counter is raised above it (after a Redis restart without persistence the counter starts again
 * at 0 while PostgreSQL's fence remembers the last epoch). */
const CLAIM = `
local cur = redis.call('GET', KEYS[1])
if cur then return cur end
local e = redis.call('INCR', KEYS[2])
local floor = tonumber(ARGV[3])
if e <= floor then e = floor + 1; redis.call('SET', KEYS[2], e) end
local v = cjson.encode({node = ARGV[1], epoch = e})
redis.call('SET', KEYS[1], v, 'PX', ARGV[2])
return v`;

/** Extend our own lease. If the key is gone (expired while we were slow, or Redis restarted and
 * lost it) and nobody took a higher epoch, re-establish it: nobody else can have claimed without
 * raising the counter. Returns 1 (still ours) or 0 (lost: drop the session). */
const RENEW = `
local mine = tonumber(ARGV[2])
local cur = redis.call('GET', KEYS[1])
if cur then
  local o = cjson.decode(cur)
  if o.node == ARGV[1] and tonumber(o.epoch) == mine then
    redis.call('PEXPIRE', KEYS[1], ARGV[3])
    return 1
  end
  return 0
end
local e = tonumber(redis.call('GET', KEYS[2]) or '0')
if e > mine then return 0 end
if e < mine then redis.call('SET', KEYS[2], mine) end
redis.call('SET', KEYS[1], cjson.encode({node = ARGV[1], epoch = mine}), 'PX', ARGV[3])
return 1`;

/** Give the session up (drain, idle) only if the lease is still ours. */
const RELEASE = `
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local o = cjson.decode(cur)
if o.node == ARGV[1] and tonumber(o.epoch) == tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]); return 1 end
return 0`;

function parseOwner(v: unknown): Owner | null {
  if (typeof v !== 'string') return null;
  try {
    const o = ownerSchema.safeParse(JSON.parse(v));
    return o.success ? o.data : null;
  } catch {
    return null;
  }
}

export class Leases {
  constructor(
    private readonly redis: ClusterRedis,
    private readonly leaseMs: number,
  ) {}

  async owner(sessionId: string): Promise<Owner | null> {
    return parseOwner(await this.redis.cmd(['GET', ownerKey(sessionId)]));
  }

  /** Milliseconds left on the session's lease (<= 0: none). */
  async ttl(sessionId: string): Promise<number> {
    return Number(await this.redis.cmd(['PTTL', ownerKey(sessionId)]));
  }

  /** Claims the session for `node` unless it is owned; answers the owner (new or existing). */
  async claim(sessionId: string, node: string, epochFloor = 0): Promise<Owner> {
    const v = await this.redis.eval(CLAIM, [ownerKey(sessionId), epochKey(sessionId)], [node, String(this.leaseMs), String(epochFloor)]);
    const o = parseOwner(v);
    if (!o) throw new Error(`lease claim answered ${String(v)}`);
    return o;
  }

  async renew(sessionId: string, node: string, epoch: number): Promise<boolean> {
    return (await this.redis.eval(RENEW, [ownerKey(sessionId), epochKey(sessionId)], [node, String(epoch), String(this.leaseMs)])) === 1;
  }

  async release(sessionId: string, node: string, epoch: number): Promise<boolean> {
    return (await this.redis.eval(RELEASE, [ownerKey(sessionId)], [node, String(epoch)])) === 1;
  }
}
