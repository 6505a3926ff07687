/**
 * The stores of a cluster node: PostgreSQL (DATABASE_URL), fenced with this node's lease epochs,
 * and wrapped so that a stale-owner refusal gives the session up (staleGuard.ts).
 */
import { StartupError } from '../config.js';
import type { Logger } from 'pino';
import { openPostgresStores } from '../storage/postgres/index.js';
import { openSqliteStores } from '../storage/sqlite/index.js';
import type { Stores } from '../storage/types.js';
import type { ClusterNode } from './index.js';
import type { Fencing } from './ownership.js';
import { guardStaleWrites } from './staleGuard.js';

/** `pool`: DATABASE_POOL_SIZE and DATABASE_STATEMENT_TIMEOUT_MS (config.database), when given. */
export async function openClusterStores(node: ClusterNode, dataDir: string, log: Logger, pool?: { poolSize: number; statementTimeoutMs: number } | null): Promise<Stores> {
  if (!node.cfg.databaseUrl) {
    // Only for trying the cluster on one machine: every node must then share DATA_DIR, and
    // nothing fences a stale owner's writes. Production needs PostgreSQL.
    if (process.env.CLUSTER_SHARED_SQLITE !== '1') throw new StartupError('REDIS_URL is set but DATABASE_URL is not: a cluster keeps its durable state in PostgreSQL (set DATABASE_URL=postgres://…).');
    log.warn('cluster on a shared SQLite file (CLUSTER_SHARED_SQLITE=1): no fencing, for local trials only');
    return openSqliteStores(dataDir, { shared: true });
  }
  const stores = await openPostgresStores({ url: node.cfg.databaseUrl, poolSize: pool?.poolSize, statementTimeoutMs: pool?.statementTimeoutMs, epochOf: node.epochOf, onIdleError: (err) => log.warn({ err: err.message }, 'postgres connection lost; reconnecting') });
  return guardStaleWrites(stores, (sessionId) => node.staleWrite(sessionId));
}

/** The storage fence of a backend that has one (PostgreSQL); none for SQLite. */
export function fencingOf(stores: Stores): Fencing | null {
  return (stores as { fencing?: Fencing }).fencing ?? null;
}

