/**
 * The SQLite connection every SQLite store shares: one file in the data directory (node:sqlite,
 * no service and no native build), WAL so readers never block the single writer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { StartupError } from '../../config.js';
import { migrate } from './migrations.js';

export const DATABASE_FILE = 'mediation.sqlite';

export type Row = Record<string, unknown>;

/**
 * Opens (creating if needed) the database in `dataDir` and brings its schema up to date. Any
 * failure to open is the operator's to fix (permissions, a file where the directory should be, a
 * full disk), so it becomes one StartupError line naming DATA_DIR instead of an SQLite stack trace.
 */
export function openDatabase(dataDir: string): DatabaseSync {
  let db: DatabaseSync;
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // SQLite can open a read-only directory's existing file and fail only on the first write;
    // probing with a real file finds that now, not when the first session is created.
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    db = new DatabaseSync(path.join(dataDir, DATABASE_FILE));
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new StartupError(`DATA_DIR ${dataDir} is not a writable directory (${e.message}). Create it, make it writable, or set DATA_DIR elsewhere.`);
  }
  try {
    migrate(db);
  } catch (err) {
    db.close();
    if (err instanceof StartupError) throw err;
    throw new StartupError(`The database in DATA_DIR ${dataDir} could not be brought up to date (${(err as Error).message}).`);
  }
  return db;
}

/**
 * Runs `fn` in one write transaction. `fn` is synchronous, so nothing else on this connection can
 * run in between; BEGIN IMMEDIATE takes the write lock at once, so another process cannot slip a
 * write between a read and a write of `fn`.
 */
export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

export const str = (v: unknown): string => String(v);
export const num = (v: unknown): number => Number(v);
export const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));

/** The one row `stmt` finds for `params`, mapped to a record; null when there is none. */
export function oneRow<T>(stmt: StatementSync, toRecord: (r: Row) => T, ...params: SQLInputValue[]): T | null {
  const r = stmt.get(...params) as Row | undefined;
  return r ? toRecord(r) : null;
}
