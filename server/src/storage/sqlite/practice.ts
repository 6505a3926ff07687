/** The practice's stores on SQLite: accounts, cases (people, conflict checks, sessions, history), emails. */
import type { DatabaseSync } from 'node:sqlite';
import type { CaseStage, ConflictCheck } from '@mediation/shared';
import type {
  AccountStore, AuthSessionRecord, PracticeRecord, CasePersonRecord, CaseRecord, CaseSessionRecord, CaseStore, EmailRecord, HistoryRecord, MediatorRecord, OutboxStore, PracticeStores,
} from '../practiceTypes.js';
import { inTransaction, num, str, strOrNull, type Row } from './database.js';

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

export function sqliteAccountStore(db: DatabaseSync): AccountStore {
  const insertMediator = db.prepare('INSERT INTO mediators (id, practice_id, name, email, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const addMediator = (m: MediatorRecord) => insertMediator.run(m.id, m.practiceId, m.name, m.email, m.role, m.passwordHash, m.createdAt);
  const anyAccount = db.prepare('SELECT 1 AS x FROM mediators LIMIT 1');
  const byEmail = db.prepare('SELECT * FROM mediators WHERE email = ?');
  const byId = db.prepare('SELECT * FROM mediators WHERE id = ?');
  const addPractice = (p: PracticeRecord, owner: MediatorRecord) => {
    db.prepare('INSERT INTO practices (id, name, created_at) VALUES (?, ?, ?)').run(p.id, p.name, p.createdAt);
    addMediator(owner);
  };
  return {
    async createFirstPractice(p, owner) {
      return inTransaction(db, () => {
        if (anyAccount.get()) return false;
        addPractice(p, owner);
        return true;
      });
    },
    async createPractice(p, owner) {
      return inTransaction(db, () => {
        if (byEmail.get(owner.email)) return false;
        addPractice(p, owner);
        return true;
      });
    },
    async hasAnyAccount() {
      return anyAccount.get() !== undefined;
    },
    async getPractice(id) {
      const r = db.prepare('SELECT * FROM practices WHERE id = ?').get(id) as Row | undefined;
      return r ? { id: str(r.id), name: str(r.name), createdAt: num(r.created_at) } : null;
    },
    async addInvitedMediator(m, invite) {
      return inTransaction(db, () => {
        if (byEmail.get(m.email)) return false;
        addMediator(m);
        db.prepare('INSERT INTO mediator_invites (token_hash, mediator_id, expires_at, used_at) VALUES (?, ?, ?, ?)').run(invite.tokenHash, invite.mediatorId, invite.expiresAt, invite.usedAt);
        return true;
      });
    },
    async getMediator(id) {
      const r = byId.get(id) as Row | undefined;
      return r ? toMediator(r) : null;
    },
    async getMediatorByEmail(email) {
      const r = byEmail.get(email) as Row | undefined;
      return r ? toMediator(r) : null;
    },
    async listMediators(practiceId) {
      return (db.prepare('SELECT * FROM mediators WHERE practice_id = ? ORDER BY created_at, rowid').all(practiceId) as Row[]).map(toMediator);
    },
    async acceptInvite(tokenHash, passwordHash, now) {
      return inTransaction(db, () => {
        const inv = db.prepare('SELECT * FROM mediator_invites WHERE token_hash = ?').get(tokenHash) as Row | undefined;
        if (!inv || inv.used_at != null || num(inv.expires_at) <= now) return null;
        db.prepare('UPDATE mediator_invites SET used_at = ? WHERE token_hash = ?').run(now, tokenHash);
        db.prepare('UPDATE mediators SET password_hash = ? WHERE id = ?').run(passwordHash, str(inv.mediator_id));
        const r = byId.get(str(inv.mediator_id)) as Row | undefined;
        return r ? toMediator(r) : null;
      });
    },
    async createAuthSession(s: AuthSessionRecord) {
      // Expired sign-ins are of no use to anyone: cleared whenever someone signs in.
      db.prepare('DELETE FROM mediator_sessions WHERE expires_at <= ?').run(s.createdAt);
      db.prepare('INSERT INTO mediator_sessions (id_hash, mediator_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(s.idHash, s.mediatorId, s.csrfToken, s.createdAt, s.expiresAt);
    },
    async getAuthSession(idHash, now) {
      const r = db.prepare('SELECT * FROM mediator_sessions WHERE id_hash = ? AND expires_at > ?').get(idHash, now) as Row | undefined;
      return r ? { idHash: str(r.id_hash), mediatorId: str(r.mediator_id), csrfToken: str(r.csrf_token), createdAt: num(r.created_at), expiresAt: num(r.expires_at) } : null;
    },
    async deleteAuthSession(idHash) {
      db.prepare('DELETE FROM mediator_sessions WHERE id_hash = ?').run(idHash);
    },
  };
}

export function sqliteCaseStore(db: DatabaseSync): CaseStore {
  const insertPerson = db.prepare('INSERT INTO case_people (id, case_id, name, role, side, email, phone, organisation, added_at, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertCheck = db.prepare('INSERT INTO conflict_checks (id, case_id, at, reason, matches, decision, note, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertHistory = db.prepare('INSERT INTO case_history (case_id, at, actor_id, actor_name, kind, text) VALUES (?, ?, ?, ?, ?, ?)');
  const addPerson = (p: CasePersonRecord) => insertPerson.run(p.id, p.caseId, p.name, p.role, p.side, p.email, p.phone, p.organisation, p.addedAt, p.language ?? null);
  const addCheck = (caseId: string, c: ConflictCheck) => insertCheck.run(c.id, caseId, c.at, c.reason, JSON.stringify(c.matches), c.decision, c.note, c.decidedAt, c.decidedBy);
  const addHistory = (caseId: string, h: HistoryRecord) => insertHistory.run(caseId, h.at, h.actorId, h.actorName, h.kind, h.text);
  return {
    async createCase(c, people, check, history) {
      inTransaction(db, () => {
        db.prepare('INSERT INTO cases (id, practice_id, title, dispute_type, stage, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(c.id, c.practiceId, c.title, c.disputeType, c.stage, c.createdAt, c.createdBy);
        for (const p of people) addPerson(p);
        addCheck(c.id, check);
        for (const h of history) addHistory(c.id, h);
      });
    },
    async getCase(practiceId, caseId) {
      const r = db.prepare('SELECT * FROM cases WHERE id = ? AND practice_id = ?').get(caseId, practiceId) as Row | undefined;
      return r ? toCase(r) : null;
    },
    async listCases(practiceId) {
      const rows = db.prepare(`SELECT c.*,
          (SELECT COUNT(*) FROM case_people p WHERE p.case_id = c.id) AS people,
          EXISTS (SELECT 1 FROM conflict_checks k WHERE k.case_id = c.id AND k.decision IS NULL) AS pending
        FROM cases c WHERE c.practice_id = ? ORDER BY c.created_at DESC, c.rowid DESC`).all(practiceId) as Row[];
      return rows.map((r) => ({ ...toCase(r), people: num(r.people), conflictPending: num(r.pending) === 1 }));
    },
    async setStage(caseId, stage) {
      db.prepare('UPDATE cases SET stage = ? WHERE id = ?').run(stage, caseId);
    },
    async listPeople(caseId) {
      return (db.prepare('SELECT * FROM case_people WHERE case_id = ? ORDER BY added_at, rowid').all(caseId) as Row[]).map(toPerson);
    },
    async peopleOutside(practiceId, caseId) {
      const rows = db.prepare(`SELECT p.name, p.organisation, p.role, p.side, c.id AS case_id, c.title AS case_title
        FROM case_people p JOIN cases c ON c.id = p.case_id WHERE c.practice_id = ? AND c.id <> ? ORDER BY c.created_at, p.rowid`).all(practiceId, caseId) as Row[];
      return rows.map((r) => ({ caseId: str(r.case_id), caseTitle: str(r.case_title), name: str(r.name), organisation: str(r.organisation), role: str(r.role) as CasePersonRecord['role'], side: strOrNull(r.side) }));
    },
    async addPeople(caseId, people, check, history) {
      inTransaction(db, () => {
        for (const p of people) addPerson(p);
        addCheck(caseId, check);
        for (const h of history) addHistory(caseId, h);
      });
    },
    async listConflictChecks(caseId) {
      return (db.prepare('SELECT * FROM conflict_checks WHERE case_id = ? ORDER BY at, rowid').all(caseId) as Row[]).map(toCheck);
    },
    async decideConflict(caseId, checkId, d) {
      const r = db.prepare('UPDATE conflict_checks SET decision = ?, note = ?, decided_at = ?, decided_by = ? WHERE id = ? AND case_id = ? AND decision IS NULL')
        .run(d.decision, d.note, d.at, d.by, checkId, caseId);
      return Number(r.changes) === 1;
    },
    async addSession(s) {
      db.prepare('INSERT INTO case_sessions (session_id, case_id, kind, title, starts_at, duration_minutes, created_at, mediators, invitees) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(s.sessionId, s.caseId, s.kind, s.title, s.startsAt, s.durationMinutes, s.createdAt, JSON.stringify(s.mediators), JSON.stringify(s.invitees));
    },
    async addSessionMediator(caseId, sessionId, m) {
      return inTransaction(db, () => {
        const r = db.prepare('SELECT mediators FROM case_sessions WHERE case_id = ? AND session_id = ?').get(caseId, sessionId) as Row | undefined;
        if (!r) return false;
        const mediators = JSON.parse(str(r.mediators)) as CaseSessionRecord['mediators'];
        if (mediators.some((x) => x.mediatorId === m.mediatorId)) return false;
        db.prepare('UPDATE case_sessions SET mediators = ? WHERE case_id = ? AND session_id = ?').run(JSON.stringify([...mediators, m]), caseId, sessionId);
        return true;
      });
    },
    async listSessions(caseId) {
      return (db.prepare('SELECT * FROM case_sessions WHERE case_id = ? ORDER BY created_at, rowid').all(caseId) as Row[]).map(toSession);
    },
    async getSession(caseId, sessionId) {
      const r = db.prepare('SELECT * FROM case_sessions WHERE case_id = ? AND session_id = ?').get(caseId, sessionId) as Row | undefined;
      return r ? toSession(r) : null;
    },
    async appendHistory(caseId, h) {
      addHistory(caseId, h);
    },
    async listHistory(caseId) {
      return (db.prepare('SELECT * FROM case_history WHERE case_id = ? ORDER BY seq').all(caseId) as Row[]).map(toHistory);
    },
  };
}

export function sqliteOutboxStore(db: DatabaseSync): OutboxStore {
  const filesOf = (emailId: string): EmailRecord['attachments'] =>
    (db.prepare('SELECT filename, content_type, size FROM email_attachments WHERE email_id = ? ORDER BY idx').all(emailId) as Row[])
      .map((r) => ({ filename: str(r.filename), contentType: str(r.content_type), size: num(r.size) }));
  const withFiles = (r: Row) => toEmail(r, filesOf(str(r.id)));
  return {
    async add(e, files = []) {
      if (files.length !== e.attachments.length) throw new Error('outbox.add: one file per listed attachment');
      inTransaction(db, () => {
        db.prepare('INSERT INTO emails (id, practice_id, case_id, recipient, subject, text, ics, status, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(e.id, e.practiceId, e.caseId, e.to, e.subject, e.text, e.ics, e.status, e.error, e.createdAt);
        const insert = db.prepare('INSERT INTO email_attachments (email_id, idx, filename, content_type, size, data) VALUES (?, ?, ?, ?, ?, ?)');
        e.attachments.forEach((a, i) => insert.run(e.id, i, a.filename, a.contentType, a.size, files[i]!));
      });
    },
    async attachment(practiceId, emailId, index) {
      const r = db.prepare(`SELECT a.filename, a.content_type, a.data FROM email_attachments a JOIN emails e ON e.id = a.email_id
        WHERE e.practice_id = ? AND a.email_id = ? AND a.idx = ?`).get(practiceId, emailId, index) as Row | undefined;
      return r ? { filename: str(r.filename), contentType: str(r.content_type), bytes: Buffer.from(r.data as Uint8Array) } : null;
    },
    async setStatus(id, status, error) {
      db.prepare('UPDATE emails SET status = ?, error = ? WHERE id = ?').run(status, error, id);
    },
    async list(practiceId) {
      return (db.prepare('SELECT * FROM emails WHERE practice_id = ? ORDER BY created_at DESC, rowid DESC').all(practiceId) as Row[]).map(withFiles);
    },
    async get(practiceId, id) {
      const r = db.prepare('SELECT * FROM emails WHERE practice_id = ? AND id = ?').get(practiceId, id) as Row | undefined;
      return r ? withFiles(r) : null;
    },
  };
}

export function sqlitePracticeStores(db: DatabaseSync): PracticeStores {
  return { accounts: sqliteAccountStore(db), cases: sqliteCaseStore(db), outbox: sqliteOutboxStore(db) };
}
