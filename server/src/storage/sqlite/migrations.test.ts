import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { StartupError } from '../../config.js';
import { DATABASE_FILE, openSqliteStores } from './index.js';
import { appliedMigrations, migrate, MIGRATIONS, type Migration } from './migrations.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-migrate-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The schema exactly as the server created it before versioned migrations (storage/sqlite.ts and
 * each feature's constructor), with board_scores as it was before versioned scores. */
const PRE_MIGRATIONS_SCHEMA = `
CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, settings TEXT NOT NULL, lobby_message TEXT NOT NULL, created_at INTEGER NOT NULL, ended_at INTEGER);
CREATE TABLE participants (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id), display_name TEXT NOT NULL,
  role TEXT NOT NULL, side TEXT, planned_space TEXT, token_id TEXT NOT NULL, token TEXT NOT NULL,
  expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
CREATE INDEX participants_session ON participants(session_id);
CREATE TABLE revoked_tokens (token_id TEXT PRIMARY KEY, revoked_at INTEGER NOT NULL);
CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, at INTEGER NOT NULL,
  actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX audit_session ON audit(session_id, seq);
CREATE TABLE yjs_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL);
CREATE INDEX yjs_updates_doc ON yjs_updates(doc, seq);
CREATE TABLE yjs_snapshots (doc TEXT PRIMARY KEY, data BLOB NOT NULL, upto INTEGER NOT NULL);
CREATE TABLE caucus_generations (session_id TEXT NOT NULL, space TEXT NOT NULL, gen INTEGER NOT NULL, audience TEXT NOT NULL,
  used INTEGER NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (session_id, space, gen));
CREATE TABLE caucus_visits (session_id TEXT NOT NULL, space TEXT NOT NULL, participant_id TEXT NOT NULL,
  role TEXT NOT NULL, side TEXT, first_at INTEGER NOT NULL, PRIMARY KEY (session_id, space, participant_id));
CREATE TABLE board_scores (session_id TEXT NOT NULL, space TEXT NOT NULL, option_id TEXT NOT NULL, side TEXT NOT NULL,
  value TEXT NOT NULL, scored_by TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (session_id, space, option_id, side));
CREATE TABLE agreement_versions (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, number INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  hash TEXT NOT NULL, content TEXT NOT NULL, created_at INTEGER NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL);
CREATE INDEX agreement_versions_session ON agreement_versions(session_id, number);
CREATE TABLE agreement_freeze (session_id TEXT PRIMARY KEY, version_id TEXT NOT NULL, hash TEXT NOT NULL, frozen_at INTEGER NOT NULL);
CREATE TABLE agreement_signoffs (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, version_id TEXT NOT NULL, hash TEXT NOT NULL, participant_id TEXT NOT NULL,
  role TEXT NOT NULL, typed_name TEXT NOT NULL, at INTEGER NOT NULL, voided_at INTEGER);
CREATE TABLE agreement_threads (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, quote TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE agreement_comments (id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE agreement_proposals (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, draft_space TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL,
  content TEXT NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL);
`;

