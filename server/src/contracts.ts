/**
 * The seams between server modules. Each feature (signalling + media, collaboration, board,
 * agreement, …) is a `Feature` (features.ts) listed in app.ts; it meets the others only through
 * `AppContext`: lifecycle hooks it announces or handles, and the typed ports below.
 */
import type { Server as HttpServer } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Binding, Channel, DocAccess, DocRef, NotificationName, NotificationPayload, Result, Role, Side, SpaceId, SessionSettings, InviteSpec } from '@mediation/shared';
import type { Hooks } from './features.js';
import type { Stores } from './storage/types.js';
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

/** A verified link: its claims and the participant record it belongs to. */
export interface Principal {
  claims: TokenClaims;
  participant: ParticipantRecord;
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
  /** Interpreters and captioners: whom they serve (they follow that person or side between
   * spaces), and the interpretation's language. Absent or null when unbound. */
  interpretsFor?: Binding | null;
  interpretationLanguage?: string | null;
  /** The current link's id and expiry (ms). A new link for the same person replaces it. */
  tokenId: string;
  token: string;
  expiresAt: number;
  revoked: boolean;
  createdAt: number;
}

/** Where each participant is right now, as the room (signalling) module knows it. The
 * collaboration module asks this before opening a document and listens for moves to close
 * connections at once. */
export interface SpaceDirectory {
  /** Current space of a participant, or null if not in the room (not joined, removed, ended). */
  currentSpace(sessionId: string, participantId: string): SpaceId | null;
  settings(sessionId: string): SessionSettings | null;
  // Moves are announced as the `spaceChanged` hook (synchronously, before the move is acknowledged).
}

/** Who a notification is for; the room's egress checks it against where each recipient is at
 * the moment of sending (see signalling/egress.ts). */
export type Audience =
  /** Something said or done in a space, on one policy channel. */
  | { kind: 'space'; space: SpaceId; channel: Channel }
  /** Only about the recipient themself (their projected room, their own consumer, their connection). */
  | { kind: 'self'; participantId: string }
  /** A private line between one participant and the mediators. */
  | { kind: 'privateLine'; participantId: string };

/** Sends a socket notification to one live participant through the room's egress (signalling).
 * Returns false when they are not connected or the audience excludes them right now. */
export interface Notifier {
  sendTo<N extends NotificationName>(sessionId: string, participantId: string, event: N, payload: NotificationPayload<N>, audience: Audience): boolean;
}

/** Sessions of a case (practice feature) for the features that start one: the mediator starts a
 * call with the people of a message thread. */
export interface CaseSessions {
  /** Creates a 'call' session in the case exactly as the practice's own route does (links through
   * `createInvite`, case history, the conflict-check and name rules), led by this mediator
   * account, with these people of the case, and emails each their own link. */
  startCall(input: { caseId: string; mediatorId: string; personIds: string[] }): Promise<Result<{ sessionId: string; title: string; invited: number; emailed: number; mediatorParticipantId: string }>>;
}

