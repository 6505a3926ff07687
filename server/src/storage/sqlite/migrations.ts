/**
 * The SQLite schema as an ordered list of versioned migrations. Each one runs in its own
 * transaction together with its row in `schema_migrations (version, name, applied_at)`, so a
 * crash leaves the database at the previous version or the next, never between.
 *
 * Rules: never edit or reorder a migration that has shipped; add a new one with the next version.
 * A database whose version is newer than this code knows (a downgrade) is refused at start-up.
 */
import type { DatabaseSync } from 'node:sqlite';
import { StartupError } from '../../config.js';
import { practiceMigrations } from './practiceMigrations.js';
import { intakeMigrations } from './intakeMigrations.js';
import { followupMigrations } from './followupMigrations.js';
import { messageCallMigrations, messagingMigrations } from './messagingMigrations.js';
import { mailMigrations } from './mailMigrations.js';
import { languageMigrations } from './languageMigrations.js';

export interface Migration {
  version: number;
  name: string;
  up(db: DatabaseSync): void;
}

/**
 * Version 1 is the schema as it was before migrations existed. Data directories made then
 * already hold these tables, so every statement is IF NOT EXISTS and the one column added back
 * then at run time (board_scores.version) is added only where it is missing.
 */
const BASELINE = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, settings TEXT NOT NULL, lobby_message TEXT NOT NULL,
  created_at INTEGER NOT NULL, ended_at INTEGER
);
CREATE TABLE IF NOT EXISTS participants (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id), display_name TEXT NOT NULL,
  role TEXT NOT NULL, side TEXT, planned_space TEXT, token_id TEXT NOT NULL, token TEXT NOT NULL,
  expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS participants_session ON participants(session_id);