describe('SQLite migrations', () => {
  it('builds a fresh database at the latest version, recording each migration once', async () => {
    const dir = tempDir();
    const stores = await openSqliteStores(dir);
    await stores.close();
    const db = new DatabaseSync(path.join(dir, DATABASE_FILE));
    expect(appliedMigrations(db).map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    // Opening again applies nothing.
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('adopts a data directory made before migrations existed, keeping every row', async () => {
    const dir = tempDir();
    const old = new DatabaseSync(path.join(dir, DATABASE_FILE));
    old.exec(PRE_MIGRATIONS_SCHEMA);
    old.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)').run('sess_old001', 'Old session', JSON.stringify({ waitingRoom: true, allowRoaming: false, partiesEditAgreement: false, capacity: 12 }), 'Wait.', 1, null);
    old.prepare('INSERT INTO participants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run('ana_old001', 'sess_old001', 'Ana', 'party', 'Claimant', null, 'jti_old', 'tok', 9, 1, 2);
    old.prepare('INSERT INTO revoked_tokens VALUES (?, ?)').run('jti_old', 3);
    old.prepare('INSERT INTO audit (session_id, at, actor_id, actor_name, action, detail) VALUES (?, ?, ?, ?, ?, ?)').run('sess_old001', 4, 'm', 'M', 'participant.revoked', '{}');
    old.prepare('INSERT INTO board_scores VALUES (?, ?, ?, ?, ?, ?, ?)').run('sess_old001', 'joint', 'opt1', 'Claimant', 'maybe', 'ana_old001', 5);
    old.prepare('INSERT INTO agreement_freeze VALUES (?, ?, ?, ?)').run('sess_old001', 'v1', 'h1', 6);
    old.prepare('INSERT INTO yjs_updates (doc, data) VALUES (?, ?)').run('sess_old001/board/joint', Uint8Array.from([0, 0]));
    old.close();

    const stores = await openSqliteStores(dir);
    expect((await stores.sessions.getSession('sess_old001'))?.title).toBe('Old session');
    expect((await stores.sessions.getParticipant('ana_old001'))?.revoked).toBe(true);
    expect(await stores.sessions.isTokenRevoked('jti_old')).toBe(true);
    expect((await stores.sessions.listAudit('sess_old001')).map((e) => e.action)).toEqual(['participant.revoked']);
    // The score from before versions starts at version 1 and keeps counting.
    expect(await stores.scores.ownSide('sess_old001', 'joint', 'Claimant')).toEqual({ scores: { opt1: 'maybe' }, versions: { opt1: 1 } });
    expect(await stores.scores.set({ sessionId: 'sess_old001', space: 'joint', optionId: 'opt1', side: 'Claimant' }, 'acceptable', 'ana_old001', 1)).toMatchObject({ ok: true, entry: { version: 2 } });
    expect(await stores.agreement.getFreeze('sess_old001')).toEqual({ versionId: 'v1', hash: 'h1', frozenAt: 6 });
    expect(await stores.documents.pendingUpdates('sess_old001/board/joint')).toBe(1);
    await stores.close();
    const db = new DatabaseSync(path.join(dir, DATABASE_FILE));
    expect(appliedMigrations(db).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it('applies a failing migration not at all: its changes roll back and it is not recorded', () => {
    const db = new DatabaseSync(':memory:');
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: 99, name: 'half done', up: (d) => { d.exec('CREATE TABLE half_done (x INTEGER)'); throw new Error('disk on fire'); } },
    ];
    expect(() => migrate(db, broken)).toThrow(/migration 99 \(half done\) failed: disk on fire/);
    expect(appliedMigrations(db).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('applies a lower version that lands after a higher one (parallel features reserve ranges), once', () => {
    const db = new DatabaseSync(':memory:');
    const base: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x INTEGER)') },
      { version: 10, name: 'ten', up: (d) => d.exec('CREATE TABLE ten (x INTEGER)') },
    ];
    expect(migrate(db, base)).toEqual([1, 10]);
    const later: Migration[] = [base[0]!, { version: 5, name: 'five', up: (d) => d.exec('CREATE TABLE five (x INTEGER)') }, base[1]!];
    expect(migrate(db, later)).toEqual([5]);
    expect(migrate(db, later)).toEqual([]);
    expect(appliedMigrations(db).map((m) => m.version)).toEqual([1, 5, 10]);
    expect(() => migrate(db, [base[1]!, base[0]!])).toThrow(/must grow down the list/);
    db.close();
  });

  it('refuses to start on a database from a newer server', async () => {
    const dir = tempDir();
    const db = new DatabaseSync(path.join(dir, DATABASE_FILE));
    migrate(db);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(MIGRATIONS.at(-1)!.version + 1, 'from the future', 1);
    db.close();
    await expect(openSqliteStores(dir)).rejects.toThrow(StartupError);
    await expect(openSqliteStores(dir)).rejects.toThrow(/newer than this server knows/);
  });

  it('stops start-up with one line naming DATA_DIR when it is not a writable directory', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'not-a-dir');
    fs.writeFileSync(file, '');
    await expect(openSqliteStores(file)).rejects.toThrow(StartupError);
    await expect(openSqliteStores(file)).rejects.toThrow(/DATA_DIR .*not-a-dir is not a writable directory/);
  });
});
