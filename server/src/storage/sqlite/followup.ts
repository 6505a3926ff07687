/** The after-session stores on SQLite: follow-up plans and check-ins, durable jobs, surveys. */
import type { DatabaseSync } from 'node:sqlite';
import type { ItemOwner, ItemStatus, SurveyVariant } from '@mediation/shared';
import type {
  FollowupStores, ItemRecord, JobRecord, JobStore, PlanRecord, PlanStore, SurveyAnswerRecord, SurveyLinkRecord, SurveyStore,
} from '../followupTypes.js';
import { inTransaction, num, str, strOrNull, type Row } from './database.js';
import { sqliteMessageStore } from './messaging.js';

const toPlan = (r: Row): PlanRecord => ({
  sessionId: str(r.session_id), discovery: str(r.discovery),
  followUp: r.follow_up == null ? null : (JSON.parse(str(r.follow_up)) as PlanRecord['followUp']),
  followUpSessionId: strOrNull(r.follow_up_session_id), updatedAt: num(r.updated_at),
});

const toItem = (r: Row): ItemRecord => ({
  id: str(r.id), sessionId: str(r.session_id), position: num(r.position), what: str(r.what), owner: JSON.parse(str(r.owner)) as ItemOwner,
  due: str(r.due), clause: str(r.clause), status: str(r.status) as ItemStatus, note: str(r.note), statusAt: r.status_at == null ? null : num(r.status_at),
});

const toJob = (r: Row): JobRecord => ({
  key: str(r.key), kind: str(r.kind), runAt: num(r.run_at), payload: JSON.parse(str(r.payload)) as Record<string, unknown>,
  attempts: num(r.attempts), doneAt: r.done_at == null ? null : num(r.done_at), lastError: strOrNull(r.last_error),
});

const toLink = (r: Row): SurveyLinkRecord => ({
  sessionId: str(r.session_id), participantId: str(r.participant_id), variant: str(r.variant) as SurveyVariant,
  answered: num(r.answered) === 1, createdAt: num(r.created_at),
});

const toAnswer = (r: Row): SurveyAnswerRecord => ({
  sessionId: str(r.session_id), caseId: strOrNull(r.case_id), practiceId: strOrNull(r.practice_id), disputeType: str(r.dispute_type),
  variant: str(r.variant) as SurveyVariant, month: str(r.month), ratings: JSON.parse(str(r.ratings)) as Record<string, number>,
  recommend: r.recommend == null ? null : num(r.recommend), comment: str(r.comment),
});

