/** SessionStore on SQLite: sessions, participants, the revocation list and the audit trail. */
import type { DatabaseSync } from 'node:sqlite';
import { bindingSchema, sessionSettingsSchema, type AuditEntry, type Binding } from '@mediation/shared';
import type { ParticipantRecord, SessionRecord } from '../../contracts.js';
import type { SessionStore } from '../types.js';
import { inTransaction, num, oneRow, str, strOrNull, type Row } from './database.js';

const toSession = (r: Row): SessionRecord => ({
  id: str(r.id),
  title: str(r.title),
  settings: sessionSettingsSchema.parse(JSON.parse(str(r.settings))),
  lobbyMessage: str(r.lobby_message),
  createdAt: num(r.created_at),
  endedAt: r.ended_at == null ? null : num(r.ended_at),
});

const toParticipant = (r: Row): ParticipantRecord => ({
  id: str(r.id),
  sessionId: str(r.session_id),
  displayName: str(r.display_name),
  role: r.role as ParticipantRecord['role'],
  side: strOrNull(r.side),
  plannedSpace: strOrNull(r.planned_space) as ParticipantRecord['plannedSpace'],
  interpretsFor: bindingOf(r.interprets_for),
  interpretationLanguage: strOrNull(r.interpretation_language),
  tokenId: str(r.token_id),
  token: str(r.token),
  expiresAt: num(r.expires_at),
  revoked: num(r.revoked) === 1,
  createdAt: num(r.created_at),
});

/** `interprets_for` holds the binding as JSON (one person or one side); anything else reads as unbound. */
function bindingOf(v: unknown): Binding | null {
  if (typeof v !== 'string') return null;
  const parsed = bindingSchema.safeParse(JSON.parse(v));
  return parsed.success ? parsed.data : null;
}
const bindingText = (b: Binding | null | undefined): string | null => (b ? JSON.stringify(b) : null);

export function sqliteSessionStore(db: DatabaseSync): SessionStore {
  const stmt = {
    insertSession: db.prepare('INSERT INTO sessions (id, title, settings, lobby_message, created_at, ended_at) VALUES (?, ?, ?, ?, ?, ?)'),
    getSession: db.prepare('SELECT * FROM sessions WHERE id = ?'),
    updateSession: db.prepare('UPDATE sessions SET title = ?, settings = ?, lobby_message = ?, ended_at = ? WHERE id = ?'),
    insertParticipant: db.prepare(
      'INSERT INTO participants (id, session_id, display_name, role, side, planned_space, token_id, token, expires_at, revoked, created_at, interprets_for, interpretation_language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    getParticipant: db.prepare('SELECT * FROM participants WHERE id = ?'),
    listParticipants: db.prepare('SELECT * FROM participants WHERE session_id = ? ORDER BY created_at, rowid'),
    updateParticipant: db.prepare('UPDATE participants SET display_name = ?, role = ?, side = ?, planned_space = ?, token_id = ?, token = ?, expires_at = ?, revoked = ?, interprets_for = ?, interpretation_language = ? WHERE id = ?'),
    isRevoked: db.prepare('SELECT 1 AS r FROM revoked_tokens WHERE token_id = ?'),
    revokeToken: db.prepare('INSERT OR IGNORE INTO revoked_tokens (token_id, revoked_at) VALUES (?, ?)'),
    insertAudit: db.prepare('INSERT INTO audit (session_id, at, actor_id, actor_name, action, detail) VALUES (?, ?, ?, ?, ?, ?)'),
    listAudit: db.prepare('SELECT * FROM audit WHERE session_id = ? ORDER BY seq'),
    saveSeats: db.prepare('INSERT INTO room_seats (session_id, seats, saved_at) VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET seats = excluded.seats, saved_at = excluded.saved_at'),
    getSeats: db.prepare('SELECT seats FROM room_seats WHERE session_id = ?'),
    clearSeats: db.prepare('DELETE FROM room_seats WHERE session_id = ?'),
  };
  const getSession = (id: string): SessionRecord | null => oneRow(stmt.getSession, toSession, id);
  const getParticipant = (id: string): ParticipantRecord | null => oneRow(stmt.getParticipant, toParticipant, id);

  return {
    async createSession(s) {
      stmt.insertSession.run(s.id, s.title, JSON.stringify(s.settings), s.lobbyMessage, s.createdAt, s.endedAt);
    },
    async getSession(id) {
      return getSession(id);
    },
    async updateSession(id, patch) {
      inTransaction(db, () => {
        const current = getSession(id);
        if (!current) return;
        const next = { ...current, ...patch };
        stmt.updateSession.run(next.title, JSON.stringify(next.settings), next.lobbyMessage, next.endedAt, id);
      });
    },
    async addParticipant(p) {
      stmt.insertParticipant.run(p.id, p.sessionId, p.displayName, p.role, p.side, p.plannedSpace, p.tokenId, p.token, p.expiresAt, p.revoked ? 1 : 0, p.createdAt, bindingText(p.interpretsFor), p.interpretationLanguage ?? null);
    },
    async getParticipant(id) {
      return getParticipant(id);
    },
    async listParticipants(sessionId) {
      return (stmt.listParticipants.all(sessionId) as Row[]).map(toParticipant);
    },
    async updateParticipant(id, patch) {
      inTransaction(db, () => {
        const current = getParticipant(id);
        if (!current) return;
        const next = { ...current, ...patch };
        stmt.updateParticipant.run(next.displayName, next.role, next.side, next.plannedSpace, next.tokenId, next.token, next.expiresAt, next.revoked ? 1 : 0, bindingText(next.interpretsFor), next.interpretationLanguage ?? null, id);
        // A link that stops being valid goes on the revocation list, checked on every verify.
        const now = Date.now();
        if (next.revoked && !current.revoked) stmt.revokeToken.run(current.tokenId, now);
        if (next.tokenId !== current.tokenId) stmt.revokeToken.run(current.tokenId, now);
        if (next.revoked && next.tokenId !== current.tokenId) stmt.revokeToken.run(next.tokenId, now);
      });
    },
    async isTokenRevoked(tokenId) {
      return stmt.isRevoked.get(tokenId) !== undefined;
    },
    async appendAudit(sessionId, e) {
      stmt.insertAudit.run(sessionId, e.at, e.actorId, e.actorName, e.action, JSON.stringify(e.detail));
    },
    async listAudit(sessionId): Promise<AuditEntry[]> {
      return (stmt.listAudit.all(sessionId) as Row[]).map((r) => ({
        at: num(r.at),
        actorId: str(r.actor_id),
        actorName: str(r.actor_name),
        action: str(r.action),
        detail: JSON.parse(str(r.detail)) as Record<string, unknown>,
      }));
    },
    async saveRoomSeats(sessionId, seats) {
      stmt.saveSeats.run(sessionId, seats, Date.now());
    },
    async getRoomSeats(sessionId) {
      return oneRow(stmt.getSeats, (r) => str(r.seats), sessionId);
    },
    async clearRoomSeats(sessionId) {
      stmt.clearSeats.run(sessionId);
    },
  };
}
