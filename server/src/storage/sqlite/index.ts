/**
 * The embedded backend: every store on one SQLite file in the data directory. Opening it applies
 * the pending migrations (migrations.ts); a bad DATA_DIR stops start-up with one StartupError.
 */
import type { Stores } from '../types.js';
import { sqliteAgreementStore } from './agreement.js';
import { sqliteCaucusHistoryStore } from './caucusHistory.js';
import { openDatabase } from './database.js';
import { sqliteDocumentStore } from './documents.js';
import { sqliteGenerationStore } from './generations.js';
import { sqlitePracticeStores } from './practice.js';
import { sqliteIntakeStores } from './intake.js';
import { sqliteFollowupStores } from './followup.js';
import { sqliteScoreStore } from './scores.js';
import { sqliteSessionStore } from './sessions.js';

export { DATABASE_FILE } from './database.js';

export async function openSqliteStores(dataDir: string): Promise<Stores> {
  const db = openDatabase(dataDir);
  return {
    sessions: sqliteSessionStore(db),
    documents: sqliteDocumentStore(db),
    agreement: sqliteAgreementStore(db),
    scores: sqliteScoreStore(db),
    caucusHistory: sqliteCaucusHistoryStore(db),
    generations: sqliteGenerationStore(db),
    practice: sqlitePracticeStores(db),
    intake: sqliteIntakeStores(db),
    followup: sqliteFollowupStores(db),
    async close() {
      if (db.isOpen) db.close();
    },
  };
}