export function sqlitePlanStore(db: DatabaseSync): PlanStore {
  const itemsOf = db.prepare('SELECT * FROM followup_items WHERE session_id = ? ORDER BY position');
  return {
    async getPlan(sessionId) {
      const r = db.prepare('SELECT * FROM followup_plans WHERE session_id = ?').get(sessionId) as Row | undefined;
      return r ? toPlan(r) : null;
    },
    async savePlan(plan, items) {
      inTransaction(db, () => {
        db.prepare(`INSERT INTO followup_plans (session_id, discovery, follow_up, follow_up_session_id, updated_at) VALUES (?, ?, ?, NULL, ?)
          ON CONFLICT(session_id) DO UPDATE SET discovery = excluded.discovery, follow_up = excluded.follow_up, updated_at = excluded.updated_at`)
          .run(plan.sessionId, plan.discovery, plan.followUp ? JSON.stringify(plan.followUp) : null, plan.updatedAt);
        const kept = new Set(items.map((i) => i.id));
        for (const old of itemsOf.all(plan.sessionId) as Row[]) {
          if (kept.has(str(old.id))) continue;
          db.prepare('DELETE FROM followup_checkin_links WHERE item_id = ?').run(str(old.id));
          db.prepare('DELETE FROM followup_items WHERE id = ?').run(str(old.id));
        }
        const upsert = db.prepare(`INSERT INTO followup_items (id, session_id, position, what, owner, due, clause) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET position = excluded.position, what = excluded.what, owner = excluded.owner, due = excluded.due, clause = excluded.clause
          WHERE followup_items.session_id = excluded.session_id`);
        for (const i of items) upsert.run(i.id, plan.sessionId, i.position, i.what, JSON.stringify(i.owner), i.due, i.clause);
      });
    },
    async listItems(sessionId) {
      return (itemsOf.all(sessionId) as Row[]).map(toItem);
    },
    async getItem(itemId) {
      const r = db.prepare('SELECT * FROM followup_items WHERE id = ?').get(itemId) as Row | undefined;
      return r ? toItem(r) : null;
    },
    async setFollowUpSession(sessionId, followUpSessionId) {
      const r = db.prepare('UPDATE followup_plans SET follow_up_session_id = ? WHERE session_id = ? AND follow_up_session_id IS NULL').run(followUpSessionId, sessionId);
      return Number(r.changes) === 1;
    },
    async confirmEmail(rec) {
      db.prepare(`INSERT INTO followup_emails (session_id, participant_id, email, confirmed_at) VALUES (?, ?, ?, ?)
        ON CONFLICT(session_id, participant_id) DO UPDATE SET email = excluded.email, confirmed_at = excluded.confirmed_at`)
        .run(rec.sessionId, rec.participantId, rec.email, rec.confirmedAt);
    },
    async listEmails(sessionId) {
      return (db.prepare('SELECT * FROM followup_emails WHERE session_id = ? ORDER BY confirmed_at').all(sessionId) as Row[]).map((r) => ({
        sessionId: str(r.session_id), participantId: str(r.participant_id), email: str(r.email), confirmedAt: num(r.confirmed_at),
      }));
    },
    async addCheckinLink(keyHash, itemId, participantId) {
      db.prepare('INSERT OR IGNORE INTO followup_checkin_links (key_hash, item_id, participant_id) VALUES (?, ?, ?)').run(keyHash, itemId, participantId);
    },
    async checkinLink(keyHash) {
      const r = db.prepare('SELECT item_id, participant_id FROM followup_checkin_links WHERE key_hash = ?').get(keyHash) as Row | undefined;
      return r ? { itemId: str(r.item_id), participantId: str(r.participant_id) } : null;
    },
    async setStatus(itemId, status, note, at) {
      db.prepare('UPDATE followup_items SET status = ?, note = ?, status_at = ? WHERE id = ?').run(status, note, at, itemId);
    },
    async sessionCase(sessionId) {
      const r = db.prepare(`SELECT c.id, c.practice_id, c.title, c.dispute_type FROM case_sessions s JOIN cases c ON c.id = s.case_id WHERE s.session_id = ?`).get(sessionId) as Row | undefined;
      return r ? { caseId: str(r.id), practiceId: str(r.practice_id), caseTitle: str(r.title), disputeType: str(r.dispute_type) } : null;
    },
    async itemsOfCase(caseId) {
      const rows = db.prepare(`SELECT i.*, s.title AS session_title FROM followup_items i JOIN case_sessions s ON s.session_id = i.session_id
        WHERE s.case_id = ? ORDER BY s.created_at, i.position`).all(caseId) as Row[];
      return rows.map((r) => ({ ...toItem(r), sessionTitle: str(r.session_title) }));
    },
  };
}

