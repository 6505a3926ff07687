/** The practice's stores on PostgreSQL: accounts, cases (people, conflict checks, sessions, history), emails. */
import type { CaseStage, ConflictCheck } from '@mediation/shared';
import type {
  AccountStore, AuthSessionRecord, CasePersonRecord, CaseRecord, CaseSessionRecord, CaseStore, EmailRecord, HistoryRecord, MediatorRecord, OutboxStore, PracticeRecord, PracticeStores,
} from '../practiceTypes.js';
import { num, str, strOrNull, type Executor, type PgDatabase, type Row } from './database.js';

const toMediator = (r: Row): MediatorRecord => ({
  id: str(r.id), practiceId: str(r.practice_id), name: str(r.name), email: str(r.email),
  role: r.role === 'owner' ? 'owner' : 'mediator', passwordHash: strOrNull(r.password_hash), createdAt: num(r.created_at),
});

const toCase = (r: Row): CaseRecord => ({
  id: str(r.id), practiceId: str(r.practice_id), title: str(r.title), disputeType: str(r.dispute_type),
  stage: str(r.stage) as CaseStage, createdAt: num(r.created_at), createdBy: str(r.created_by),
});

const toPerson = (r: Row): CasePersonRecord => ({
  id: str(r.id), caseId: str(r.case_id), name: str(r.name), role: str(r.role) as CasePersonRecord['role'], side: strOrNull(r.side),
  email: str(r.email), phone: str(r.phone), organisation: str(r.organisation), addedAt: num(r.added_at),
  language: r.language === 'en' || r.language === 'es' ? r.language : null,
});

const toCheck = (r: Row): ConflictCheck => ({
  id: str(r.id), at: num(r.at), reason: str(r.reason) as ConflictCheck['reason'], matches: JSON.parse(str(r.matches)) as ConflictCheck['matches'],
  decision: strOrNull(r.decision) as ConflictCheck['decision'], note: str(r.note),
  decidedAt: r.decided_at == null ? null : num(r.decided_at), decidedBy: strOrNull(r.decided_by),
});

const toSession = (r: Row): CaseSessionRecord => ({
  caseId: str(r.case_id), sessionId: str(r.session_id), kind: str(r.kind) as CaseSessionRecord['kind'], title: str(r.title),
  startsAt: r.starts_at == null ? null : num(r.starts_at), durationMinutes: num(r.duration_minutes), createdAt: num(r.created_at),
  mediators: JSON.parse(str(r.mediators)) as CaseSessionRecord['mediators'], invitees: JSON.parse(str(r.invitees)) as CaseSessionRecord['invitees'],
});

const toHistory = (r: Row): HistoryRecord => ({
  at: num(r.at), actorId: str(r.actor_id), actorName: str(r.actor_name), kind: str(r.kind) as HistoryRecord['kind'], text: str(r.text),
});

const toEmail = (r: Row, attachments: EmailRecord['attachments']): EmailRecord => ({
  id: str(r.id), practiceId: str(r.practice_id), caseId: strOrNull(r.case_id), to: str(r.recipient), subject: str(r.subject), text: str(r.text),
  ics: strOrNull(r.ics), hasCalendar: r.ics != null, attachments, status: str(r.status) as EmailRecord['status'], error: strOrNull(r.error), createdAt: num(r.created_at),
});

/** Serialises "check, then create" account writes (first practice, unique emails) across nodes. */
const lockAccounts = (c: Executor) => c.query("SELECT pg_advisory_xact_lock(hashtext('accounts'))");