CREATE TABLE IF NOT EXISTS revoked_tokens (token_id TEXT PRIMARY KEY, revoked_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, at INTEGER NOT NULL,
  actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_session ON audit(session_id, seq);

CREATE TABLE IF NOT EXISTS yjs_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS yjs_updates_doc ON yjs_updates(doc, seq);
CREATE TABLE IF NOT EXISTS yjs_snapshots (doc TEXT PRIMARY KEY, data BLOB NOT NULL, upto INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS caucus_generations (
  session_id TEXT NOT NULL, space TEXT NOT NULL, gen INTEGER NOT NULL, audience TEXT NOT NULL,
  used INTEGER NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (session_id, space, gen)
);
CREATE TABLE IF NOT EXISTS caucus_visits (
  session_id TEXT NOT NULL, space TEXT NOT NULL, participant_id TEXT NOT NULL,
  role TEXT NOT NULL, side TEXT, first_at INTEGER NOT NULL, PRIMARY KEY (session_id, space, participant_id)
);

CREATE TABLE IF NOT EXISTS board_scores (
  session_id TEXT NOT NULL, space TEXT NOT NULL, option_id TEXT NOT NULL, side TEXT NOT NULL,
  value TEXT NOT NULL, scored_by TEXT NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (session_id, space, option_id, side)
);

CREATE TABLE IF NOT EXISTS agreement_versions (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, number INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  hash TEXT NOT NULL, content TEXT NOT NULL, created_at INTEGER NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS agreement_versions_session ON agreement_versions(session_id, number);
CREATE TABLE IF NOT EXISTS agreement_freeze (
  session_id TEXT PRIMARY KEY, version_id TEXT NOT NULL, hash TEXT NOT NULL, frozen_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS agreement_signoffs (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, version_id TEXT NOT NULL, hash TEXT NOT NULL, participant_id TEXT NOT NULL,
  role TEXT NOT NULL, typed_name TEXT NOT NULL, at INTEGER NOT NULL, voided_at INTEGER
);
CREATE TABLE IF NOT EXISTS agreement_threads (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, quote TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS agreement_comments (
  id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS agreement_proposals (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, draft_space TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL,
  content TEXT NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL
);
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'baseline: the schema from before versioned migrations',
    up(db) {
      db.exec(BASELINE);
      // Databases from before versioned scores: existing rows start at version 1.
      const columns = db.prepare('PRAGMA table_info(board_scores)').all() as Array<{ name: string }>;
      if (!columns.some((c) => c.name === 'version')) db.exec('ALTER TABLE board_scores ADD COLUMN version INTEGER NOT NULL DEFAULT 1');
    },
  },
  {
    version: 2,
    name: 'index the agreement\'s per-session reads (sign-offs, threads, comments, proposals)',
    up(db) {
      db.exec(`
        CREATE INDEX IF NOT EXISTS agreement_signoffs_session ON agreement_signoffs(session_id, at);
        CREATE INDEX IF NOT EXISTS agreement_threads_session ON agreement_threads(session_id, created_at);
        CREATE INDEX IF NOT EXISTS agreement_comments_thread ON agreement_comments(thread_id, at);
        CREATE INDEX IF NOT EXISTS agreement_proposals_session ON agreement_proposals(session_id, created_at);
      `);
    },
  },
  ...practiceMigrations(3),
  ...followupMigrations(4),
  ...intakeMigrations(5),
  // Versions 5-9 are reserved for the intake feature; a gap is fine (migrate applies what is not recorded).
  ...messagingMigrations(10), // 10-11
  ...mailMigrations(12),
  ...messageCallMigrations(13),
  ...languageMigrations(14),
  // 14 is the interface-language migration (i18n).
  {
    version: 15,
    name: 'interpreters and captioners: whom they serve and the interpretation language',
    up(db) {
      // `interprets_for` is JSON: {"participantId": …} or {"side": …}; null when unbound.
      db.exec('ALTER TABLE participants ADD COLUMN interprets_for TEXT');
      db.exec('ALTER TABLE participants ADD COLUMN interpretation_language TEXT');
    },
  },
  {
    version: 16,
    name: 'the live room\'s seats (caucuses, who sits where, who was let in), read by the next host of the session',
    up(db) {
      db.exec('CREATE TABLE IF NOT EXISTS room_seats (session_id TEXT PRIMARY KEY, seats TEXT NOT NULL, saved_at INTEGER NOT NULL)');
    },
  },
  {
    version: 17,
    name: 'the room\'s chat, with who may read each message, read by the next host of the session',
    up(db) {
      // `message` is the ChatMessage as sent, `readers` the JSON list of participant ids (chat.ts).
      db.exec(`CREATE TABLE IF NOT EXISTS chat_messages (session_id TEXT NOT NULL, id TEXT NOT NULL, at INTEGER NOT NULL, message TEXT NOT NULL, readers TEXT NOT NULL, PRIMARY KEY (session_id, id));
        CREATE INDEX IF NOT EXISTS chat_messages_session ON chat_messages(session_id);`);
    },
  },
];

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: number;
}

export function appliedMigrations(db: DatabaseSync): AppliedMigration[] {
  return (db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as Array<Record<string, unknown>>).map((r) => ({
    version: Number(r.version), name: String(r.name), appliedAt: Number(r.applied_at),
  }));
}

/**
 * Applies every listed migration the database has not recorded, in list order; returns the
 * versions applied. By the set of recorded versions, not "newer than the highest": features land
 * in parallel with reserved version ranges, so a lower version can arrive after a higher one and
 * must still run. A recorded version this code does not list means a newer server wrote it.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[] = MIGRATIONS): number[] {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) throw new Error(`migration versions must grow down the list: ${migrations[i]!.version} after ${migrations[i - 1]!.version}`);
  }
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => Number(r.version)));
  const listed = new Set(migrations.map((m) => m.version));
  const unknown = [...done].filter((v) => !listed.has(v)).sort((a, b) => a - b);
  if (unknown.length > 0) {
    const known = migrations.at(-1)?.version ?? 0;
    throw new StartupError(`The database has schema version ${unknown.at(-1)}, newer than this server knows (it knows ${[...listed].length} versions, up to ${known}). Run the newer server, or restore a backup made for this one.`);
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
      db.exec('COMMIT');
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
    }
    applied.push(m.version);
  }
  return applied;
}
