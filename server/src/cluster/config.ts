/** Cluster settings from the environment (README.md in this folder); null when not clustered. */
import { z } from 'zod';
import { ConfigError } from '../config.js';

const ms = z.coerce.number().int().min(1);

const schema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a redis:// or rediss:// URL' }),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL must be a postgres:// URL' }).optional(),
  NODE_ID: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'NODE_ID: letters, digits, - and _, at most 32'),
  /** Public path prefix the reverse proxy maps to this node; defaults to /n/<NODE_ID>. */
  NODE_PREFIX: z.string().regex(/^\/n\/[A-Za-z0-9_-]{1,32}$/, 'NODE_PREFIX must look like /n/<id>').optional(),
  /** How the other nodes reach this one directly (HTTP requests of a session they do not host). */
  NODE_INTERNAL_URL: z.url().optional(),
  LEASE_MS: ms.default(8000),
  LEASE_RENEW_MS: ms.default(2000),
  HEARTBEAT_MS: ms.default(1000),
  NODE_STALE_MS: ms.default(5000),
  /** After SIGTERM: sessions still here after this long are released so their people move. */
  DRAIN_DEADLINE_MS: ms.optional(),
  /** A session with nothing live here (no room, no document) is released after this long. */
  RELEASE_IDLE_MS: ms.default(60_000),
});

export interface ClusterConfig {
  redisUrl: string;
  databaseUrl: string | null;
  nodeId: string;
  prefix: string;
  internalUrl: string | null;
  leaseMs: number;
  renewMs: number;
  heartbeatMs: number;
  nodeStaleMs: number;
  drainDeadlineMs: number | null;
  releaseIdleMs: number;
}

export function clusterConfigFromEnv(env: NodeJS.ProcessEnv): ClusterConfig | null {
  if (!env.REDIS_URL) return null;
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid cluster configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  if (e.LEASE_RENEW_MS * 2 > e.LEASE_MS) throw new ConfigError('Invalid cluster configuration: LEASE_RENEW_MS must be at most half of LEASE_MS (one missed renewal must not lose the lease)');
  return {
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL ?? null,
    nodeId: e.NODE_ID,
    prefix: e.NODE_PREFIX ?? `/n/${e.NODE_ID}`,
    internalUrl: e.NODE_INTERNAL_URL ?? null,
    leaseMs: e.LEASE_MS,
    renewMs: e.LEASE_RENEW_MS,
    heartbeatMs: e.HEARTBEAT_MS,
    nodeStaleMs: e.NODE_STALE_MS,
    drainDeadlineMs: e.DRAIN_DEADLINE_MS ?? null,
    releaseIdleMs: e.RELEASE_IDLE_MS,
  };
}
