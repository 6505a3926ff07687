/** The after-session stores on PostgreSQL: follow-up plans and check-ins, durable jobs, surveys. */
import type { ItemOwner, ItemStatus, SurveyVariant } from '@mediation/shared';
import type {
  FollowupStores, ItemRecord, JobRecord, JobStore, PlanRecord, PlanStore, SurveyAnswerRecord, SurveyLinkRecord, SurveyStore,
} from '../followupTypes.js';
import { num, str, strOrNull, type PgDatabase, type Row } from './database.js';
import { pgMessageStore } from './messaging.js';

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
  answered: r.answered === true, createdAt: num(r.created_at),
});

const toAnswer = (r: Row): SurveyAnswerRecord => ({
  sessionId: str(r.session_id), caseId: strOrNull(r.case_id), practiceId: strOrNull(r.practice_id), disputeType: str(r.dispute_type),
  variant: str(r.variant) as SurveyVariant, month: str(r.month), ratings: JSON.parse(str(r.ratings)) as Record<string, number>,
  recommend: r.recommend == null ? null : num(r.recommend), comment: str(r.comment),
});

export function pgPlanStore(db: PgDatabase): PlanStore {
  const itemsOf = 'SELECT * FROM followup_items WHERE session_id = $1 ORDER BY position';
  return {
    async getPlan(sessionId) {
      const r = (await db.query('SELECT * FROM followup_plans WHERE session_id = $1', [sessionId])).rows[0];
      return r ? toPlan(r) : null;
    },
    async savePlan(plan, items) {
      await db.sessionWrite(plan.sessionId, async (c) => {
        await c.query(`INSERT INTO followup_plans (session_id, discovery, follow_up, follow_up_session_id, updated_at) VALUES ($1, $2, $3, NULL, $4)
          ON CONFLICT (session_id) DO UPDATE SET discovery = excluded.discovery, follow_up = excluded.follow_up, updated_at = excluded.updated_at`,
        [plan.sessionId, plan.discovery, plan.followUp ? JSON.stringify(plan.followUp) : null, plan.updatedAt]);
        const kept = new Set(items.map((i) => i.id));
        for (const old of (await c.query(itemsOf, [plan.sessionId])).rows) {
          if (kept.has(str(old.id))) continue;
          await c.query('DELETE FROM followup_checkin_links WHERE item_id = $1', [str(old.id)]);
          await c.query('DELETE FROM followup_items WHERE id = $1', [str(old.id)]);
        }
        for (const i of items) {
          await c.query(`INSERT INTO followup_items (id, session_id, position, what, owner, due, clause) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (id) DO UPDATE SET position = excluded.position, what = excluded.what, owner = excluded.owner, due = excluded.due, clause = excluded.clause
            WHERE followup_items.session_id = excluded.session_id`, [i.id, plan.sessionId, i.position, i.what, JSON.stringify(i.owner), i.due, i.clause]);
        }
      }, true);
    },
    async listItems(sessionId) {
      return (await db.query(itemsOf, [sessionId])).rows.map(toItem);
    },
    async getItem(itemId) {
      const r = (await db.query('SELECT * FROM followup_items WHERE id = $1', [itemId])).rows[0];
      return r ? toItem(r) : null;
    },
    async setFollowUpSession(sessionId, followUpSessionId) {
      const r = await db.sessionWrite(sessionId, (c) => c.query('UPDATE followup_plans SET follow_up_session_id = $1 WHERE session_id = $2 AND follow_up_session_id IS NULL', [followUpSessionId, sessionId]));
      return r.rowCount === 1;
    },
    async confirmEmail(rec) {
      await db.query(`INSERT INTO followup_emails (session_id, participant_id, email, confirmed_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (session_id, participant_id) DO UPDATE SET email = excluded.email, confirmed_at = excluded.confirmed_at`,
      [rec.sessionId, rec.participantId, rec.email, rec.confirmedAt]);
    },
    async listEmails(sessionId) {
      return (await db.query('SELECT * FROM followup_emails WHERE session_id = $1 ORDER BY confirmed_at', [sessionId])).rows.map((r) => ({
        sessionId: str(r.session_id), participantId: str(r.participant_id), email: str(r.email), confirmedAt: num(r.confirmed_at),
      }));
    },
    async addCheckinLink(keyHash, itemId, participantId) {
      await db.query('INSERT INTO followup_checkin_links (key_hash, item_id, participant_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [keyHash, itemId, participantId]);
    },
    async checkinLink(keyHash) {
      const r = (await db.query('SELECT item_id, participant_id FROM followup_checkin_links WHERE key_hash = $1', [keyHash])).rows[0];
      return r ? { itemId: str(r.item_id), participantId: str(r.participant_id) } : null;
    },
    async setStatus(itemId, status, note, at) {
      await db.query('UPDATE followup_items SET status = $1, note = $2, status_at = $3 WHERE id = $4', [status, note, at, itemId]);
    },
    async sessionCase(sessionId) {
      const r = (await db.query('SELECT c.id, c.practice_id, c.title, c.dispute_type FROM case_sessions s JOIN cases c ON c.id = s.case_id WHERE s.session_id = $1', [sessionId])).rows[0];
      return r ? { caseId: str(r.id), practiceId: str(r.practice_id), caseTitle: str(r.title), disputeType: str(r.dispute_type) } : null;
    },
    async itemsOfCase(caseId) {
      const rows = (await db.query(`SELECT i.*, s.title AS session_title FROM followup_items i JOIN case_sessions s ON s.session_id = i.session_id
        WHERE s.case_id = $1 ORDER BY s.created_at, s.ord, i.position`, [caseId])).rows;
      return rows.map((r) => ({ ...toItem(r), sessionTitle: str(r.session_title) }));
    },
  };
}

export function pgJobStore(db: PgDatabase): JobStore {
  return {
    async schedule(job) {
      const r = await db.query('INSERT INTO jobs (key, kind, run_at, payload, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING',
        [job.key, job.kind, job.runAt, JSON.stringify(job.payload), Date.now()]);
      return r.rowCount === 1;
    },
    async claimDue(now, kinds, limit, leaseMs) {
      if (kinds.length === 0) return [];
      // SKIP LOCKED: nodes claiming at the same moment take different jobs instead of waiting for
      // each other; the lease (locked_until) keeps a claimed job from being handed out again.
      return db.tx(async (c) => {
        const due = (await c.query(`SELECT * FROM jobs WHERE done_at IS NULL AND run_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
          AND kind = ANY($2::text[]) ORDER BY run_at, key LIMIT $3 FOR UPDATE SKIP LOCKED`, [now, [...kinds], limit])).rows;
        if (due.length > 0) await c.query('UPDATE jobs SET attempts = attempts + 1, locked_until = $1 WHERE key = ANY($2::text[])', [now + leaseMs, due.map((r) => str(r.key))]);
        return due.map((r) => ({ ...toJob(r), attempts: num(r.attempts) + 1 }));
      });
    },
    async complete(key, at) {
      await db.query('UPDATE jobs SET done_at = $1, locked_until = NULL, last_error = NULL WHERE key = $2', [at, key]);
    },
    async failed(key, error, retryAt, at) {
      if (retryAt === null) await db.query('UPDATE jobs SET done_at = $1, locked_until = NULL, last_error = $2 WHERE key = $3', [at, error, key]);
      else await db.query('UPDATE jobs SET run_at = $1, locked_until = NULL, last_error = $2 WHERE key = $3', [retryAt, error, key]);
    },
    async get(key) {
      const r = (await db.query('SELECT * FROM jobs WHERE key = $1', [key])).rows[0];
      return r ? toJob(r) : null;
    },
    async pending() {
      return (await db.query('SELECT * FROM jobs WHERE done_at IS NULL ORDER BY run_at, key')).rows.map(toJob);
    },
  };
}

export function pgSurveyStore(db: PgDatabase): SurveyStore {
  return {
    async addLink(rec) {
      const r = await db.query('INSERT INTO survey_links (session_id, participant_id, variant, answered, created_at) VALUES ($1, $2, $3, FALSE, $4) ON CONFLICT DO NOTHING',
        [rec.sessionId, rec.participantId, rec.variant, rec.createdAt]);
      return r.rowCount === 1;
    },
    async addKey(keyHash, sessionId, participantId) {
      await db.query('INSERT INTO survey_keys (key_hash, session_id, participant_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [keyHash, sessionId, participantId]);
    },
    async linkByKey(keyHash) {
      const r = (await db.query('SELECT l.* FROM survey_keys k JOIN survey_links l ON l.session_id = k.session_id AND l.participant_id = k.participant_id WHERE k.key_hash = $1', [keyHash])).rows[0];
      return r ? toLink(r) : null;
    },
    async linkOf(sessionId, participantId) {
      const r = (await db.query('SELECT * FROM survey_links WHERE session_id = $1 AND participant_id = $2', [sessionId, participantId])).rows[0];
      return r ? toLink(r) : null;
    },
    async answer(sessionId, participantId, a) {
      return db.tx(async (c) => {
        const marked = await c.query('UPDATE survey_links SET answered = TRUE WHERE session_id = $1 AND participant_id = $2 AND answered = FALSE', [sessionId, participantId]);
        if (marked.rowCount !== 1) return false;
        await c.query('INSERT INTO survey_answers (session_id, case_id, practice_id, dispute_type, variant, month, ratings, recommend, comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          [a.sessionId, a.caseId, a.practiceId, a.disputeType, a.variant, a.month, JSON.stringify(a.ratings), a.recommend, a.comment]);
        return true;
      });
    },
    async answersOfSession(sessionId) {
      return (await db.query('SELECT * FROM survey_answers WHERE session_id = $1', [sessionId])).rows.map(toAnswer);
    },
    async answersOfPractice(practiceId) {
      return (await db.query('SELECT * FROM survey_answers WHERE practice_id = $1', [practiceId])).rows.map(toAnswer);
    },
  };
}

export function pgFollowupStores(db: PgDatabase): FollowupStores {
  return { plans: pgPlanStore(db), jobs: pgJobStore(db), surveys: pgSurveyStore(db), messages: pgMessageStore(db) };
}
