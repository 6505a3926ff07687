/**
 * Intake and the agreement to mediate on PostgreSQL (intakeTypes.ts says what each method
 * promises). What belongs to a live session (its requirement, signatures, stage, room plan) is
 * written as a session write, fenced on a cluster node; what belongs to a case is not.
 */
import type { IntakeAnswers, IntakeSettings, SessionPlan, SessionStage } from '@mediation/shared';
import type {
  AgreementRequirementRecord, AgreementSignatureRecord, AgreementTemplateRecord, AgreementToMediateStore, IntakeDocumentMeta, IntakeLinkRecord,
  IntakeResponseRecord, IntakeStore, IntakeStores,
} from '../intakeTypes.js';
import { bytes, num, str, type PgDatabase, type Row } from './database.js';

const toLink = (r: Row): IntakeLinkRecord => ({ tokenHash: str(r.token_hash), practiceId: str(r.practice_id), caseId: str(r.case_id), personId: str(r.person_id), expiresAt: num(r.expires_at), createdAt: num(r.created_at) });
const toResponse = (r: Row): IntakeResponseRecord => ({
  caseId: str(r.case_id), personId: str(r.person_id), answers: JSON.parse(str(r.answers)) as IntakeAnswers,
  startedAt: num(r.started_at), updatedAt: num(r.updated_at), submittedAt: r.submitted_at == null ? null : num(r.submitted_at),
});
const toMeta = (r: Row): IntakeDocumentMeta => ({
  id: str(r.id), caseId: str(r.case_id), personId: str(r.person_id), name: str(r.name), type: str(r.type), size: num(r.size), uploadedAt: num(r.uploaded_at),
});
const toTemplate = (r: Row): AgreementTemplateRecord => ({
  practiceId: str(r.practice_id), title: str(r.title), text: str(r.text), version: num(r.version), updatedAt: num(r.updated_at), updatedBy: str(r.updated_by),
});
const toRequirement = (r: Row): AgreementRequirementRecord => ({
  sessionId: str(r.session_id), caseId: str(r.case_id), title: str(r.title), text: str(r.text), version: num(r.version), hash: str(r.hash), requiredAt: num(r.required_at),
});
const toSignature = (r: Row): AgreementSignatureRecord => ({
  sessionId: str(r.session_id), participantId: str(r.participant_id), typedName: str(r.typed_name), version: num(r.version), hash: str(r.hash), at: num(r.at),
});
const META = 'id, case_id, person_id, name, type, size, uploaded_at';

