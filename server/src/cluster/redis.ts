/**
 * The Redis connection of a node. node-redis (`redis`, the official client): typed, maintained by
 * Redis itself, reconnects on its own, and queues commands while disconnected, which we do not
 * want (a lease renewal answered 10 s late is worse than one that fails now): the offline queue is
 * off, so every command fails at once while Redis is away and the callers decide (ownership.ts
 * keeps serving the sessions it owns; placement answers "retry").
 */
import { createClient } from 'redis';
import type { Logger } from 'pino';

export type RedisReply = string | number | null | RedisReply[];

export interface ClusterRedis {
  /** One command; rejects at once when Redis is unreachable. */
  cmd(args: string[]): Promise<RedisReply>;
  /** Runs a Lua script (EVAL; scripts are small, so no EVALSHA cache is needed). */
  eval(script: string, keys: string[], args: string[]): Promise<RedisReply>;
  readonly ready: boolean;
  close(): Promise<void>;
}

export async function connectRedis(url: string, log: Logger): Promise<ClusterRedis> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2000,
      // Retry every 250-1000 ms for ever: Redis restarts must not need a node restart.
      reconnectStrategy: (retries: number) => Math.min(250 * (retries + 1), 1000),
    },
  });
  let downSince: number | null = null;
  client.on('error', (err: unknown) => {
    if (downSince === null) {
      downSince = Date.now();
      log.warn({ err: (err as Error).message }, 'redis unreachable; leases held here are kept, new placements wait');
    }
  });
  client.on('ready', () => {
    if (downSince !== null) log.info({ downMs: Date.now() - downSince }, 'redis reachable again');
    downSince = null;
  });
  await client.connect();
  return {
    cmd: (args) => client.sendCommand(args) as Promise<RedisReply>,
    eval: (script, keys, args) => client.sendCommand(['EVAL', script, String(keys.length), ...keys, ...args]) as Promise<RedisReply>,
    get ready() {
      return client.isReady;
    },
    async close() {
      try {
        await client.quit();
      } catch {
        client.destroy();
      }
    },
  };
}
