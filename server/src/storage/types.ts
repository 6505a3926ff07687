/**
 * What the server keeps, as one async interface per store. The BACKEND is the unit of
 * replacement (SQLite embedded today, PostgreSQL for several nodes): a backend implements every
 * store below in its own folder (`storage/sqlite/`) and passes the contract suites in
 * `storage/contract/` unchanged. Features see only these interfaces (`ctx.stores`); none of them
 * runs SQL or creates tables.
 *
 * Every method returns a Promise, so a network database fits without another rewrite. Where a
 * caller needs several writes to happen together (a new link revokes the old one, an unfreeze
 * voids the signatures), the interface has ONE method that does them atomically: callers never
 * hold a transaction open across an await.
 *
 * Record types live with the feature that owns their meaning; this file only imports them.
 */
import type { AuditEntry, Author, ChatMessage, ProposalView, Role, ScoreValue, SignoffView, ThreadView, VersionMeta } from '@mediation/shared';
import type { FreezeRecord, ProposalRecord } from '../agreement/store.js';
import type { PMNode } from '../agreement/model.js';
import type { ScoreEntry, ScoreWrite } from '../board/scores.js';
import type { Generation } from '../collab/generations.js';
import type { ParticipantRecord, SessionRecord } from '../contracts.js';
import type { CaucusVisitor } from '../record/caucusHistory.js';
import type { PracticeStores } from './practiceTypes.js';
import type { IntakeStores } from './intakeTypes.js';
import type { FollowupStores } from './followupTypes.js';

export type SessionPatch = Partial<Omit<SessionRecord, 'id'>>;
export type ParticipantPatch = Partial<Omit<ParticipantRecord, 'id' | 'sessionId'>>;

/** Sessions, their participants (and links), the revocation list and the audit trail. */
export interface SessionStore {
  createSession(rec: SessionRecord): Promise<void>;
  getSession(id: string): Promise<SessionRecord | null>;
  /** Changes the given fields; an unknown id is ignored. */
  updateSession(id: string, patch: SessionPatch): Promise<void>;
  addParticipant(rec: ParticipantRecord): Promise<void>;
  getParticipant(id: string): Promise<ParticipantRecord | null>;
  /** In invitation order. */
  listParticipants(sessionId: string): Promise<ParticipantRecord[]>;
  /** Changes the given fields. In the same atomic step, the link id that stops being valid goes on
   * the revocation list: the current one when `revoked` becomes true, the old one when `tokenId`
   * changes (a re-issued link). An unknown id is ignored. */
  updateParticipant(id: string, patch: ParticipantPatch): Promise<void>;
  isTokenRevoked(tokenId: string): Promise<boolean>;
  appendAudit(sessionId: string, entry: AuditEntry): Promise<void>;
  /** In the order appended (not by `at`, which two entries may share). */
  listAudit(sessionId: string): Promise<AuditEntry[]>;
  /** The live room's seats (its caucuses, who sits where, who was let in), as the room encodes
   * them (text; signalling/room/seats.ts), kept while the room is live so that whoever hosts the
   * session next (another node after a failover, this one after a crash) seats everyone where
   * they were. Saving replaces the previous text; a write of the session (fenced on a cluster). */
  saveRoomSeats(sessionId: string, seats: string): Promise<void>;
  /** The last seats saved, or null when none are kept. */
  getRoomSeats(sessionId: string): Promise<string | null>;
  /** Forgets them (the room was closed on purpose: idle, or the session ended). */
  clearRoomSeats(sessionId: string): Promise<void>;
}

/** One stored update of a document's log. */
export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
}

/** One update waiting to be appended to a document's log. */
export interface PendingUpdate {
  doc: string;
  update: Uint8Array;
}

/** Yjs documents as bytes (the store knows nothing of Yjs): an append-only log of updates per
 * document plus one compacted snapshot. */
export interface DocumentStore {
  /** Appends one update, durably; returns its sequence number (increasing per backend). */
  append(doc: string, update: Uint8Array): Promise<number>;
  /** Appends several updates (of one or several documents) in ONE durable transaction (the Yjs
   * server's group commit): all are stored or none is (then it rejects). Resolves with their
   * sequence numbers, in the order given, increasing in that order. */
  appendUpdates(updates: ReadonlyArray<PendingUpdate>): Promise<number[]>;
  /** Optional: `appendUpdates` done synchronously, for a backend whose durable write is a local
   * system call (SQLite's update journal). The Yjs server then stores, applies and broadcasts a
   * client update in one synchronous step when nothing is queued before it (collab/shared-doc.ts);
   * throws where `appendUpdates` would reject. */
  appendNow?(updates: ReadonlyArray<PendingUpdate>): number[];
  /** Withdraws an appended update that was never applied nor sent to anyone. */
  discard(doc: string, seq: number): Promise<void>;
  /** The snapshot (if any) and the log after it, in append order. */
  load(doc: string): Promise<{ snapshot: Uint8Array | null; updates: StoredUpdate[] }>;
  /** Replaces the log up to and including `upto` with `snapshot`, atomically: a crash leaves
   * either the old log or the new snapshot, never neither. */
  compact(doc: string, snapshot: Uint8Array, upto: number): Promise<void>;
  /** How many updates are in the log (not yet folded into the snapshot). */
  pendingUpdates(doc: string): Promise<number>;
}

