/**
 * Node registry: every node writes `node:<id>` (its prefix, internal URL, load, draining) every
 * heartbeat with a TTL of NODE_STALE_MS, and lists itself in the set `cluster:nodes`. A node is
 * available while its record is fresh and it is not draining; placement picks the least loaded.
 */
import { z } from 'zod';
import type { ClusterRedis } from './redis.js';

export const NODES_SET = 'cluster:nodes';
const nodeKey = (id: string) => `node:${id}`;

export const nodeInfoSchema = z.object({
  id: z.string(),
  prefix: z.string(),
  internalUrl: z.string(),
  sessions: z.number().int().min(0),
  participants: z.number().int().min(0),
  /** Share of one core used by this process over the last heartbeat interval (0..cores). */
  cpu: z.number().min(0),
  draining: z.boolean(),
  at: z.number(),
});
export type NodeInfo = z.infer<typeof nodeInfoSchema>;

export class NodeRegistry {
  constructor(
    private readonly redis: ClusterRedis,
    private readonly staleMs: number,
  ) {}

  async beat(info: NodeInfo): Promise<void> {
    await this.redis.cmd(['SET', nodeKey(info.id), JSON.stringify(info), 'PX', String(this.staleMs)]);
    await this.redis.cmd(['SADD', NODES_SET, info.id]);
  }

  /** Forget a node at once (a clean exit), rather than waiting for its record to expire. */
  async remove(id: string): Promise<void> {
    await this.redis.cmd(['DEL', nodeKey(id)]);
    await this.redis.cmd(['SREM', NODES_SET, id]);
  }

  /** Every node with a fresh record (draining ones included). */
  async live(now = Date.now()): Promise<NodeInfo[]> {
    const ids = (await this.redis.cmd(['SMEMBERS', NODES_SET])) as string[];
    if (ids.length === 0) return [];
    const raw = (await this.redis.cmd(['MGET', ...ids.map(nodeKey)])) as Array<string | null>;
    const out: NodeInfo[] = [];
    raw.forEach((v, i) => {
      if (v === null) {
        // Expired: drop it from the set too (harmless if it comes back: it re-adds itself).
        void this.redis.cmd(['SREM', NODES_SET, ids[i]!]).catch(() => undefined);
        return;
      }
      const parsed = nodeInfoSchema.safeParse(JSON.parse(v));
      if (parsed.success && now - parsed.data.at < this.staleMs) out.push(parsed.data);
    });
    return out;
  }

  async get(id: string): Promise<NodeInfo | null> {
    const v = await this.redis.cmd(['GET', nodeKey(id)]);
    if (typeof v !== 'string') return null;
    const parsed = nodeInfoSchema.safeParse(JSON.parse(v));
    return parsed.success ? parsed.data : null;
  }
}

/** The least loaded available node: fewest sessions, then fewest people, then least CPU. Nodes
 * whose last heartbeat is older than `freshMs` (frozen, overloaded, dying) are only chosen when
 * there is nothing else: a session placed there waits a whole lease if the node never adopts it. */
export function leastLoaded(nodes: NodeInfo[], freshMs = Infinity, now = Date.now()): NodeInfo | null {
  const candidates = nodes.filter((n) => !n.draining);
  const fresh = candidates.filter((n) => now - n.at < freshMs);
  const available = fresh.length > 0 ? fresh : candidates;
  available.sort((a, b) => a.sessions - b.sessions || a.participants - b.participants || a.cpu - b.cpu || a.id.localeCompare(b.id));
  return available[0] ?? null;
}
