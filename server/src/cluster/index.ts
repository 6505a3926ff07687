/**
 * A node of a cluster (README.md here): on when REDIS_URL is set. Wires Redis, the node registry,
 * the session leases and this node's ownership table into the app; app.ts calls these in order:
 * `connectCluster` (before storage: the storage fence asks `epochOf`), `attachHttp` (before the
 * body parsers), `start` (once the port is known), and `drain` / `close` at the end.
 */
import type { Express } from 'express';
import type { AppContext } from '../contracts.js';
import type { Logger } from 'pino';
import type { ClusterConfig } from './config.js';
import { appHost } from './host.js';
import { Leases } from './leases.js';
import { NodeRegistry } from './nodes.js';
import { Ownership, type Fencing } from './ownership.js';
import { RedisRateLimitStore } from './rateLimitStore.js';
import { connectRedis, type ClusterRedis } from './redis.js';
import { forwardSessionRequests } from './routes.js';

export interface ClusterNode {
  cfg: ClusterConfig;
  redis: ClusterRedis;
  leases: Leases;
  nodes: NodeRegistry;
  rateLimitStore: RedisRateLimitStore;
  /** The lease epoch this node serves a session under (undefined: not ours). Storage stamps it on writes. */
  epochOf(sessionId: string): number | undefined;
  /** Storage refused a write as stale: give the session up. */
  staleWrite(sessionId: string): void;
  /** Created by `bind` once the app context exists. */
  ownership: Ownership | null;
  bind(ctx: AppContext, fencing: Fencing): Ownership;
  attachHttp(app: Express): void;
  start(port: number): void;
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function connectCluster(cfg: ClusterConfig, log: Logger): Promise<ClusterNode> {
  const redis = await connectRedis(cfg.redisUrl, log);
  const leases = new Leases(redis, cfg.leaseMs);
  const nodes = new NodeRegistry(redis, cfg.nodeStaleMs);
  const node: ClusterNode = {
    cfg, redis, leases, nodes,
    rateLimitStore: new RedisRateLimitStore(redis),
    ownership: null,
    epochOf: (sessionId) => node.ownership?.epochOf(sessionId),
    staleWrite: (sessionId) => node.ownership?.staleWrite(sessionId),
    bind(ctx, fencing) {
      node.ownership = new Ownership(cfg, cfg.internalUrl ?? '', leases, nodes, fencing, appHost(ctx), log.child({ node: cfg.nodeId }));
      return node.ownership;
    },
    attachHttp(app) {
      let forward: ReturnType<typeof forwardSessionRequests> | null = null;
      app.use('/api', (req, res, next) => {
        if (!node.ownership) return next();
        forward ??= forwardSessionRequests(node.ownership, leases, nodes, cfg.nodeId);
        return forward(req, res, next);
      });
    },
    start(port) {
      node.ownership?.setInternalUrl(cfg.internalUrl ?? `http://127.0.0.1:${port}`);
      node.ownership?.start();
      log.info({ node: cfg.nodeId, prefix: cfg.prefix }, 'cluster node started');
    },
    async drain() {
      await node.ownership?.drain(cfg.drainDeadlineMs);
    },
    async close() {
      node.ownership?.stop();
      await nodes.remove(cfg.nodeId).catch(() => undefined);
      await redis.close();
    },
  };
  return node;
}

export { clusterConfigFromEnv, type ClusterConfig } from './config.js';
export type { Fencing } from './ownership.js';
