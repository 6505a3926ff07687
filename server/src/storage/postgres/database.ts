/**
 * The pool every PostgreSQL store shares (node-postgres), and the three ways a store talks to it:
 * `query` (one statement), `tx` (several statements, atomically) and `sessionWrite` (a write of
 * one or more sessions' rows, fenced when the factory was given `epochOf`).
 *
 * Failures of the database itself (refused or dropped connections, a server shutting down, a
 * statement timeout) become StorageUnavailableError ("database unavailable", HTTP 503). The pool
 * drops broken connections and opens new ones on the next query, so service resumes by itself
 * once PostgreSQL is back.
 */
import pg from 'pg';
import { StaleOwnerError, StorageUnavailableError, type EpochOf } from '../types.js';

export type Row = Record<string, unknown>;

/** What a store runs statements on: the pool, or one transaction's connection. */
export interface Executor {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<pg.QueryResult<R>>;
}

export interface PoolOptions {
  url: string;
  /** Connections per node (default 10). */
  poolSize?: number;
  /** Longest a statement may run, server-side and client-side (default 5000 ms). */
  statementTimeoutMs?: number;
  /** Longest to wait for a connection, new or from the pool (default 3000 ms). */
  connectTimeoutMs?: number;
  /** A schema to work in instead of `public` (created if missing): several installs, or tests,
   * sharing one database. */
  schema?: string;
  /** Told about connection errors of idle clients (the pool replaces them). */
  onIdleError?: (err: Error) => void;
}

export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;

// BIGINT (int8) columns hold millisecond times and sequence numbers: well inside 2^53, so they
// come back as numbers, not strings. COUNT(*) is int8 too.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPool(o: PoolOptions): pg.Pool {
  const statementTimeout = o.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: o.url,
    max: o.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    statement_timeout: statementTimeout,
    // A dead server answers nothing: the client gives up a little after the server would have.
    query_timeout: statementTimeout + 1000,
    // A node frozen in the middle of a transaction (SIGSTOP, a long GC pause) holds its locks,
    // the session's fence row among them, and a successor's claim would wait on it. Our
    // transactions never idle longer than a few round trips, so the server ends such a frozen
    // transaction after 2 s (its write fails; nothing half-done stays) and the claim proceeds.
    idle_in_transaction_session_timeout: Math.min(2000, statementTimeout),
    keepAlive: true,
    application_name: 'mediation',
    ...(o.schema ? { options: `-c search_path=${quoteIdent(o.schema)}` } : {}),
  });
  // An idle connection that breaks (the server restarted) must not crash the process: the pool
  // removes it and the next query opens a new one.
  pool.on('error', (err) => o.onIdleError?.(err));
  return pool;
}