export function pgAccountStore(db: PgDatabase): AccountStore {
  const addMediator = (c: Executor, m: MediatorRecord) =>
    c.query('INSERT INTO mediators (id, practice_id, name, email, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [m.id, m.practiceId, m.name, m.email, m.role, m.passwordHash, m.createdAt]);
  const emailTaken = async (c: Executor, email: string) => (await c.query('SELECT 1 FROM mediators WHERE email = $1', [email])).rows.length > 0;
  const addPractice = async (c: Executor, p: PracticeRecord, owner: MediatorRecord) => {
    await c.query('INSERT INTO practices (id, name, created_at) VALUES ($1, $2, $3)', [p.id, p.name, p.createdAt]);
    await addMediator(c, owner);
  };
  const one = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows[0];
  return {
    async createFirstPractice(p, owner) {
      return db.tx(async (c) => {
        await lockAccounts(c);
        if ((await c.query('SELECT 1 FROM mediators LIMIT 1')).rows.length > 0) return false;
        await addPractice(c, p, owner);
        return true;
      });
    },
    async createPractice(p, owner) {
      return db.tx(async (c) => {
        await lockAccounts(c);
        if (await emailTaken(c, owner.email)) return false;
        await addPractice(c, p, owner);
        return true;
      });
    },
    async hasAnyAccount() {
      return (await db.query('SELECT 1 FROM mediators LIMIT 1')).rows.length > 0;
    },
    async getPractice(id) {
      const r = await one('SELECT * FROM practices WHERE id = $1', [id]);
      return r ? { id: str(r.id), name: str(r.name), createdAt: num(r.created_at) } : null;
    },
    async addInvitedMediator(m, invite) {
      return db.tx(async (c) => {
        await lockAccounts(c);
        if (await emailTaken(c, m.email)) return false;
        await addMediator(c, m);
        await c.query('INSERT INTO mediator_invites (token_hash, mediator_id, expires_at, used_at) VALUES ($1, $2, $3, $4)', [invite.tokenHash, invite.mediatorId, invite.expiresAt, invite.usedAt]);
        return true;
      });
    },
    async getMediator(id) {
      const r = await one('SELECT * FROM mediators WHERE id = $1', [id]);
      return r ? toMediator(r) : null;
    },
    async getMediatorByEmail(email) {
      const r = await one('SELECT * FROM mediators WHERE email = $1', [email]);
      return r ? toMediator(r) : null;
    },
    async listMediators(practiceId) {
      return (await db.query('SELECT * FROM mediators WHERE practice_id = $1 ORDER BY created_at, ord', [practiceId])).rows.map(toMediator);
    },
    async acceptInvite(tokenHash, passwordHash, now) {
      return db.tx(async (c) => {
        const inv = (await c.query('SELECT * FROM mediator_invites WHERE token_hash = $1 FOR UPDATE', [tokenHash])).rows[0];
        if (!inv || inv.used_at != null || num(inv.expires_at) <= now) return null;
        await c.query('UPDATE mediator_invites SET used_at = $1 WHERE token_hash = $2', [now, tokenHash]);
        await c.query('UPDATE mediators SET password_hash = $1 WHERE id = $2', [passwordHash, str(inv.mediator_id)]);
        const r = (await c.query('SELECT * FROM mediators WHERE id = $1', [str(inv.mediator_id)])).rows[0];
        return r ? toMediator(r) : null;
      });
    },
    async createAuthSession(s: AuthSessionRecord) {
      // Expired sign-ins are of no use to anyone: cleared whenever someone signs in.
      await db.query('DELETE FROM mediator_sessions WHERE expires_at <= $1', [s.createdAt]);
      await db.query('INSERT INTO mediator_sessions (id_hash, mediator_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [s.idHash, s.mediatorId, s.csrfToken, s.createdAt, s.expiresAt]);
    },
    async getAuthSession(idHash, now) {
      const r = await one('SELECT * FROM mediator_sessions WHERE id_hash = $1 AND expires_at > $2', [idHash, now]);
      return r ? { idHash: str(r.id_hash), mediatorId: str(r.mediator_id), csrfToken: str(r.csrf_token), createdAt: num(r.created_at), expiresAt: num(r.expires_at) } : null;
    },
    async deleteAuthSession(idHash) {
      await db.query('DELETE FROM mediator_sessions WHERE id_hash = $1', [idHash]);
    },
  };
}

export function pgCaseStore(db: PgDatabase): CaseStore {
  const addPerson = (c: Executor, p: CasePersonRecord) =>
    c.query('INSERT INTO case_people (id, case_id, name, role, side, email, phone, organisation, added_at, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
      [p.id, p.caseId, p.name, p.role, p.side, p.email, p.phone, p.organisation, p.addedAt, p.language ?? null]);
  const addCheck = (c: Executor, caseId: string, k: ConflictCheck) =>
    c.query('INSERT INTO conflict_checks (id, case_id, at, reason, matches, decision, note, decided_at, decided_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [k.id, caseId, k.at, k.reason, JSON.stringify(k.matches), k.decision, k.note, k.decidedAt, k.decidedBy]);
  const addHistory = (c: Executor, caseId: string, h: HistoryRecord) =>
    c.query('INSERT INTO case_history (case_id, at, actor_id, actor_name, kind, text) VALUES ($1, $2, $3, $4, $5, $6)', [caseId, h.at, h.actorId, h.actorName, h.kind, h.text]);
  return {
    async createCase(k, people, check, history) {
      await db.tx(async (c) => {
        await c.query('INSERT INTO cases (id, practice_id, title, dispute_type, stage, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [k.id, k.practiceId, k.title, k.disputeType, k.stage, k.createdAt, k.createdBy]);
        for (const p of people) await addPerson(c, p);
        await addCheck(c, k.id, check);
        for (const h of history) await addHistory(c, k.id, h);
      });
    },
    async getCase(practiceId, caseId) {
      const r = (await db.query('SELECT * FROM cases WHERE id = $1 AND practice_id = $2', [caseId, practiceId])).rows[0];
      return r ? toCase(r) : null;
    },
    async listCases(practiceId) {
      const rows = (await db.query(`SELECT c.*,
          (SELECT COUNT(*) FROM case_people p WHERE p.case_id = c.id) AS people,
          EXISTS (SELECT 1 FROM conflict_checks k WHERE k.case_id = c.id AND k.decision IS NULL) AS pending
        FROM cases c WHERE c.practice_id = $1 ORDER BY c.created_at DESC, c.ord DESC`, [practiceId])).rows;
      return rows.map((r) => ({ ...toCase(r), people: num(r.people), conflictPending: r.pending === true }));
    },
    async setStage(caseId, stage) {
      await db.query('UPDATE cases SET stage = $1 WHERE id = $2', [stage, caseId]);
    },
    async listPeople(caseId) {
      return (await db.query('SELECT * FROM case_people WHERE case_id = $1 ORDER BY added_at, ord', [caseId])).rows.map(toPerson);
    },
    async peopleOutside(practiceId, caseId) {
      const rows = (await db.query(`SELECT p.name, p.organisation, p.role, p.side, c.id AS case_id, c.title AS case_title
        FROM case_people p JOIN cases c ON c.id = p.case_id WHERE c.practice_id = $1 AND c.id <> $2 ORDER BY c.created_at, p.ord`, [practiceId, caseId])).rows;
      return rows.map((r) => ({ caseId: str(r.case_id), caseTitle: str(r.case_title), name: str(r.name), organisation: str(r.organisation), role: str(r.role) as CasePersonRecord['role'], side: strOrNull(r.side) }));
    },
    async addPeople(caseId, people, check, history) {
      await db.tx(async (c) => {
        for (const p of people) await addPerson(c, p);
        await addCheck(c, caseId, check);
        for (const h of history) await addHistory(c, caseId, h);
      });
    },
    async listConflictChecks(caseId) {
      return (await db.query('SELECT * FROM conflict_checks WHERE case_id = $1 ORDER BY at, ord', [caseId])).rows.map(toCheck);
    },
    async decideConflict(caseId, checkId, d) {
      const r = await db.query('UPDATE conflict_checks SET decision = $1, note = $2, decided_at = $3, decided_by = $4 WHERE id = $5 AND case_id = $6 AND decision IS NULL',
        [d.decision, d.note, d.at, d.by, checkId, caseId]);
      return r.rowCount === 1;
    },
    async addSession(s) {
      await db.query('INSERT INTO case_sessions (session_id, case_id, kind, title, starts_at, duration_minutes, created_at, mediators, invitees) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [s.sessionId, s.caseId, s.kind, s.title, s.startsAt, s.durationMinutes, s.createdAt, JSON.stringify(s.mediators), JSON.stringify(s.invitees)]);
    },
    async addSessionMediator(caseId, sessionId, m) {
      return db.tx(async (c) => {
        const r = (await c.query('SELECT mediators FROM case_sessions WHERE case_id = $1 AND session_id = $2 FOR UPDATE', [caseId, sessionId])).rows[0];
        if (!r) return false;
        const mediators = JSON.parse(str(r.mediators)) as CaseSessionRecord['mediators'];
        if (mediators.some((x) => x.mediatorId === m.mediatorId)) return false;
        await c.query('UPDATE case_sessions SET mediators = $1 WHERE case_id = $2 AND session_id = $3', [JSON.stringify([...mediators, m]), caseId, sessionId]);
        return true;
      });
    },
    async listSessions(caseId) {
      return (await db.query('SELECT * FROM case_sessions WHERE case_id = $1 ORDER BY created_at, ord', [caseId])).rows.map(toSession);
    },
    async getSession(caseId, sessionId) {
      const r = (await db.query('SELECT * FROM case_sessions WHERE case_id = $1 AND session_id = $2', [caseId, sessionId])).rows[0];
      return r ? toSession(r) : null;
    },
    async appendHistory(caseId, h) {
      await addHistory(db, caseId, h);
    },
    async listHistory(caseId) {
      return (await db.query('SELECT * FROM case_history WHERE case_id = $1 ORDER BY seq', [caseId])).rows.map(toHistory);
    },
  };
}

export function pgOutboxStore(db: PgDatabase): OutboxStore {
  const filesOf = async (emailId: string): Promise<EmailRecord['attachments']> =>
    (await db.query('SELECT filename, content_type, size FROM email_attachments WHERE email_id = $1 ORDER BY idx', [emailId])).rows
      .map((r) => ({ filename: str(r.filename), contentType: str(r.content_type), size: num(r.size) }));
  const withFiles = async (r: Row) => toEmail(r, await filesOf(str(r.id)));
  return {
    async add(e, files = []) {
      if (files.length !== e.attachments.length) throw new Error('outbox.add: one file per listed attachment');
      await db.tx(async (c) => {
        await c.query('INSERT INTO emails (id, practice_id, case_id, recipient, subject, text, ics, status, error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
          [e.id, e.practiceId, e.caseId, e.to, e.subject, e.text, e.ics, e.status, e.error, e.createdAt]);
        for (const [i, a] of e.attachments.entries()) {
          await c.query('INSERT INTO email_attachments (email_id, idx, filename, content_type, size, data) VALUES ($1, $2, $3, $4, $5, $6)', [e.id, i, a.filename, a.contentType, a.size, files[i]!]);
        }
      });
    },
    async attachment(practiceId, emailId, index) {
      const r = (await db.query(`SELECT a.filename, a.content_type, a.data FROM email_attachments a JOIN emails e ON e.id = a.email_id
        WHERE e.practice_id = $1 AND a.email_id = $2 AND a.idx = $3`, [practiceId, emailId, index])).rows[0];
      return r ? { filename: str(r.filename), contentType: str(r.content_type), bytes: Buffer.from(r.data as Uint8Array) } : null;
    },
    async setStatus(id, status, error) {
      await db.query('UPDATE emails SET status = $1, error = $2 WHERE id = $3', [status, error, id]);
    },
    async list(practiceId) {
      const rows = (await db.query('SELECT * FROM emails WHERE practice_id = $1 ORDER BY created_at DESC, ord DESC', [practiceId])).rows;
      return Promise.all(rows.map(withFiles));
    },
    async get(practiceId, id) {
      const r = (await db.query('SELECT * FROM emails WHERE practice_id = $1 AND id = $2', [practiceId, id])).rows[0];
      return r ? withFiles(r) : null;
    },
  };
}

export function pgPracticeStores(db: PgDatabase): PracticeStores {
  return { accounts: pgAccountStore(db), cases: pgCaseStore(db), outbox: pgOutboxStore(db) };
}
