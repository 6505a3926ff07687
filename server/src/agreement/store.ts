/**
 * What the agreement keeps outside the Yjs document, in the app's SQLite database: versions
 * (content snapshots), the freeze, sign-offs, comment threads, and clause proposals from drafts.
 * Comment text and sign-offs are server records so no client can rewrite them.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Author, ProposalView, Role, SignoffView, ThreadView, VersionMeta } from '@mediation/shared';
import type { PMNode } from './model.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS agreement_versions (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, number INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  hash TEXT NOT NULL, content TEXT NOT NULL, created_at INTEGER NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS agreement_versions_session ON agreement_versions(session_id, number);
CREATE TABLE IF NOT EXISTS agreement_freeze (
  session_id TEXT PRIMARY KEY, version_id TEXT NOT NULL, hash TEXT NOT NULL, frozen_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS agreement_signoffs (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, version_id TEXT NOT NULL, hash TEXT NOT NULL, participant_id TEXT NOT NULL,
  role TEXT NOT NULL, typed_name TEXT NOT NULL, at INTEGER NOT NULL, voided_at INTEGER
);
CREATE TABLE IF NOT EXISTS agreement_threads (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, quote TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS agreement_comments (
  id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS agreement_proposals (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, draft_space TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL,
  content TEXT NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL
);
`;

type Row = Record<string, unknown>;
const S = (v: unknown) => String(v);
const N = (v: unknown) => Number(v);

export interface FreezeRecord { versionId: string; hash: string; frozenAt: number }
export interface ProposalRecord extends ProposalView { content: PMNode[] }

const toVersion = (r: Row): VersionMeta => ({
  id: S(r.id), number: N(r.number), name: S(r.name), kind: S(r.kind) as VersionMeta['kind'], hash: S(r.hash),
  createdAt: N(r.created_at), author: { id: S(r.author_id), name: S(r.author_name) },
});
const toSignoff = (r: Row): SignoffView => ({
  id: S(r.id), versionId: S(r.version_id), hash: S(r.hash), participantId: S(r.participant_id), role: S(r.role) as Role,
  typedName: S(r.typed_name), at: N(r.at), voidedAt: r.voided_at == null ? null : N(r.voided_at),
});
const toProposal = (r: Row): ProposalRecord => ({
  id: S(r.id), draftSpace: S(r.draft_space), author: { id: S(r.author_id), name: S(r.author_name) }, text: S(r.text),
  status: S(r.status) as ProposalView['status'], createdAt: N(r.created_at), content: JSON.parse(S(r.content)) as PMNode[],
});

export class AgreementStore {
  constructor(private readonly db: DatabaseSync) {
    db.exec(SCHEMA);
  }

  addVersion(sessionId: string, v: { id: string; name: string; kind: VersionMeta['kind']; hash: string; content: PMNode[]; author: Author; at: number }): VersionMeta {
    const last = this.db.prepare('SELECT MAX(number) AS n FROM agreement_versions WHERE session_id = ?').get(sessionId) as Row | undefined;
    const number = N(last?.n ?? 0) + 1;
    this.db.prepare('INSERT INTO agreement_versions (id, session_id, number, name, kind, hash, content, created_at, author_id, author_name) VALUES (?,?,?,?,?,?,?,?,?,?)')
      .run(v.id, sessionId, number, v.name, v.kind, v.hash, JSON.stringify(v.content), v.at, v.author.id, v.author.name);
    return { id: v.id, number, name: v.name, kind: v.kind, hash: v.hash, createdAt: v.at, author: v.author };
  }

  listVersions(sessionId: string): VersionMeta[] {
    return (this.db.prepare('SELECT id, number, name, kind, hash, created_at, author_id, author_name FROM agreement_versions WHERE session_id = ? ORDER BY number').all(sessionId) as Row[]).map(toVersion);
  }

  getVersion(sessionId: string, id: string): (VersionMeta & { content: PMNode[] }) | null {
    const r = this.db.prepare('SELECT * FROM agreement_versions WHERE session_id = ? AND id = ?').get(sessionId, id) as Row | undefined;
    return r ? { ...toVersion(r), content: JSON.parse(S(r.content)) as PMNode[] } : null;
  }

  getFreeze(sessionId: string): FreezeRecord | null {
    const r = this.db.prepare('SELECT * FROM agreement_freeze WHERE session_id = ?').get(sessionId) as Row | undefined;
    return r ? { versionId: S(r.version_id), hash: S(r.hash), frozenAt: N(r.frozen_at) } : null;
  }

  setFreeze(sessionId: string, f: FreezeRecord | null): void {
    this.db.prepare('DELETE FROM agreement_freeze WHERE session_id = ?').run(sessionId);
    if (f) this.db.prepare('INSERT INTO agreement_freeze (session_id, version_id, hash, frozen_at) VALUES (?,?,?,?)').run(sessionId, f.versionId, f.hash, f.frozenAt);
  }

  addSignoff(sessionId: string, s: Omit<SignoffView, 'voidedAt'>): void {
    this.db.prepare('INSERT INTO agreement_signoffs (id, session_id, version_id, hash, participant_id, role, typed_name, at) VALUES (?,?,?,?,?,?,?,?)')
      .run(s.id, sessionId, s.versionId, s.hash, s.participantId, s.role, s.typedName, s.at);
  }

  listSignoffs(sessionId: string): SignoffView[] {
    return (this.db.prepare('SELECT * FROM agreement_signoffs WHERE session_id = ? ORDER BY at').all(sessionId) as Row[]).map(toSignoff);
  }

  /** Voids every live sign-off of the session; returns how many. */
  voidSignoffs(sessionId: string, at: number): number {
    return N(this.db.prepare('UPDATE agreement_signoffs SET voided_at = ? WHERE session_id = ? AND voided_at IS NULL').run(at, sessionId).changes);
  }

  addThread(sessionId: string, t: { id: string; quote: string; at: number }): void {
    this.db.prepare('INSERT INTO agreement_threads (id, session_id, quote, status, created_at) VALUES (?,?,?,?,?)').run(t.id, sessionId, t.quote, 'open', t.at);
  }

  threadExists(sessionId: string, id: string): boolean {
    return this.db.prepare('SELECT 1 FROM agreement_threads WHERE session_id = ? AND id = ?').get(sessionId, id) !== undefined;
  }

  setThreadStatus(sessionId: string, id: string, status: 'open' | 'resolved'): void {
    this.db.prepare('UPDATE agreement_threads SET status = ? WHERE session_id = ? AND id = ?').run(status, sessionId, id);
  }

  addComment(threadId: string, c: { id: string; author: Author; body: string; at: number }): void {
    this.db.prepare('INSERT INTO agreement_comments (id, thread_id, author_id, author_name, body, at) VALUES (?,?,?,?,?,?)').run(c.id, threadId, c.author.id, c.author.name, c.body, c.at);
  }

  listThreads(sessionId: string): ThreadView[] {
    const threads = this.db.prepare('SELECT * FROM agreement_threads WHERE session_id = ? ORDER BY created_at').all(sessionId) as Row[];
    const comments = this.db.prepare('SELECT c.* FROM agreement_comments c JOIN agreement_threads t ON t.id = c.thread_id WHERE t.session_id = ? ORDER BY c.at, c.rowid').all(sessionId) as Row[];
    return threads.map((t) => ({
      id: S(t.id), quote: S(t.quote), status: S(t.status) as ThreadView['status'], createdAt: N(t.created_at),
      comments: comments.filter((c) => c.thread_id === t.id).map((c) => ({ id: S(c.id), author: { id: S(c.author_id), name: S(c.author_name) }, body: S(c.body), at: N(c.at) })),
    }));
  }

  addProposal(sessionId: string, p: Omit<ProposalRecord, 'status'>): void {
    this.db.prepare('INSERT INTO agreement_proposals (id, session_id, draft_space, author_id, author_name, content, text, status, created_at) VALUES (?,?,?,?,?,?,?,?,?)')
      .run(p.id, sessionId, p.draftSpace, p.author.id, p.author.name, JSON.stringify(p.content), p.text, 'pending', p.createdAt);
  }

  getProposal(sessionId: string, id: string): ProposalRecord | null {
    const r = this.db.prepare('SELECT * FROM agreement_proposals WHERE session_id = ? AND id = ?').get(sessionId, id) as Row | undefined;
    return r ? toProposal(r) : null;
  }

  setProposalStatus(id: string, status: ProposalView['status']): void {
    this.db.prepare('UPDATE agreement_proposals SET status = ? WHERE id = ?').run(status, id);
  }

  listProposals(sessionId: string): ProposalRecord[] {
    return (this.db.prepare('SELECT * FROM agreement_proposals WHERE session_id = ? ORDER BY created_at').all(sessionId) as Row[]).map(toProposal);
  }
}