export interface NewVersion {
  id: string;
  name: string;
  kind: VersionMeta['kind'];
  hash: string;
  content: PMNode[];
  author: Author;
  at: number;
}

/** What the agreement keeps outside its Yjs document: versions, the freeze, sign-offs, comment
 * threads, clause proposals. */
export interface AgreementStore {
  /** Stores a version with the session's next number (1, 2, …), assigned atomically. */
  addVersion(sessionId: string, v: NewVersion): Promise<VersionMeta>;
  /** Stores a version and freezes the agreement on it, in one atomic step. Refused (null, nothing
   * stored) if the agreement is already frozen. */
  freezeNewVersion(sessionId: string, v: NewVersion, frozenAt: number): Promise<{ version: VersionMeta; freeze: FreezeRecord } | null>;
  listVersions(sessionId: string): Promise<VersionMeta[]>;
  getVersion(sessionId: string, id: string): Promise<(VersionMeta & { content: PMNode[] }) | null>;
  getFreeze(sessionId: string): Promise<FreezeRecord | null>;
  /** Ends the freeze and voids every live sign-off of the session, in one atomic step; returns how
   * many were voided (null if it was not frozen; nothing changes then). */
  unfreeze(sessionId: string, at: number): Promise<number | null>;
  addSignoff(sessionId: string, s: Omit<SignoffView, 'voidedAt'>): Promise<void>;
  /** In signing order. */
  listSignoffs(sessionId: string): Promise<SignoffView[]>;
  /** A new open thread with its first comment, in one atomic step. */
  addThread(sessionId: string, t: { id: string; quote: string; at: number }, first: { id: string; author: Author; body: string }): Promise<void>;
  threadExists(sessionId: string, id: string): Promise<boolean>;
  setThreadStatus(sessionId: string, id: string, status: ThreadView['status']): Promise<void>;
  addComment(sessionId: string, threadId: string, c: { id: string; author: Author; body: string; at: number }): Promise<void>;
  /** Threads in creation order, each with its comments in order. */
  listThreads(sessionId: string): Promise<ThreadView[]>;
  addProposal(sessionId: string, p: Omit<ProposalRecord, 'status'>): Promise<void>;
  getProposal(sessionId: string, id: string): Promise<ProposalRecord | null>;
  setProposalStatus(sessionId: string, id: string, status: ProposalView['status']): Promise<void>;
  /** In creation order. */
  listProposals(sessionId: string): Promise<ProposalRecord[]>;
}

/** Where one side's score of one option is kept. */
export interface ScoreKey {
  sessionId: string;
  space: string;
  optionId: string;
  side: string;
}

/** Private board scores. There is no read of another side's individual scores: reads are one
 * side's own, or the overlap every side found acceptable. */
export interface ScoreStore {
  get(key: ScoreKey): Promise<ScoreEntry>;
  /** Writes (null clears) if `baseVersion` is the version stored now (0: never scored), checked
   * and written atomically, so two writers on one version cannot both win; otherwise returns what
   * stands and changes nothing. */
  set(key: ScoreKey, value: ScoreValue | null, by: string, baseVersion: number): Promise<ScoreWrite>;
  /** The side's own scores (cleared ones left out) and every option's version (cleared included). */
  ownSide(sessionId: string, space: string, side: string): Promise<{ scores: Record<string, ScoreValue>; versions: Record<string, number> }>;
  /** Option ids that every one of `sides` marked acceptable (none for no sides). */
  acceptableToAll(sessionId: string, space: string, sides: readonly string[]): Promise<string[]>;
}

/** Who was ever in which caucus (for access after the session ended). */
export interface CaucusHistoryStore {
  /** Records a visit; a person's first visit to a caucus is the one kept. */
  recordVisit(sessionId: string, space: string, visitor: { participantId: string; role: Role; side: string | null; at: number }): Promise<void>;
  /** In order of first visit. */
  visitors(sessionId: string, space: string): Promise<CaucusVisitor[]>;
}