export function pgIntakeStore(db: PgDatabase): IntakeStore {
  const one = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows[0];
  return {
    async setLink(l) {
      await db.query(`INSERT INTO intake_links (person_id, case_id, practice_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (person_id) DO UPDATE SET case_id = excluded.case_id, practice_id = excluded.practice_id, token_hash = excluded.token_hash, expires_at = excluded.expires_at, created_at = excluded.created_at`,
      [l.personId, l.caseId, l.practiceId, l.tokenHash, l.expiresAt, l.createdAt]);
    },
    async linkByHash(h) {
      const r = await one('SELECT * FROM intake_links WHERE token_hash = $1', [h]);
      return r ? toLink(r) : null;
    },
    async listLinks(caseId) {
      return (await db.query('SELECT * FROM intake_links WHERE case_id = $1 ORDER BY created_at', [caseId])).rows.map(toLink);
    },
    async getSettings(caseId) {
      const r = await one('SELECT settings FROM intake_settings WHERE case_id = $1', [caseId]);
      return r ? (JSON.parse(str(r.settings)) as IntakeSettings) : null;
    },
    async setSettings(caseId, s) {
      await db.query('INSERT INTO intake_settings (case_id, settings) VALUES ($1, $2) ON CONFLICT (case_id) DO UPDATE SET settings = excluded.settings', [caseId, JSON.stringify(s)]);
    },
    async getResponse(caseId, personId) {
      const r = await one('SELECT * FROM intake_responses WHERE case_id = $1 AND person_id = $2', [caseId, personId]);
      return r ? toResponse(r) : null;
    },
    async saveResponse(x) {
      await db.query(`INSERT INTO intake_responses (case_id, person_id, answers, started_at, updated_at, submitted_at) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (case_id, person_id) DO UPDATE SET answers = excluded.answers, updated_at = excluded.updated_at, submitted_at = excluded.submitted_at`,
      [x.caseId, x.personId, JSON.stringify(x.answers), x.startedAt, x.updatedAt, x.submittedAt]);
    },
    async listResponses(caseId) {
      return (await db.query('SELECT * FROM intake_responses WHERE case_id = $1 ORDER BY started_at', [caseId])).rows.map(toResponse);
    },
    async addDocument(d, max) {
      return db.tx(async (c) => {
        // Per person: two uploads at once must not both pass the count.
        await c.query("SELECT pg_advisory_xact_lock(hashtext('intake-docs:' || $1 || '/' || $2))", [d.caseId, d.personId]);
        const n = num((await c.query('SELECT COUNT(*) AS n FROM intake_documents WHERE case_id = $1 AND person_id = $2', [d.caseId, d.personId])).rows[0]!.n);
        if (n >= max) return false;
        await c.query('INSERT INTO intake_documents (id, case_id, person_id, name, type, size, uploaded_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [d.id, d.caseId, d.personId, d.name, d.type, d.size, d.uploadedAt, Buffer.from(d.data)]);
        return true;
      });
    },
    async listDocuments(caseId, personId) {
      const r = personId === undefined
        ? await db.query(`SELECT ${META} FROM intake_documents WHERE case_id = $1 ORDER BY uploaded_at, ord`, [caseId])
        : await db.query(`SELECT ${META} FROM intake_documents WHERE case_id = $1 AND person_id = $2 ORDER BY uploaded_at, ord`, [caseId, personId]);
      return r.rows.map(toMeta);
    },
    async getDocument(caseId, id) {
      const r = await one('SELECT * FROM intake_documents WHERE case_id = $1 AND id = $2', [caseId, id]);
      return r ? { ...toMeta(r), data: bytes(r.data) } : null;
    },
    async deleteDocument(caseId, personId, id) {
      return ((await db.query('DELETE FROM intake_documents WHERE case_id = $1 AND person_id = $2 AND id = $3', [caseId, personId, id])).rowCount ?? 0) > 0;
    },
  };
}

export function pgAgreementToMediateStore(db: PgDatabase): AgreementToMediateStore {
  return {
    async getTemplate(practiceId) {
      const r = (await db.query('SELECT * FROM mediation_agreement_templates WHERE practice_id = $1', [practiceId])).rows[0];
      return r ? toTemplate(r) : null;
    },
    async saveTemplate(practiceId, t) {
      // The version is computed by the upsert itself, so two saves cannot both take version n.
      const r = await db.query(`INSERT INTO mediation_agreement_templates (practice_id, title, text, version, updated_at, updated_by) VALUES ($1, $2, $3, 1, $4, $5)
        ON CONFLICT (practice_id) DO UPDATE SET title = excluded.title, text = excluded.text, version = mediation_agreement_templates.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by
        RETURNING *`, [practiceId, t.title, t.text, t.at, t.by]);
      return toTemplate(r.rows[0]!);
    },
    async setRequirement(sessionId, r) {
      await db.sessionWrite(sessionId, (c) => r
        ? c.query(`INSERT INTO mediation_agreement_requirements (session_id, case_id, title, text, version, hash, required_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (session_id) DO UPDATE SET case_id = excluded.case_id, title = excluded.title, text = excluded.text, version = excluded.version, hash = excluded.hash, required_at = excluded.required_at`,
          [sessionId, r.caseId, r.title, r.text, r.version, r.hash, r.requiredAt])
        : c.query('DELETE FROM mediation_agreement_requirements WHERE session_id = $1', [sessionId]));
    },
    async getRequirement(sessionId) {
      const r = (await db.query('SELECT * FROM mediation_agreement_requirements WHERE session_id = $1', [sessionId])).rows[0];
      return r ? toRequirement(r) : null;
    },
    async sign(s) {
      const r = await db.sessionWrite(s.sessionId, (c) => c.query(`INSERT INTO mediation_agreement_signatures (session_id, participant_id, version, typed_name, hash, at) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT DO NOTHING`, [s.sessionId, s.participantId, s.version, s.typedName, s.hash, s.at]));
      return (r.rowCount ?? 0) > 0;
    },
    async listSignatures(sessionId) {
      return (await db.query('SELECT * FROM mediation_agreement_signatures WHERE session_id = $1 ORDER BY at, ord', [sessionId])).rows.map(toSignature);
    },
  };
}

export function pgIntakeStores(db: PgDatabase): IntakeStores {
  return {
    forms: pgIntakeStore(db),
    agreementToMediate: pgAgreementToMediateStore(db),
    stages: {
      async get(sessionId) {
        const r = (await db.query('SELECT * FROM session_stages WHERE session_id = $1', [sessionId])).rows[0];
        return r ? { sessionId: str(r.session_id), stage: str(r.stage) as SessionStage, at: num(r.set_at), by: str(r.set_by) } : null;
      },
      async set(s) {
        await db.sessionWrite(s.sessionId, (c) => c.query('INSERT INTO session_stages (session_id, stage, set_at, set_by) VALUES ($1, $2, $3, $4) ON CONFLICT (session_id) DO UPDATE SET stage = excluded.stage, set_at = excluded.set_at, set_by = excluded.set_by',
          [s.sessionId, s.stage, s.at, s.by]));
      },
    },
    notes: {
      async add(n) {
        await db.query('INSERT INTO case_notes (id, case_id, session_id, at, author_id, author_name, text) VALUES ($1, $2, $3, $4, $5, $6, $7)', [n.id, n.caseId, n.sessionId, n.at, n.authorId, n.authorName, n.text]);
      },
      async list(caseId) {
        return (await db.query('SELECT * FROM case_notes WHERE case_id = $1 ORDER BY at, ord', [caseId])).rows.map((r) => ({
          id: str(r.id), caseId: str(r.case_id), sessionId: r.session_id == null ? null : str(r.session_id), at: num(r.at), authorId: str(r.author_id), authorName: str(r.author_name), text: str(r.text),
        }));
      },
    },
    plans: {
      async get(sessionId) {
        const r = (await db.query('SELECT * FROM session_plans WHERE session_id = $1', [sessionId])).rows[0];
        return r ? { ...(JSON.parse(str(r.plan)) as SessionPlan), caseId: str(r.case_id) } : null;
      },
      async set(sessionId, caseId, plan) {
        await db.sessionWrite(sessionId, (c) => c.query('INSERT INTO session_plans (session_id, case_id, plan) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO UPDATE SET case_id = excluded.case_id, plan = excluded.plan',
          [sessionId, caseId, JSON.stringify(plan)]));
      },
    },
  };
}
