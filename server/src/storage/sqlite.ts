/**
 * The embedded default storage: one SQLite file in the data directory (node:sqlite, no service and
 * no native build). WAL mode so readers never block the single writer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { sessionSettingsSchema, type AuditEntry } from '@mediation/shared';
import { StartupError } from '../config.js';
import type { ParticipantRecord, SessionRecord, Storage } from '../contracts.js';

const SCHEMA = `
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
`;

type Row = Record<string, unknown>;

const toSession = (r: Row): SessionRecord => ({
  id: String(r.id),
  title: String(r.title),
  settings: sessionSettingsSchema.parse(JSON.parse(String(r.settings))),
  lobbyMessage: String(r.lobby_message),
  createdAt: Number(r.created_at),
  endedAt: r.ended_at == null ? null : Number(r.ended_at),
});

const toParticipant = (r: Row): ParticipantRecord => ({
  id: String(r.id),
  sessionId: String(r.session_id),
  displayName: String(r.display_name),
  role: r.role as ParticipantRecord['role'],
  side: r.side == null ? null : String(r.side),
  plannedSpace: r.planned_space == null ? null : (String(r.planned_space) as ParticipantRecord['plannedSpace']),
  tokenId: String(r.token_id),
  token: String(r.token),
  expiresAt: Number(r.expires_at),
  revoked: Number(r.revoked) === 1,
  createdAt: Number(r.created_at),
});

/**
 * Opens (creating if needed) the database in `dataDir`. Any failure here is the operator's to fix
 * (permissions, a file where the directory should be, a full disk), so it becomes one StartupError
 * line naming DATA_DIR instead of an SQLite stack trace.
 */
function openDatabase(dataDir: string): DatabaseSync {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // SQLite can open a read-only directory's existing file and fail only on the first write;
    // probing with a real file finds that now, not when the first session is created.
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    const db = new DatabaseSync(path.join(dataDir, 'mediation.sqlite'));
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
    db.exec(SCHEMA);
    return db;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new StartupError(`DATA_DIR ${dataDir} is not a writable directory (${e.message}). Create it, make it writable, or set DATA_DIR elsewhere.`);
  }
}

export function openSqliteStorage(dataDir: string): Storage {
  const db = openDatabase(dataDir);

  const stmt = {
    insertSession: db.prepare('INSERT INTO sessions (id, title, settings, lobby_message, created_at, ended_at) VALUES (?, ?, ?, ?, ?, ?)'),
    getSession: db.prepare('SELECT * FROM sessions WHERE id = ?'),
    insertParticipant: db.prepare(
      'INSERT INTO participants (id, session_id, display_name, role, side, planned_space, token_id, token, expires_at, revoked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    getParticipant: db.prepare('SELECT * FROM participants WHERE id = ?'),
    listParticipants: db.prepare('SELECT * FROM participants WHERE session_id = ? ORDER BY created_at, id'),
    isRevoked: db.prepare('SELECT 1 AS r FROM revoked_tokens WHERE token_id = ?'),
    revokeToken: db.prepare('INSERT OR IGNORE INTO revoked_tokens (token_id, revoked_at) VALUES (?, ?)'),
    insertAudit: db.prepare('INSERT INTO audit (session_id, at, actor_id, actor_name, action, detail) VALUES (?, ?, ?, ?, ?, ?)'),
    listAudit: db.prepare('SELECT * FROM audit WHERE session_id = ? ORDER BY seq'),
  };

  const storage: Storage = {
    db,
    createSession(s) {
      stmt.insertSession.run(s.id, s.title, JSON.stringify(s.settings), s.lobbyMessage, s.createdAt, s.endedAt);
    },
    getSession(id) {
      const row = stmt.getSession.get(id) as Row | undefined;
      return row ? toSession(row) : null;
    },
    updateSession(id, patch) {
      const current = storage.getSession(id);
      if (!current) return;
      const next = { ...current, ...patch };
      db.prepare('UPDATE sessions SET title = ?, settings = ?, lobby_message = ?, ended_at = ? WHERE id = ?').run(
        next.title, JSON.stringify(next.settings), next.lobbyMessage, next.endedAt, id,
      );
    },
    addParticipant(p) {
      stmt.insertParticipant.run(p.id, p.sessionId, p.displayName, p.role, p.side, p.plannedSpace, p.tokenId, p.token, p.expiresAt, p.revoked ? 1 : 0, p.createdAt);
    },
    getParticipant(id) {
      const row = stmt.getParticipant.get(id) as Row | undefined;
      return row ? toParticipant(row) : null;
    },
    listParticipants(sessionId) {
      return (stmt.listParticipants.all(sessionId) as Row[]).map(toParticipant);
    },
    updateParticipant(id, patch) {
      const current = storage.getParticipant(id);
      if (!current) return;
      const next = { ...current, ...patch };
      db.prepare('UPDATE participants SET display_name = ?, role = ?, side = ?, planned_space = ?, token_id = ?, token = ?, expires_at = ?, revoked = ? WHERE id = ?').run(
        next.displayName, next.role, next.side, next.plannedSpace, next.tokenId, next.token, next.expiresAt, next.revoked ? 1 : 0, id,
      );
      // A revoked participant's link id goes on the revocation list, checked on every verify.
      if (next.revoked && !current.revoked) stmt.revokeToken.run(current.tokenId, Date.now());
      if (patch.tokenId && patch.tokenId !== current.tokenId) stmt.revokeToken.run(current.tokenId, Date.now());
    },
    isTokenRevoked(tokenId) {
      return stmt.isRevoked.get(tokenId) !== undefined;
    },
    appendAudit(sessionId, e) {
      stmt.insertAudit.run(sessionId, e.at, e.actorId, e.actorName, e.action, JSON.stringify(e.detail));
    },
    listAudit(sessionId) {
      return (stmt.listAudit.all(sessionId) as Row[]).map((r) => ({
        at: Number(r.at),
        actorId: String(r.actor_id),
        actorName: String(r.actor_name),
        action: String(r.action),
        detail: JSON.parse(String(r.detail)) as Record<string, unknown>,
      }));
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
  return storage;
}