/** A chat message as kept: the message and who may read it later (signalling/chat.ts). */
export interface StoredChatMessage {
  message: ChatMessage;
  readers: string[];
}

/** The room's chat, kept so a restart or the session's next host (a failover) has its history. */
export interface ChatStore {
  /** Keeps one message; the same message id twice keeps the first. */
  append(sessionId: string, entry: StoredChatMessage): Promise<void>;
  /** The session's newest `limit` messages, oldest first (in the order they were written). */
  recent(sessionId: string, limit: number): Promise<StoredChatMessage[]>;
  /** Drops the session's chat (when it ends: nothing after the end reads it). */
  forget(sessionId: string): Promise<void>;
}

/** Caucus generations (see collab/generations.ts for their meaning). */
export interface GenerationStore {
  /** The caucus's generations in number order. */
  list(sessionId: string, space: string): Promise<Generation[]>;
  /** Adds a generation; refused (throws) if that number exists for the caucus. */
  add(g: Generation, at: number): Promise<void>;
  /** Stores a generation's audience and whether it was used. */
  save(g: Generation): Promise<void>;
}

export interface Stores {
  sessions: SessionStore;
  documents: DocumentStore;
  agreement: AgreementStore;
  scores: ScoreStore;
  caucusHistory: CaucusHistoryStore;
  generations: GenerationStore;
  chat: ChatStore;
  /** The mediator's practice: accounts, cases, the outbox (practiceTypes.ts). */
  practice: PracticeStores;
  /** Intake by link and the agreement to mediate (intakeTypes.ts). */
  intake: IntakeStores;
  /** After the session: follow-up plans and check-ins, durable jobs, surveys (followupTypes.ts). */
  followup: FollowupStores;
  /** Session fencing for several nodes (PostgreSQL backend). Absent when embedded: one process
   * owns every session, so there is nothing to fence. */
  fencing?: FencingStore;
  /** Releases the backend; later calls fail. Closing twice is harmless. */
  close(): Promise<void>;
}

/**
 * Fencing (issue 16): a session's owner is a lease with an epoch number (kept in Redis by the
 * cluster); the database keeps, per session, the highest epoch anyone has claimed. Every write of
 * a session's rows checks, in its own transaction, that the stored epoch is not higher than the
 * writing node's, so a node that froze past its lease and woke up cannot overwrite its successor.
 */
export interface FencingStore {
  /** Raises the session's stored epoch to `epoch`. True when the stored epoch is now `epoch`
   * (raised, or already equal: claiming again is harmless); false, changing nothing, when it is
   * already higher (someone else owns the session at a later epoch). Waits for writes of the
   * session in flight, so none of the old owner's lands after a successful claim. */
  claim(sessionId: string, epoch: number): Promise<boolean>;
  /** The session's stored epoch; 0 when nobody has claimed it. */
  epoch(sessionId: string): Promise<number>;
}

/**
 * How a backend learns this node's epoch for a session (given to the backend's factory). A number:
 * the epoch this node holds, or last held (keep answering it after giving the session up, so late
 * writes are refused); its session writes are refused with StaleOwnerError if the stored epoch is
 * higher. undefined: this node never owned the session; its writes there are not fenced (HTTP
 * writes any node may make: creating a session, inviting, revoking a link).
 */
export type EpochOf = (sessionId: string) => number | undefined;

/** A session write refused because the session was claimed at a higher epoch than this node's:
 * this node is a stale owner and must give the session up. Nothing of the write was stored. */
export class StaleOwnerError extends Error {
  readonly sessionId: string;
  readonly ownEpoch: number;
  readonly storedEpoch: number;
  constructor(sessionId: string, ownEpoch: number, storedEpoch: number) {
    super(`session ${sessionId} is owned at epoch ${storedEpoch}; this node's epoch ${ownEpoch} is stale`);
    this.name = 'StaleOwnerError';
    this.sessionId = sessionId;
    this.ownEpoch = ownEpoch;
    this.storedEpoch = storedEpoch;
  }
}

/** The database cannot be reached (down, restarting, a statement timed out). HTTP answers 503
 * with this message; the backend reconnects by itself once the database is back. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super('database unavailable', { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** By name, so an error that crossed a wrapper (or a second copy of this module) still counts. */
export const isStorageUnavailable = (err: unknown): err is StorageUnavailableError => (err as Error | null)?.name === 'StorageUnavailableError';

/** What a person is told (HTTP 503, or an UNAVAILABLE acknowledgement) while the database is away. */
export const STORAGE_UNAVAILABLE_MESSAGE = 'The database is unavailable right now (database unavailable). Please try again in a moment.';