export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`unusable schema name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** SQLSTATE classes and codes that mean "the database is not there", not "this statement is wrong". */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '57014', '25P03', '53300', '08000', '08001', '08003', '08004', '08006', '08P01']);
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOENT']);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|connection is closed|Cannot use a pool after calling end/i;

export function isUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message);
}

/** SQLSTATE raised by fence_check() (migration 101); DETAIL is "<session> <own epoch> <stored epoch>". */
const STALE_OWNER_CODE = 'MF001';

function mapError(err: unknown): unknown {
  const e = err as { code?: unknown; detail?: unknown } | null;
  if (e && e.code === STALE_OWNER_CODE && typeof e.detail === 'string') {
    const [sessionId = '', own = '0', stored = '0'] = e.detail.split(' ');
    return new StaleOwnerError(sessionId, Number(own), Number(stored));
  }
  return isUnavailable(err) && !(err instanceof StorageUnavailableError) ? new StorageUnavailableError(err) : err;
}

/** The session a Yjs document belongs to: its name is `<sessionId>/<kind>/<scope>`. */
export const sessionOfDoc = (doc: string): string => doc.split('/', 1)[0]!;

export class PgDatabase implements Executor {
  constructor(readonly pool: pg.Pool, private readonly epochOf: EpochOf | undefined) {}

  /** Whether session writes are checked against the fence at all (a cluster node). */
  get fenced(): boolean {
    return this.epochOf !== undefined;
  }

  async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params as unknown[]);
    } catch (err) {
      throw mapError(err);
    }
  }

  /** Runs `fn` in one transaction (READ COMMITTED) on one connection; rolls back if it throws. */
  async tx<T>(fn: (c: Executor) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw mapError(err);
    }
    const exec: Executor = {
      query: async <R extends Row = Row>(sql: string, params: readonly unknown[] = []) => {
        try {
          return await client.query<R>(sql, params as unknown[]);
        } catch (err) {
          throw mapError(err);
        }
      },
    };
    let broken = false;
    // A checked-out client's connection can die between our statements (the server restarted, or
    // ended a transaction idle too long): without a listener its 'error' event would crash the
    // process. The statement in flight, or the next one, fails and says why.
    const onError = () => { broken = true; };
    client.on('error', onError);
    try {
      await exec.query('BEGIN');
      const result = await fn(exec);
      await exec.query('COMMIT');
      return result;
    } catch (err) {
      broken = isUnavailable(err);
      if (!broken) await client.query('ROLLBACK').catch(() => { broken = true; });
      throw err;
    } finally {
      client.off('error', onError);
      // A connection that failed mid-transaction is not handed to the next caller.
      client.release(broken ? true : undefined);
    }
  }

  /**
   * The arguments of fence_check() for a one-statement session write: the sessions this node must
   * check (sorted, with its epoch for each), or null when nothing is to be checked (embedded, or
   * sessions this node never owned). The statement embeds `fence_check($i::text[], $j::bigint[])`
   * in its FROM so the check runs, and locks, before its rows are written.
   */
  fenceArgs(sessionIds: readonly string[]): { ids: string[]; owns: number[] } | null {
    if (!this.epochOf) return null;
    const ids: string[] = [];
    const owns: number[] = [];
    for (const id of [...new Set(sessionIds)].sort()) {
      const own = this.epochOf(id);
      if (own === undefined) continue;
      ids.push(id);
      owns.push(own);
    }
    return ids.length > 0 ? { ids, owns } : null;
  }

  /**
   * A one-row insert of a session's row in ONE statement, fence check included (as the Yjs
   * updates do): `INSERT INTO table (columns) SELECT $1.. [FROM fence_check(..)] <suffix>`. For the
   * frequent appends (audit entries, caucus visits), one round trip instead of four.
   */
  async insertFenced(sessionId: string, table: string, columns: readonly string[], values: readonly unknown[], suffix = ''): Promise<pg.QueryResult<Row>> {
    const fence = this.fenceArgs([sessionId]);
    const n = values.length;
    const from = fence ? ` FROM (SELECT fence_check($${n + 1}::text[], $${n + 2}::bigint[])) AS f` : '';
    return this.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.map((_, i) => `$${i + 1}`).join(', ')}${from} ${suffix}`,
      fence ? [...values, fence.ids, fence.owns] : values);
  }

  /**
   * A write of the rows of `sessionIds`. Fenced (a cluster node whose `epochOf` answers a number
   * for the session): one transaction that first takes each session's fence row FOR SHARE (so a
   * claim waits for it, and it waits for a claim in progress) and throws StaleOwnerError if a
   * stored epoch is higher than this node's; nothing is written then. Unfenced: `fn` runs in a
   * transaction only if `atomic`, otherwise straight on the pool.
   */
  async sessionWrite<T>(sessionIds: string | readonly string[], fn: (c: Executor) => Promise<T>, atomic = false): Promise<T> {
    const ids = typeof sessionIds === 'string' ? [sessionIds] : [...new Set(sessionIds)].sort();
    const checks = this.epochOf ? ids.flatMap((id) => {
      const own = this.epochOf!(id);
      return own === undefined ? [] : [{ id, own }];
    }) : [];
    if (checks.length === 0) return atomic ? this.tx(fn) : fn(this);
    return this.tx(async (c) => {
      // Sorted ids: two batches over the same sessions lock their fence rows in the same order.
      for (const { id, own } of checks) await checkFence(c, id, own);
      return fn(c);
    });
  }
}

/**
 * Inside a transaction: locks the session's fence row FOR SHARE and refuses a stale owner. A
 * session never claimed gets its row (epoch 0) first, so a claim racing this write waits for it
 * instead of committing unseen before it.
 */
export async function checkFence(c: Executor, sessionId: string, own: number): Promise<void> {
  let r = await c.query<{ epoch: number }>('SELECT epoch FROM session_fence WHERE session_id = $1 FOR SHARE', [sessionId]);
  if (r.rows.length === 0) {
    await c.query('INSERT INTO session_fence (session_id, epoch) VALUES ($1, 0) ON CONFLICT (session_id) DO NOTHING', [sessionId]);
    r = await c.query<{ epoch: number }>('SELECT epoch FROM session_fence WHERE session_id = $1 FOR SHARE', [sessionId]);
  }
  const stored = Number(r.rows[0]?.epoch ?? 0);
  if (stored > own) throw new StaleOwnerError(sessionId, own, stored);
}

export const str = (v: unknown): string => String(v);
export const num = (v: unknown): number => Number(v);
export const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));
/** BYTEA comes back as a Buffer; the stores hand out plain Uint8Arrays, as the SQLite backend does. */
export const bytes = (v: unknown): Uint8Array => new Uint8Array(v as Uint8Array);
