/** AgreementStore on PostgreSQL: versions, the freeze, sign-offs, comment threads, proposals. */
import type { ProposalView, Role, SignoffView, ThreadView, VersionMeta } from '@mediation/shared';
import type { FreezeRecord, ProposalRecord } from '../../agreement/store.js';
import type { PMNode } from '../../agreement/model.js';
import type { AgreementStore, NewVersion } from '../types.js';
import { num, str, type Executor, type PgDatabase, type Row } from './database.js';

const toVersion = (r: Row): VersionMeta => ({
  id: str(r.id), number: num(r.number), name: str(r.name), kind: str(r.kind) as VersionMeta['kind'], hash: str(r.hash),
  createdAt: num(r.created_at), author: { id: str(r.author_id), name: str(r.author_name) },
});
const toSignoff = (r: Row): SignoffView => ({
  id: str(r.id), versionId: str(r.version_id), hash: str(r.hash), participantId: str(r.participant_id), role: str(r.role) as Role,
  typedName: str(r.typed_name), at: num(r.at), voidedAt: r.voided_at == null ? null : num(r.voided_at),
});
const toProposal = (r: Row): ProposalRecord => ({
  id: str(r.id), draftSpace: str(r.draft_space), author: { id: str(r.author_id), name: str(r.author_name) }, text: str(r.text),
  status: str(r.status) as ProposalView['status'], createdAt: num(r.created_at), content: JSON.parse(str(r.content)) as PMNode[],
});
const toFreeze = (r: Row): FreezeRecord => ({ versionId: str(r.version_id), hash: str(r.hash), frozenAt: num(r.frozen_at) });

/** Serialises the session's agreement writes that read-then-write (numbering, the freeze): a
 * transaction-scoped advisory lock on the session, so two nodes (or two connections) cannot both
 * take number n or both freeze. */
const lockAgreement = (c: Executor, sessionId: string) => c.query("SELECT pg_advisory_xact_lock(hashtext('agreement:' || $1))", [sessionId]);

