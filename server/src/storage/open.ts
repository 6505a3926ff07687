/**
 * Which backend a single server uses: PostgreSQL when DATABASE_URL is set (storage/postgres/),
 * otherwise the embedded SQLite file in DATA_DIR (the default; `npm start` needs nothing else).
 * A clustered node (REDIS_URL) opens its fenced PostgreSQL stores in cluster/stores.ts instead.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openPostgresStores } from './postgres/index.js';
import { openSqliteStores } from './sqlite/index.js';
import type { Stores } from './types.js';

export async function openConfiguredStores(config: Config, log: Logger): Promise<Stores> {
  const db = config.database;
  if (!db) return openSqliteStores(config.dataDir);
  return openPostgresStores({
    url: db.url,
    poolSize: db.poolSize,
    statementTimeoutMs: db.statementTimeoutMs,
    // The pool drops the broken connection and opens a new one on the next query: nothing to do
    // but say so (requests in the meantime answer 503 "database unavailable").
    onIdleError: (err) => log.warn({ err: err.message }, 'PostgreSQL connection lost; reconnecting on the next query'),
  });
}
