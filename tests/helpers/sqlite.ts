/**
 * Reads a test server's SQLite file directly, for tests that check what was (not) stored below
 * the store interfaces (a refused request left no session row, an update log was compacted). The
 * app itself only ever sees `ctx.stores`; this opens a separate read-only connection per query.
 */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DATABASE_FILE } from '../../server/src/storage/sqlite/index.js';

export function sqliteRows<T = Record<string, unknown>>(app: { dataDir: string }, sql: string, ...params: Array<string | number>): T[] {
  const db = new DatabaseSync(path.join(app.dataDir, DATABASE_FILE), { readOnly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** `SELECT COUNT(*) AS n …` as a number. */
export const sqliteCount = (app: { dataDir: string }, sql: string, ...params: Array<string | number>): number =>
  Number(sqliteRows<{ n: number }>(app, sql, ...params)[0]?.n ?? 0);

/** The `prepare(sql).get/all` subset of a database handle, each call a fresh read-only query. */
export function sqliteReader(app: { dataDir: string }) {
  return {
    prepare: (sql: string) => ({
      get: (...params: Array<string | number>) => sqliteRows(app, sql, ...params)[0],
      all: (...params: Array<string | number>) => sqliteRows(app, sql, ...params),
    }),
  };
}
