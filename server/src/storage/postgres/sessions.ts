/** SessionStore on PostgreSQL: sessions, participants, the revocation list and the audit trail. */
import { bindingSchema, sessionSettingsSchema, type AuditEntry, type Binding } from '@mediation/shared';
import type { ParticipantRecord, SessionRecord } from '../../contracts.js';
import type { SessionStore } from '../types.js';
import { num, str, strOrNull, type Executor, type PgDatabase, type Row } from './database.js';

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
  revoked: r.revoked === true,
  createdAt: num(r.created_at),
});

/** `interprets_for` holds the binding as JSON (one person or one side); anything else reads as unbound. */
function bindingOf(v: unknown): Binding | null {
  if (typeof v !== 'string') return null;
  const parsed = bindingSchema.safeParse(JSON.parse(v));
  return parsed.success ? parsed.data : null;
}
const bindingText = (b: Binding | null | undefined): string | null => (b ? JSON.stringify(b) : null);

export function pgSessionStore(db: PgDatabase): SessionStore {
  const revoke = (c: Executor, tokenId: string, at: number) =>
    c.query('INSERT INTO revoked_tokens (token_id, revoked_at) VALUES ($1, $2) ON CONFLICT (token_id) DO NOTHING', [tokenId, at]);
  return {
    async createSession(s) {
      await db.sessionWrite(s.id, (c) => c.query('INSERT INTO sessions (id, title, settings, lobby_message, created_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [s.id, s.title, JSON.stringify(s.settings), s.lobbyMessage, s.createdAt, s.endedAt]));
    },
    async getSession(id) {
      const r = await db.query('SELECT * FROM sessions WHERE id = $1', [id]);
      return r.rows[0] ? toSession(r.rows[0]) : null;
    },
    async updateSession(id, patch) {
      await db.sessionWrite(id, async (c) => {
        const r = await c.query('SELECT * FROM sessions WHERE id = $1 FOR UPDATE', [id]);
        if (!r.rows[0]) return;
        const next = { ...toSession(r.rows[0]), ...patch };
        await c.query('UPDATE sessions SET title = $1, settings = $2, lobby_message = $3, ended_at = $4 WHERE id = $5',
          [next.title, JSON.stringify(next.settings), next.lobbyMessage, next.endedAt, id]);
      }, true);
    },
    async addParticipant(p) {
      await db.sessionWrite(p.sessionId, (c) => c.query(
        'INSERT INTO participants (id, session_id, display_name, role, side, planned_space, token_id, token, expires_at, revoked, created_at, interprets_for, interpretation_language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)',
        [p.id, p.sessionId, p.displayName, p.role, p.side, p.plannedSpace, p.tokenId, p.token, p.expiresAt, p.revoked, p.createdAt, bindingText(p.interpretsFor), p.interpretationLanguage ?? null]));
    },
    async getParticipant(id) {
      const r = await db.query('SELECT * FROM participants WHERE id = $1', [id]);
      return r.rows[0] ? toParticipant(r.rows[0]) : null;
    },
    async listParticipants(sessionId) {
      return (await db.query('SELECT * FROM participants WHERE session_id = $1 ORDER BY created_at, ord', [sessionId])).rows.map(toParticipant);
    },
    async updateParticipant(id, patch) {
      // The participant's session is what the write is fenced by: read it first (a participant
      // never changes session).
      const owner = (await db.query<{ session_id: string }>('SELECT session_id FROM participants WHERE id = $1', [id])).rows[0];
      if (!owner) return;
      await db.sessionWrite(owner.session_id, async (c) => {
        const r = await c.query('SELECT * FROM participants WHERE id = $1 FOR UPDATE', [id]);
        if (!r.rows[0]) return;
        const current = toParticipant(r.rows[0]);
        const next = { ...current, ...patch };
        await c.query('UPDATE participants SET display_name = $1, role = $2, side = $3, planned_space = $4, token_id = $5, token = $6, expires_at = $7, revoked = $8, interprets_for = $9, interpretation_language = $10 WHERE id = $11',
          [next.displayName, next.role, next.side, next.plannedSpace, next.tokenId, next.token, next.expiresAt, next.revoked, bindingText(next.interpretsFor), next.interpretationLanguage ?? null, id]);
        // A link that stops being valid goes on the revocation list, checked on every verify.
        const now = Date.now();
        if (next.revoked && !current.revoked) await revoke(c, current.tokenId, now);
        if (next.tokenId !== current.tokenId) await revoke(c, current.tokenId, now);
        if (next.revoked && next.tokenId !== current.tokenId) await revoke(c, next.tokenId, now);
      }, true);
    },
    async isTokenRevoked(tokenId) {
      return (await db.query('SELECT 1 FROM revoked_tokens WHERE token_id = $1', [tokenId])).rows.length > 0;
    },
    async appendAudit(sessionId, e) {
      await db.insertFenced(sessionId, 'audit', ['session_id', 'at', 'actor_id', 'actor_name', 'action', 'detail'],
        [sessionId, e.at, e.actorId, e.actorName, e.action, JSON.stringify(e.detail)]);
    },
    async listAudit(sessionId): Promise<AuditEntry[]> {
      return (await db.query('SELECT * FROM audit WHERE session_id = $1 ORDER BY seq', [sessionId])).rows.map((r) => ({
        at: num(r.at),
        actorId: str(r.actor_id),
        actorName: str(r.actor_name),
        action: str(r.action),
        detail: JSON.parse(str(r.detail)) as Record<string, unknown>,
      }));
    },
    async saveRoomSeats(sessionId, seats) {
      // One statement, fence check included: a stale owner's seats never replace its successor's.
      await db.insertFenced(sessionId, 'room_seats', ['session_id', 'seats', 'saved_at'], [sessionId, seats, Date.now()],
        'ON CONFLICT (session_id) DO UPDATE SET seats = excluded.seats, saved_at = excluded.saved_at');
    },
    async getRoomSeats(sessionId) {
      const r = await db.query<{ seats: string }>('SELECT seats FROM room_seats WHERE session_id = $1', [sessionId]);
      return r.rows[0] ? str(r.rows[0].seats) : null;
    },
    async clearRoomSeats(sessionId) {
      await db.sessionWrite(sessionId, (c) => c.query('DELETE FROM room_seats WHERE session_id = $1', [sessionId]));
    },
  };
}