export function pgAgreementStore(db: PgDatabase): AgreementStore {
  const getFreeze = async (c: Executor, sessionId: string): Promise<FreezeRecord | null> => {
    const r = await c.query('SELECT * FROM agreement_freeze WHERE session_id = $1', [sessionId]);
    return r.rows[0] ? toFreeze(r.rows[0]) : null;
  };
  /** Inside a transaction holding the agreement lock: the next number is read and used in one step. */
  const insertVersion = async (c: Executor, sessionId: string, v: NewVersion): Promise<VersionMeta> => {
    const last = await c.query('SELECT MAX(number) AS n FROM agreement_versions WHERE session_id = $1', [sessionId]);
    const number = num(last.rows[0]?.n ?? 0) + 1;
    await c.query('INSERT INTO agreement_versions (id, session_id, number, name, kind, hash, content, created_at, author_id, author_name) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)',
      [v.id, sessionId, number, v.name, v.kind, v.hash, JSON.stringify(v.content), v.at, v.author.id, v.author.name]);
    return { id: v.id, number, name: v.name, kind: v.kind, hash: v.hash, createdAt: v.at, author: v.author };
  };
  const threadExists = async (c: Executor, sessionId: string, id: string) =>
    (await c.query('SELECT 1 FROM agreement_threads WHERE session_id = $1 AND id = $2', [sessionId, id])).rows.length > 0;

  return {
    async addVersion(sessionId, v) {
      return db.sessionWrite(sessionId, async (c) => {
        await lockAgreement(c, sessionId);
        return insertVersion(c, sessionId, v);
      }, true);
    },
    async freezeNewVersion(sessionId, v, frozenAt) {
      return db.sessionWrite(sessionId, async (c) => {
        await lockAgreement(c, sessionId);
        if (await getFreeze(c, sessionId)) return null;
        const version = await insertVersion(c, sessionId, v);
        const freeze: FreezeRecord = { versionId: version.id, hash: version.hash, frozenAt };
        await c.query('INSERT INTO agreement_freeze (session_id, version_id, hash, frozen_at) VALUES ($1,$2,$3,$4)', [sessionId, freeze.versionId, freeze.hash, freeze.frozenAt]);
        return { version, freeze };
      }, true);
    },
    async listVersions(sessionId) {
      return (await db.query('SELECT id, number, name, kind, hash, created_at, author_id, author_name FROM agreement_versions WHERE session_id = $1 ORDER BY number', [sessionId])).rows.map(toVersion);
    },
    async getVersion(sessionId, id) {
      const r = (await db.query('SELECT * FROM agreement_versions WHERE session_id = $1 AND id = $2', [sessionId, id])).rows[0];
      return r ? { ...toVersion(r), content: JSON.parse(str(r.content)) as PMNode[] } : null;
    },
    async getFreeze(sessionId) {
      return getFreeze(db, sessionId);
    },
    async unfreeze(sessionId, at) {
      return db.sessionWrite(sessionId, async (c) => {
        await lockAgreement(c, sessionId);
        if (!(await getFreeze(c, sessionId))) return null;
        const voided = (await c.query('UPDATE agreement_signoffs SET voided_at = $1 WHERE session_id = $2 AND voided_at IS NULL', [at, sessionId])).rowCount ?? 0;
        await c.query('DELETE FROM agreement_freeze WHERE session_id = $1', [sessionId]);
        return voided;
      }, true);
    },
    async addSignoff(sessionId, s) {
      await db.sessionWrite(sessionId, (c) => c.query('INSERT INTO agreement_signoffs (id, session_id, version_id, hash, participant_id, role, typed_name, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
        [s.id, sessionId, s.versionId, s.hash, s.participantId, s.role, s.typedName, s.at]));
    },
    async listSignoffs(sessionId) {
      return (await db.query('SELECT * FROM agreement_signoffs WHERE session_id = $1 ORDER BY at, ord', [sessionId])).rows.map(toSignoff);
    },
    async addThread(sessionId, t, first) {
      await db.sessionWrite(sessionId, async (c) => {
        await c.query('INSERT INTO agreement_threads (id, session_id, quote, status, created_at) VALUES ($1,$2,$3,$4,$5)', [t.id, sessionId, t.quote, 'open', t.at]);
        await c.query('INSERT INTO agreement_comments (id, thread_id, author_id, author_name, body, at) VALUES ($1,$2,$3,$4,$5,$6)', [first.id, t.id, first.author.id, first.author.name, first.body, t.at]);
      }, true);
    },
    async threadExists(sessionId, id) {
      return threadExists(db, sessionId, id);
    },
    async setThreadStatus(sessionId, id, status) {
      await db.sessionWrite(sessionId, (c) => c.query('UPDATE agreement_threads SET status = $1 WHERE session_id = $2 AND id = $3', [status, sessionId, id]));
    },
    async addComment(sessionId, threadId, c0) {
      // Only onto a thread of this session: a thread id from another session is not ours to extend.
      await db.sessionWrite(sessionId, async (c) => {
        if (!(await threadExists(c, sessionId, threadId))) throw new Error(`no thread ${threadId} in session ${sessionId}`);
        await c.query('INSERT INTO agreement_comments (id, thread_id, author_id, author_name, body, at) VALUES ($1,$2,$3,$4,$5,$6)', [c0.id, threadId, c0.author.id, c0.author.name, c0.body, c0.at]);
      }, true);
    },
    async listThreads(sessionId): Promise<ThreadView[]> {
      const threads = (await db.query('SELECT * FROM agreement_threads WHERE session_id = $1 ORDER BY created_at, ord', [sessionId])).rows;
      const comments = (await db.query('SELECT c.* FROM agreement_comments c JOIN agreement_threads t ON t.id = c.thread_id WHERE t.session_id = $1 ORDER BY c.at, c.ord', [sessionId])).rows;
      return threads.map((t) => ({
        id: str(t.id), quote: str(t.quote), status: str(t.status) as ThreadView['status'], createdAt: num(t.created_at),
        comments: comments.filter((c) => c.thread_id === t.id).map((c) => ({ id: str(c.id), author: { id: str(c.author_id), name: str(c.author_name) }, body: str(c.body), at: num(c.at) })),
      }));
    },
    async addProposal(sessionId, p) {
      await db.sessionWrite(sessionId, (c) => c.query('INSERT INTO agreement_proposals (id, session_id, draft_space, author_id, author_name, content, text, status, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
        [p.id, sessionId, p.draftSpace, p.author.id, p.author.name, JSON.stringify(p.content), p.text, 'pending', p.createdAt]));
    },
    async getProposal(sessionId, id) {
      const r = (await db.query('SELECT * FROM agreement_proposals WHERE session_id = $1 AND id = $2', [sessionId, id])).rows[0];
      return r ? toProposal(r) : null;
    },
    async setProposalStatus(sessionId, id, status) {
      await db.sessionWrite(sessionId, (c) => c.query('UPDATE agreement_proposals SET status = $1 WHERE session_id = $2 AND id = $3', [status, sessionId, id]));
    },
    async listProposals(sessionId) {
      return (await db.query('SELECT * FROM agreement_proposals WHERE session_id = $1 ORDER BY created_at, ord', [sessionId])).rows.map(toProposal);
    },
  };
}