export function sqliteJobStore(db: DatabaseSync): JobStore {
  return {
    async schedule(job) {
      const r = db.prepare('INSERT OR IGNORE INTO jobs (key, kind, run_at, payload, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(job.key, job.kind, job.runAt, JSON.stringify(job.payload), Date.now());
      return Number(r.changes) === 1;
    },
    async claimDue(now, kinds, limit, leaseMs) {
      if (kinds.length === 0) return [];
      return inTransaction(db, () => {
        const due = db.prepare(`SELECT * FROM jobs WHERE done_at IS NULL AND run_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
          AND kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY run_at, key LIMIT ?`).all(now, now, ...kinds, limit) as Row[];
        const claim = db.prepare('UPDATE jobs SET attempts = attempts + 1, locked_until = ? WHERE key = ?');
        for (const r of due) claim.run(now + leaseMs, str(r.key));
        return due.map((r) => ({ ...toJob(r), attempts: num(r.attempts) + 1 }));
      });
    },
    async complete(key, at) {
      db.prepare('UPDATE jobs SET done_at = ?, locked_until = NULL, last_error = NULL WHERE key = ?').run(at, key);
    },
    async failed(key, error, retryAt, at) {
      if (retryAt === null) db.prepare('UPDATE jobs SET done_at = ?, locked_until = NULL, last_error = ? WHERE key = ?').run(at, error, key);
      else db.prepare('UPDATE jobs SET run_at = ?, locked_until = NULL, last_error = ? WHERE key = ?').run(retryAt, error, key);
    },
    async get(key) {
      const r = db.prepare('SELECT * FROM jobs WHERE key = ?').get(key) as Row | undefined;
      return r ? toJob(r) : null;
    },
    async pending() {
      return (db.prepare('SELECT * FROM jobs WHERE done_at IS NULL ORDER BY run_at, key').all() as Row[]).map(toJob);
    },
  };
}

export function sqliteSurveyStore(db: DatabaseSync): SurveyStore {
  return {
    async addLink(rec) {
      const r = db.prepare('INSERT OR IGNORE INTO survey_links (session_id, participant_id, variant, answered, created_at) VALUES (?, ?, ?, 0, ?)')
        .run(rec.sessionId, rec.participantId, rec.variant, rec.createdAt);
      return Number(r.changes) === 1;
    },
    async addKey(keyHash, sessionId, participantId) {
      db.prepare('INSERT OR IGNORE INTO survey_keys (key_hash, session_id, participant_id) VALUES (?, ?, ?)').run(keyHash, sessionId, participantId);
    },
    async linkByKey(keyHash) {
      const r = db.prepare('SELECT l.* FROM survey_keys k JOIN survey_links l ON l.session_id = k.session_id AND l.participant_id = k.participant_id WHERE k.key_hash = ?').get(keyHash) as Row | undefined;
      return r ? toLink(r) : null;
    },
    async linkOf(sessionId, participantId) {
      const r = db.prepare('SELECT * FROM survey_links WHERE session_id = ? AND participant_id = ?').get(sessionId, participantId) as Row | undefined;
      return r ? toLink(r) : null;
    },
    async answer(sessionId, participantId, a) {
      return inTransaction(db, () => {
        const marked = db.prepare('UPDATE survey_links SET answered = 1 WHERE session_id = ? AND participant_id = ? AND answered = 0').run(sessionId, participantId);
        if (Number(marked.changes) !== 1) return false;
        db.prepare('INSERT INTO survey_answers (session_id, case_id, practice_id, dispute_type, variant, month, ratings, recommend, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(a.sessionId, a.caseId, a.practiceId, a.disputeType, a.variant, a.month, JSON.stringify(a.ratings), a.recommend, a.comment);
        return true;
      });
    },
    async answersOfSession(sessionId) {
      return (db.prepare('SELECT * FROM survey_answers WHERE session_id = ?').all(sessionId) as Row[]).map(toAnswer);
    },
    async answersOfPractice(practiceId) {
      return (db.prepare('SELECT * FROM survey_answers WHERE practice_id = ?').all(practiceId) as Row[]).map(toAnswer);
    },
  };
}

export function sqliteFollowupStores(db: DatabaseSync): FollowupStores {
  return { plans: sqlitePlanStore(db), jobs: sqliteJobStore(db), surveys: sqliteSurveyStore(db), messages: sqliteMessageStore(db) };
}
