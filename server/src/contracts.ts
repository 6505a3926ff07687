/**
 * The seams between server modules. Each feature (signalling + media, collaboration, agreement)
 * attaches to the app through `AppContext`, like Hocuspocus extensions, so modules stay independent.
 */
import type { Server as HttpServer } from 'node:http';
import type { DatabaseSync } from 'node:sqlite';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Result, Role, Side, SpaceId, SessionSettings, AuditEntry, InviteSpec } from '@mediation/shared';
import type { Config } from './config.js';

/** What a signed invite token says. `jti` identifies the link so it can be revoked. */
export interface TokenClaims {
  sessionId: string;
  participantId: string;
  role: Role;
  side: Side;
  jti: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

export interface TokenService {
  sign(claims: Omit<TokenClaims, 'exp' | 'jti'>, ttlSeconds: number): Promise<{ token: string; claims: TokenClaims }>;
  /** Verifies signature, expiry, and revocation (via storage). Errors: TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED. */
  verify(token: string): Promise<Result<TokenClaims>>;
}

export interface SessionRecord {
  id: string;
  title: string;
  settings: SessionSettings;
  lobbyMessage: string;
  createdAt: number;
  endedAt: number | null;
}

export interface ParticipantRecord {
  id: string;
  sessionId: string;
  displayName: string;
  role: Role;
  side: Side;
  plannedSpace: SpaceId | null;
  /** The current link's id and expiry (ms). A new link for the same person replaces it. */
  tokenId: string;
  token: string;
  expiresAt: number;
  revoked: boolean;
  createdAt: number;
}

export interface Storage {
  /** The embedded database; feature modules create their own tables on it. */
  readonly db: DatabaseSync;
  createSession(rec: SessionRecord): void;
  getSession(id: string): SessionRecord | null;
  updateSession(id: string, patch: Partial<Omit<SessionRecord, 'id'>>): void;
  addParticipant(rec: ParticipantRecord): void;
  getParticipant(id: string): ParticipantRecord | null;
  listParticipants(sessionId: string): ParticipantRecord[];
  updateParticipant(id: string, patch: Partial<Omit<ParticipantRecord, 'id' | 'sessionId'>>): void;
  isTokenRevoked(tokenId: string): boolean;
  appendAudit(sessionId: string, entry: AuditEntry): void;
  listAudit(sessionId: string): AuditEntry[];
  close(): void;
}

/** Where each participant is right now, as the room (signalling) module knows it. The
 * collaboration module asks this before opening a document and listens for moves to close
 * connections at once. */
export interface SpaceDirectory {
  /** Current space of a participant, or null if not in the room (not joined, removed, ended). */
  currentSpace(sessionId: string, participantId: string): SpaceId | null;
  settings(sessionId: string): SessionSettings | null;
  /** Called synchronously on every move (before the move is acknowledged), and with `to: null` on leave/removal. */
  onSpaceChange(listener: (e: { sessionId: string; participantId: string; from: SpaceId | null; to: SpaceId | null }) => void): () => void;
}

export interface AppContext {
  config: Config;
  log: Logger;
  storage: Storage;
  tokens: TokenService;
  http: HttpServer;
  express: Express;
  /** Set by the signalling module when it attaches. */
  spaces?: SpaceDirectory;
  /** Set by the collaboration module when it attaches. */
  docs?: DocService;
  /** Hooks run on shutdown, in reverse order of registration. */
  onClose(fn: () => Promise<void> | void): void;
  /** Audit helper shared by every module. */
  audit(sessionId: string, actor: { id: string; name: string }, action: string, detail?: Record<string, unknown>): void;
  /** Creates a participant with a fresh signed link (used by HTTP API and the mediator's controls). */
  createInvite(sessionId: string, spec: InviteSpec, ttlHours: number): Promise<ParticipantRecord>;
  /** Gives a participant a new link (new token id and expiry; id, name, role, side unchanged). The
   * old link's id goes on the revocation list, and 'participant:linkReplaced' closes connections
   * still open with it. The caller checks permissions and audits. */
  reissueLink(sessionId: string, participantId: string, ttlHours: number): Promise<ParticipantRecord>;
  /** Revokes a participant's link (storage + audit) and emits 'participant:revoked' so live
   * connections (socket.io, Yjs) are closed by their modules. */
  revokeParticipant(sessionId: string, participantId: string, actor: { id: string; name: string }): void;
  /** App-wide events between modules. */
  events: import('node:events').EventEmitter<AppEvents>;
}

export interface AppEvents {
  'participant:revoked': [{ sessionId: string; participantId: string }];
  /** The person stays in the session, but connections opened with their old link must close. */
  'participant:linkReplaced': [{ sessionId: string; participantId: string }];
  'session:ended': [{ sessionId: string }];
  /** Emitted synchronously by the room when the mediator changes the session's settings (after they
   * are stored), so modules whose access depends on them (collaboration: `partiesEditAgreement`)
   * recompute it before the change is acknowledged. */
  'session:settingsChanged': [{ sessionId: string; settings: SessionSettings }];
}

/** Server-side access to live Yjs documents (owned by the collaboration module). Changes made to
 * `doc` inside `change` are persisted before they are broadcast, like any client update. */
export interface DocService {
  /** Runs `fn` with the loaded document (loading it from storage if needed). */
  read<T>(docName: string, fn: (doc: import('yjs').Doc) => T): Promise<T>;
  /** Applies a server-side change in one transaction with the given origin label. */
  change(docName: string, origin: string, fn: (doc: import('yjs').Doc) => void): Promise<void>;
  /** Listen for every applied update of documents whose name starts with `prefix`. */
  onUpdate(prefix: string, listener: (docName: string, update: Uint8Array, origin: unknown) => void): () => void;
}