export interface AppContext {
  config: Config;
  log: Logger;
  /** Everything kept, behind one async interface per store (storage/types.ts); the backend is
   * chosen in app.ts. No feature sees a database handle. */
  stores: Stores;
  tokens: TokenService;
  http: HttpServer;
  express: Express;
  /** Which node serves a session (cluster/placement.ts): always "here" when embedded; clustered,
   * the session's lease owner, claimed on first use. socket.io and Yjs ask it before accepting. */
  placement: import('./cluster/placement.js').SessionPlacement;
  /** Ports between features (features.ts). Provided in `attach`; reading one before every feature
   * has attached throws, so no feature can depend on the order of the list. Tests may assign a
   * stand-in (a room directory) after start. */
  spaces: SpaceDirectory;
  docs: DocService;
  notifier: Notifier;
  /** Email out (mail feature): SMTP when configured, the practice's outbox always. */
  mailer: Mailer;
  /** Finished agreement documents (agreement feature). */
  exports: AgreementExports;
  /** Starting a session in a case (practice feature). */
  caseSessions: CaseSessions;
  provide<K extends keyof import('./features.js').Ports>(name: K, value: import('./features.js').Ports[K]): void;
  /** Announce a lifecycle event to every feature (features.ts). */
  hooks: Hooks;
  /** Hooks run on shutdown, in reverse order of registration. */
  onClose(fn: () => Promise<void> | void): void;
  /** Audit helper shared by every module. Entries of a session are stored in the order of the
   * calls even when nobody awaits them; await it when the entry must be readable afterwards. A
   * failure is logged, never thrown at the caller. */
  audit(sessionId: string, actor: { id: string; name: string }, action: string, detail?: Record<string, unknown>): Promise<void>;
  /** Creates a participant with a fresh signed link (used by HTTP API and the mediator's controls)
   * and announces `participantInvited`. */
  createInvite(sessionId: string, spec: InviteSpec, ttlHours: number): Promise<ParticipantRecord>;
  /** Gives a participant a new link (new token id and expiry; id, name, role, side unchanged). The
   * old link's id goes on the revocation list, and the `linkReplaced` hook closes connections
   * still open with it. The caller checks permissions and audits. */
  reissueLink(sessionId: string, participantId: string, ttlHours: number): Promise<ParticipantRecord>;
  /** Revokes a participant's link (storage + audit) and announces `participantRevoked` so live
   * connections (socket.io, Yjs) are closed by their modules. */
  revokeParticipant(sessionId: string, participantId: string, actor: { id: string; name: string }): Promise<void>;
}

/** Server-side access to live Yjs documents (owned by the collaboration module). Changes made to
 * `doc` inside `change` are persisted before they are broadcast, like any client update. */
export interface DocService {
  /** Runs `fn` with the loaded document (loading it from storage if needed). */
  read<T>(docName: string, fn: (doc: import('yjs').Doc) => T): Promise<T>;
  /** Applies a server-side change in one transaction with the given origin label. */
  change(docName: string, origin: string, fn: (doc: import('yjs').Doc) => void): Promise<void>;
  /** The current generation of a caucus document (`doc` unchanged for other documents). */
  current(doc: DocRef): Promise<DocRef>;
  /** What this person may do with `doc` right now ('none' when not in the room); after the end,
   * what the record rule allows. */
  accessOf(principal: Principal, doc: DocRef): Promise<DocAccess>;
  // Loads and updates are announced as the `documentLoaded` / `documentUpdated` hooks.
}

/** A calendar invite for one person and one scheduled session (the mail feature renders the .ics). */
export interface CalendarInvite {
  /** Stable per session and person, so a re-sent invite updates the entry instead of adding one. */
  uid: string;
  title: string;
  description: string;
  /** Epoch ms. */
  startsAt: number;
  durationMinutes: number;
  /** The personal link: calendar apps show it as the place to join. */
  url: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string } | null;
}

export interface OutgoingEmail {
  practiceId: string;
  caseId: string | null;
  to: string;
  subject: string;
  /** Plain text only: nothing a person typed can become markup in someone's mail client. */
  text: string;
  calendar: CalendarInvite | null;
  /** Files sent with the email (the signed agreement's PDF, say). At most
   * `EMAIL_ATTACHMENTS_MAX_BYTES` (shared) together; beyond that the email comes back 'failed'. */
  attachments?: readonly EmailAttachment[];
}

/** A file sent with an email. The content type is the sender's (the server's own), never a guess. */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** Finished documents a feature offers the others (the agreement feature): the follow-up plan
 * email carries the signed agreement without the follow-up feature knowing how it is rendered. */
export interface AgreementExports {
  /** The PDF of the version frozen for signature and signed by every required signer (the
   * agreed text with its sign-off page), or null when the agreement is not fully signed. */
  signedAgreementPdf(sessionId: string): Promise<EmailAttachment | null>;
}

/** Email out of the server (mail feature): over SMTP when configured, always recorded in the
 * practice's outbox, where it stays for the mediator to read when no SMTP is configured. */
export interface Mailer {
  readonly smtp: boolean;
  /** Never throws for a refused or unreachable mail server: the email comes back 'failed'. */
  send(email: OutgoingEmail): Promise<import('@mediation/shared').EmailView>;
  /** The practice's emails, newest first. */
  list(practiceId: string): Promise<import('@mediation/shared').EmailView[]>;
}
