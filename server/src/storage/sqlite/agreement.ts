/** AgreementStore on SQLite: versions, the freeze, sign-offs, comment threads, proposals. */
import type { DatabaseSync } from 'node:sqlite';
import type { ProposalView, Role, SignoffView, ThreadView, VersionMeta } from '@mediation/shared';
import type { FreezeRecord, ProposalRecord } from '../../agreement/store.js';
import type { PMNode } from '../../agreement/model.js';
import type { AgreementStore, NewVersion } from '../types.js';
import { inTransaction, num, oneRow, str, type Row } from './database.js';

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

export function sqliteAgreementStore(db: DatabaseSync): AgreementStore {
  const stmt = {
    lastNumber: db.prepare('SELECT MAX(number) AS n FROM agreement_versions WHERE session_id = ?'),
    insertVersion: db.prepare('INSERT INTO agreement_versions (id, session_id, number, name, kind, hash, content, created_at, author_id, author_name) VALUES (?,?,?,?,?,?,?,?,?,?)'),
    listVersions: db.prepare('SELECT id, number, name, kind, hash, created_at, author_id, author_name FROM agreement_versions WHERE session_id = ? ORDER BY number'),
    getVersion: db.prepare('SELECT * FROM agreement_versions WHERE session_id = ? AND id = ?'),
    getFreeze: db.prepare('SELECT * FROM agreement_freeze WHERE session_id = ?'),
    insertFreeze: db.prepare('INSERT INTO agreement_freeze (session_id, version_id, hash, frozen_at) VALUES (?,?,?,?)'),
    deleteFreeze: db.prepare('DELETE FROM agreement_freeze WHERE session_id = ?'),
    insertSignoff: db.prepare('INSERT INTO agreement_signoffs (id, session_id, version_id, hash, participant_id, role, typed_name, at) VALUES (?,?,?,?,?,?,?,?)'),
    listSignoffs: db.prepare('SELECT * FROM agreement_signoffs WHERE session_id = ? ORDER BY at, rowid'),
    voidSignoffs: db.prepare('UPDATE agreement_signoffs SET voided_at = ? WHERE session_id = ? AND voided_at IS NULL'),
    insertThread: db.prepare('INSERT INTO agreement_threads (id, session_id, quote, status, created_at) VALUES (?,?,?,?,?)'),
    threadExists: db.prepare('SELECT 1 FROM agreement_threads WHERE session_id = ? AND id = ?'),
    setThreadStatus: db.prepare('UPDATE agreement_threads SET status = ? WHERE session_id = ? AND id = ?'),
    insertComment: db.prepare('INSERT INTO agreement_comments (id, thread_id, author_id, author_name, body, at) VALUES (?,?,?,?,?,?)'),
    listThreads: db.prepare('SELECT * FROM agreement_threads WHERE session_id = ? ORDER BY created_at, rowid'),
    listComments: db.prepare('SELECT c.* FROM agreement_comments c JOIN agreement_threads t ON t.id = c.thread_id WHERE t.session_id = ? ORDER BY c.at, c.rowid'),
    insertProposal: db.prepare('INSERT INTO agreement_proposals (id, session_id, draft_space, author_id, author_name, content, text, status, created_at) VALUES (?,?,?,?,?,?,?,?,?)'),
    getProposal: db.prepare('SELECT * FROM agreement_proposals WHERE session_id = ? AND id = ?'),
    setProposalStatus: db.prepare('UPDATE agreement_proposals SET status = ? WHERE session_id = ? AND id = ?'),
    listProposals: db.prepare('SELECT * FROM agreement_proposals WHERE session_id = ? ORDER BY created_at, rowid'),
  };

  const getFreeze = (sessionId: string): FreezeRecord | null => oneRow(stmt.getFreeze, toFreeze, sessionId);
  /** Inside a transaction: the next number is read and used in one step. */
  const insertVersion = (sessionId: string, v: NewVersion): VersionMeta => {
    const last = stmt.lastNumber.get(sessionId) as Row | undefined;
    const number = num(last?.n ?? 0) + 1;
    stmt.insertVersion.run(v.id, sessionId, number, v.name, v.kind, v.hash, JSON.stringify(v.content), v.at, v.author.id, v.author.name);
    return { id: v.id, number, name: v.name, kind: v.kind, hash: v.hash, createdAt: v.at, author: v.author };
  };

  return {
    async addVersion(sessionId, v) {
      return inTransaction(db, () => insertVersion(sessionId, v));
    },
    async freezeNewVersion(sessionId, v, frozenAt) {
      return inTransaction(db, () => {
        if (getFreeze(sessionId)) return null;
        const version = insertVersion(sessionId, v);
        const freeze: FreezeRecord = { versionId: version.id, hash: version.hash, frozenAt };
        stmt.insertFreeze.run(sessionId, freeze.versionId, freeze.hash, freeze.frozenAt);
        return { version, freeze };
      });
    },
    async listVersions(sessionId) {
      return (stmt.listVersions.all(sessionId) as Row[]).map(toVersion);
    },
    async getVersion(sessionId, id) {
      const r = stmt.getVersion.get(sessionId, id) as Row | undefined;
      return r ? { ...toVersion(r), content: JSON.parse(str(r.content)) as PMNode[] } : null;
    },
    async getFreeze(sessionId) {
      return getFreeze(sessionId);
    },
    async unfreeze(sessionId, at) {
      return inTransaction(db, () => {
        if (!getFreeze(sessionId)) return null;
        const voided = num(stmt.voidSignoffs.run(at, sessionId).changes);
        stmt.deleteFreeze.run(sessionId);
        return voided;
      });
    },
    async addSignoff(sessionId, s) {
      stmt.insertSignoff.run(s.id, sessionId, s.versionId, s.hash, s.participantId, s.role, s.typedName, s.at);
    },
    async listSignoffs(sessionId) {
      return (stmt.listSignoffs.all(sessionId) as Row[]).map(toSignoff);
    },
    async addThread(sessionId, t, first) {
      inTransaction(db, () => {
        stmt.insertThread.run(t.id, sessionId, t.quote, 'open', t.at);
        stmt.insertComment.run(first.id, t.id, first.author.id, first.author.name, first.body, t.at);
      });
    },
    async threadExists(sessionId, id) {
      return stmt.threadExists.get(sessionId, id) !== undefined;
    },
    async setThreadStatus(sessionId, id, status) {
      stmt.setThreadStatus.run(status, sessionId, id);
    },
    async addComment(sessionId, threadId, c) {
      // Only onto a thread of this session: a thread id from another session is not ours to extend.
      inTransaction(db, () => {
        if (stmt.threadExists.get(sessionId, threadId) === undefined) throw new Error(`no thread ${threadId} in session ${sessionId}`);
        stmt.insertComment.run(c.id, threadId, c.author.id, c.author.name, c.body, c.at);
      });
    },
    async listThreads(sessionId): Promise<ThreadView[]> {
      const threads = stmt.listThreads.all(sessionId) as Row[];
      const comments = stmt.listComments.all(sessionId) as Row[];
      return threads.map((t) => ({
        id: str(t.id), quote: str(t.quote), status: str(t.status) as ThreadView['status'], createdAt: num(t.created_at),
        comments: comments.filter((c) => c.thread_id === t.id).map((c) => ({ id: str(c.id), author: { id: str(c.author_id), name: str(c.author_name) }, body: str(c.body), at: num(c.at) })),
      }));
    },
    async addProposal(sessionId, p) {
      stmt.insertProposal.run(p.id, sessionId, p.draftSpace, p.author.id, p.author.name, JSON.stringify(p.content), p.text, 'pending', p.createdAt);
    },
    async getProposal(sessionId, id) {
      return oneRow(stmt.getProposal, toProposal, sessionId, id);
    },
    async setProposalStatus(sessionId, id, status) {
      stmt.setProposalStatus.run(status, sessionId, id);
    },
    async listProposals(sessionId) {
      return (stmt.listProposals.all(sessionId) as Row[]).map(toProposal);
    },
  };
}
