/**
 * The PostgreSQL backend (issue 16): every store of `types.ts` on one pooled node-postgres
 * connection pool, selected by DATABASE_URL. Several nodes share one database; what keeps a
 * frozen node from overwriting its successor is fencing (`fencing.claim`, and `epochOf` checked
 * by every session write; storage/README.md "PostgreSQL").
 *
 * Opening it applies the pending migrations (migrations.ts). A database that cannot be reached at
 * start-up stops the server with one StartupError line; later outages make requests fail with
 * StorageUnavailableError (503) until it is back, without a restart.
 */
import { pgChatStore } from './chat.js';
import { StartupError } from '../../config.js';
import type { EpochOf, FencingStore, Stores } from '../types.js';
import { pgAgreementStore } from './agreement.js';
import { pgCaucusHistoryStore } from './caucusHistory.js';
import { createPool, isUnavailable, PgDatabase, type PoolOptions } from './database.js';
import { pgDocumentStore } from './documents.js';
import { pgFencingStore } from './fencing.js';
import { pgFollowupStores } from './followup.js';
import { pgGenerationStore } from './generations.js';
import { pgIntakeStores } from './intake.js';
import { migrate } from './migrations.js';
import { pgPracticeStores } from './practice.js';
import { pgScoreStore } from './scores.js';
import { pgSessionStore } from './sessions.js';

export { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_POOL_SIZE, DEFAULT_STATEMENT_TIMEOUT_MS } from './database.js';

export interface PostgresOptions extends PoolOptions {
  /**
   * This node's owner epoch per session (a cluster node). Given: every session write checks the
   * session's fence in its own transaction and throws StaleOwnerError if the stored epoch is
   * higher than `epochOf(sessionId)` (undefined for a session: not fenced). Not given (one node):
   * no write is fenced.
   */
  epochOf?: EpochOf;
}

/** The PostgreSQL backend's stores: every store, and fencing always present. */
export type PostgresStores = Stores & { fencing: FencingStore };

/** Tells an operator what to fix, without the password. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

export async function openPostgresStores(opts: PostgresOptions): Promise<PostgresStores> {
  const pool = createPool(opts);
  const db = new PgDatabase(pool, opts.epochOf);
  try {
    await migrate(db, undefined, opts.schema);
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof StartupError) throw err;
    const why = isUnavailable(err) ? 'cannot be reached' : 'could not be brought up to date';
    const cause = (err as Error).message || (err as { code?: string }).code || String(err);
    throw new StartupError(`The PostgreSQL database at ${describe(opts.url)} ${why} (${cause}). Check DATABASE_URL and that PostgreSQL is running.`);
  }
  let closed = false;
  return {
    sessions: pgSessionStore(db),
    documents: pgDocumentStore(db),
    agreement: pgAgreementStore(db),
    scores: pgScoreStore(db),
    caucusHistory: pgCaucusHistoryStore(db),
    generations: pgGenerationStore(db),
    chat: pgChatStore(db),
    practice: pgPracticeStores(db),
    intake: pgIntakeStores(db),
    followup: pgFollowupStores(db),
    fencing: pgFencingStore(db),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
