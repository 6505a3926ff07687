/** Intake and the agreement to mediate on SQLite (intakeTypes.ts says what each method promises). */
import type { DatabaseSync } from 'node:sqlite';
import type { IntakeAnswers, IntakeSettings, SessionPlan, SessionStage } from '@mediation/shared';
import type {
  AgreementRequirementRecord, AgreementSignatureRecord, AgreementTemplateRecord, AgreementToMediateStore, IntakeDocumentMeta, IntakeLinkRecord,
  IntakeResponseRecord, IntakeStore, IntakeStores,
} from '../intakeTypes.js';
import { inTransaction, num, str, type Row } from './database.js';

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

export function sqliteIntakeStore(db: DatabaseSync): IntakeStore {
  return {
    async setLink(l) {
      db.prepare(`INSERT INTO intake_links (person_id, case_id, practice_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(person_id) DO UPDATE SET case_id = excluded.case_id, practice_id = excluded.practice_id, token_hash = excluded.token_hash, expires_at = excluded.expires_at, created_at = excluded.created_at`)
        .run(l.personId, l.caseId, l.practiceId, l.tokenHash, l.expiresAt, l.createdAt);
    },
    async linkByHash(h) {
      const r = db.prepare('SELECT * FROM intake_links WHERE token_hash = ?').get(h) as Row | undefined;
      return r ? toLink(r) : null;
    },
    async listLinks(caseId) {
      return (db.prepare('SELECT * FROM intake_links WHERE case_id = ? ORDER BY created_at').all(caseId) as Row[]).map(toLink);
    },
    async getSettings(caseId) {
      const r = db.prepare('SELECT settings FROM intake_settings WHERE case_id = ?').get(caseId) as Row | undefined;
      return r ? (JSON.parse(str(r.settings)) as IntakeSettings) : null;
    },
    async setSettings(caseId, s) {
      db.prepare('INSERT INTO intake_settings (case_id, settings) VALUES (?, ?) ON CONFLICT(case_id) DO UPDATE SET settings = excluded.settings').run(caseId, JSON.stringify(s));
    },
    async getResponse(caseId, personId) {
      const r = db.prepare('SELECT * FROM intake_responses WHERE case_id = ? AND person_id = ?').get(caseId, personId) as Row | undefined;
      return r ? toResponse(r) : null;
    },
    async saveResponse(x) {
      db.prepare(`INSERT INTO intake_responses (case_id, person_id, answers, started_at, updated_at, submitted_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(case_id, person_id) DO UPDATE SET answers = excluded.answers, updated_at = excluded.updated_at, submitted_at = excluded.submitted_at`)
        .run(x.caseId, x.personId, JSON.stringify(x.answers), x.startedAt, x.updatedAt, x.submittedAt);
    },
    async listResponses(caseId) {
      return (db.prepare('SELECT * FROM intake_responses WHERE case_id = ? ORDER BY started_at').all(caseId) as Row[]).map(toResponse);
    },
    async addDocument(d, max) {
      return inTransaction(db, () => {
        const n = num((db.prepare('SELECT COUNT(*) AS n FROM intake_documents WHERE case_id = ? AND person_id = ?').get(d.caseId, d.personId) as Row).n);
        if (n >= max) return false;
        db.prepare('INSERT INTO intake_documents (id, case_id, person_id, name, type, size, uploaded_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(d.id, d.caseId, d.personId, d.name, d.type, d.size, d.uploadedAt, d.data);
        return true;
      });
    },
    async listDocuments(caseId, personId) {
      const rows = personId === undefined
        ? db.prepare(`SELECT ${META} FROM intake_documents WHERE case_id = ? ORDER BY uploaded_at, rowid`).all(caseId)
        : db.prepare(`SELECT ${META} FROM intake_documents WHERE case_id = ? AND person_id = ? ORDER BY uploaded_at, rowid`).all(caseId, personId);
      return (rows as Row[]).map(toMeta);
    },
    async getDocument(caseId, id) {
      const r = db.prepare('SELECT * FROM intake_documents WHERE case_id = ? AND id = ?').get(caseId, id) as Row | undefined;
      return r ? { ...toMeta(r), data: new Uint8Array(r.data as Uint8Array) } : null;
    },
    async deleteDocument(caseId, personId, id) {
      return db.prepare('DELETE FROM intake_documents WHERE case_id = ? AND person_id = ? AND id = ?').run(caseId, personId, id).changes > 0;
    },
  };
}

export function sqliteAgreementToMediateStore(db: DatabaseSync): AgreementToMediateStore {
  return {
    async getTemplate(practiceId) {
      const r = db.prepare('SELECT * FROM mediation_agreement_templates WHERE practice_id = ?').get(practiceId) as Row | undefined;
      return r ? toTemplate(r) : null;
    },
    async saveTemplate(practiceId, t) {
      return inTransaction(db, () => {
        const r = db.prepare('SELECT version FROM mediation_agreement_templates WHERE practice_id = ?').get(practiceId) as Row | undefined;
        const version = r ? num(r.version) + 1 : 1;
        db.prepare(`INSERT INTO mediation_agreement_templates (practice_id, title, text, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT(practice_id) DO UPDATE SET title = excluded.title, text = excluded.text, version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
          .run(practiceId, t.title, t.text, version, t.at, t.by);
        return { practiceId, title: t.title, text: t.text, version, updatedAt: t.at, updatedBy: t.by };
      });
    },
    async setRequirement(sessionId, r) {
      if (!r) {
        db.prepare('DELETE FROM mediation_agreement_requirements WHERE session_id = ?').run(sessionId);
        return;
      }
      db.prepare(`INSERT INTO mediation_agreement_requirements (session_id, case_id, title, text, version, hash, required_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(session_id) DO UPDATE SET case_id = excluded.case_id, title = excluded.title, text = excluded.text, version = excluded.version, hash = excluded.hash, required_at = excluded.required_at`)
        .run(sessionId, r.caseId, r.title, r.text, r.version, r.hash, r.requiredAt);
    },
    async getRequirement(sessionId) {
      const r = db.prepare('SELECT * FROM mediation_agreement_requirements WHERE session_id = ?').get(sessionId) as Row | undefined;
      return r ? toRequirement(r) : null;
    },
    async sign(s) {
      const r = db.prepare('INSERT OR IGNORE INTO mediation_agreement_signatures (session_id, participant_id, version, typed_name, hash, at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(s.sessionId, s.participantId, s.version, s.typedName, s.hash, s.at);
      return r.changes > 0;
    },
    async listSignatures(sessionId) {
      return (db.prepare('SELECT * FROM mediation_agreement_signatures WHERE session_id = ? ORDER BY at, rowid').all(sessionId) as Row[]).map(toSignature);
    },
  };
}

export function sqliteIntakeStores(db: DatabaseSync): IntakeStores {
  return {
    forms: sqliteIntakeStore(db),
    agreementToMediate: sqliteAgreementToMediateStore(db),
    stages: {
      async get(sessionId) {
        const r = db.prepare('SELECT * FROM session_stages WHERE session_id = ?').get(sessionId) as Row | undefined;
        return r ? { sessionId: str(r.session_id), stage: str(r.stage) as SessionStage, at: num(r.set_at), by: str(r.set_by) } : null;
      },
      async set(s) {
        db.prepare('INSERT INTO session_stages (session_id, stage, set_at, set_by) VALUES (?, ?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET stage = excluded.stage, set_at = excluded.set_at, set_by = excluded.set_by')
          .run(s.sessionId, s.stage, s.at, s.by);
      },
    },
    notes: {
      async add(n) {
        db.prepare('INSERT INTO case_notes (id, case_id, session_id, at, author_id, author_name, text) VALUES (?, ?, ?, ?, ?, ?, ?)').run(n.id, n.caseId, n.sessionId, n.at, n.authorId, n.authorName, n.text);
      },
      async list(caseId) {
        return (db.prepare('SELECT * FROM case_notes WHERE case_id = ? ORDER BY at, rowid').all(caseId) as Row[]).map((r) => ({
          id: str(r.id), caseId: str(r.case_id), sessionId: r.session_id == null ? null : str(r.session_id), at: num(r.at), authorId: str(r.author_id), authorName: str(r.author_name), text: str(r.text),
        }));
      },
    },
    plans: {
      async get(sessionId) {
        const r = db.prepare('SELECT * FROM session_plans WHERE session_id = ?').get(sessionId) as Row | undefined;
        return r ? { ...(JSON.parse(str(r.plan)) as SessionPlan), caseId: str(r.case_id) } : null;
      },
      async set(sessionId, caseId, plan) {
        db.prepare('INSERT INTO session_plans (session_id, case_id, plan) VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET case_id = excluded.case_id, plan = excluded.plan')
          .run(sessionId, caseId, JSON.stringify(plan));
      },
    },
  };
}
