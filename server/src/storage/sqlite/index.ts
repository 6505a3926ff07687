/**
 * The embedded backend: every store on one SQLite file in the data directory. Opening it applies
 * the pending migrations (migrations.ts); a bad DATA_DIR stops start-up with one StartupError.
 */
import { sqliteChatStore } from './chat.js';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../../config.js';
import type { Stores } from '../types.js';
import { sqliteAgreementStore } from './agreement.js';
import { sqliteCaucusHistoryStore } from './caucusHistory.js';
import { openDatabase } from './database.js';
import { lockDataDir, type DataDirLock } from './dataDirLock.js';
import { sqliteDocumentStore } from './documents.js';
import { sqliteGenerationStore } from './generations.js';
import { sqlitePracticeStores } from './practice.js';
import { sqliteIntakeStores } from './intake.js';
import { sqliteFollowupStores } from './followup.js';
import { sqliteScoreStore } from './scores.js';
import { sqliteSessionStore } from './sessions.js';

export { DATABASE_FILE } from './database.js';
/** Beside the database in the data directory. */
export const YJS_JOURNAL_FILE = 'yjs-journal.log';

/**
 * `shared`: several server processes on this one DATA_DIR at once (the cluster's trial mode,
 * CLUSTER_SHARED_SQLITE): no directory lock and no Yjs journal (whose sequence numbers and
 * emptying assume one process); each Yjs update is then one SQLite transaction, which SQLite's
 * own locking makes safe across processes.
 */
export async function openSqliteStores(dataDir: string, opts: { shared?: boolean } = {}): Promise<Stores> {
  // One server per data directory, checked before anything in it is opened (dataDirLock.ts).
  let lock: DataDirLock | null = null;
  let lockError: unknown = null;
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    lock = opts.shared ? { release() {} } : lockDataDir(dataDir);
  } catch (err) {
    if (err instanceof StartupError) throw err;
    // Not writable, or not a directory: opening the database says so in its own words.
    lockError = err;
  }
  let db;
  try {
    db = openDatabase(dataDir);
  } catch (err) {
    lock?.release();
    throw err;
  }
  if (!lock) {
    db.close();
    throw new StartupError(`DATA_DIR ${dataDir} could not be locked for this server (${(lockError as Error).message}).`);
  }
  const owned = lock;
  // Yjs updates become durable in this journal first (one write per batch), then move into the
  // database (documents.ts, updateJournal.ts).
  let documents;
  try {
    documents = sqliteDocumentStore(db, opts.shared ? undefined : path.join(dataDir, YJS_JOURNAL_FILE));
  } catch (err) {
    db.close();
    owned.release();
    throw new StartupError(`The Yjs journal in DATA_DIR ${dataDir} could not be opened or replayed (${(err as Error).message}).`);
  }
  return {
    sessions: sqliteSessionStore(db),
    documents,
    agreement: sqliteAgreementStore(db),
    scores: sqliteScoreStore(db),
    caucusHistory: sqliteCaucusHistoryStore(db),
    generations: sqliteGenerationStore(db),
    chat: sqliteChatStore(db),
    practice: sqlitePracticeStores(db),
    intake: sqliteIntakeStores(db),
    followup: sqliteFollowupStores(db),
    async close() {
      if (!db.isOpen) return;
      try {
        documents.close();
        db.close();
      } finally {
        owned.release();
      }
    },
  };
}
