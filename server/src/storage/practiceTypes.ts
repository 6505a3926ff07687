/**
 * What the mediator's practice keeps (accounts, cases, the conflict check, email), as async store
 * interfaces in the style of `types.ts`: a backend implements all of them (`sqlite/practice*.ts`)
 * and passes the contract suite in `contract/practice.contract.ts` unchanged. Where several writes
 * must happen together (a case with its people and first conflict check), the interface has ONE
 * method that does them atomically.
 *
 * Every read that can cross practices takes the practice id: a store never answers "is there a
 * case with this id" without "in this practice", so a foreign id looks exactly like an unknown one.
 */
import type { CaseHistoryEntry, CasePerson, CasePersonRole, CaseStage, ConflictCheck, ConflictDecision, EmailView } from '@mediation/shared';

export interface PracticeRecord {
  id: string;
  name: string;
  createdAt: number;
}

export interface MediatorRecord {
  id: string;
  practiceId: string;
  name: string;
  /** Lower-cased; unique across the install (one person signs in to one practice). */
  email: string;
  role: 'owner' | 'mediator';
  /** argon2id PHC string; null for an invited co-mediator who has not set a password yet. */
  passwordHash: string | null;
  createdAt: number;
}

/** A signed-in browser. The cookie carries a random secret; only its SHA-256 is stored. */
export interface AuthSessionRecord {
  idHash: string;
  mediatorId: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

/** A co-mediator's invitation: the link's secret, hashed, and until when it works. */
export interface MediatorInviteRecord {
  tokenHash: string;
  mediatorId: string;
  expiresAt: number;
  usedAt: number | null;
}

export interface AccountStore {
  /** The owner's account and the practice, atomically, only while the install has no account at
   * all; false (nothing stored) when someone got there first. */
  createFirstPractice(practice: PracticeRecord, owner: MediatorRecord): Promise<boolean>;
  /** Another practice with its owner (a hosted install; tests); false (nothing stored) if the
   * owner's email is taken. */
  createPractice(practice: PracticeRecord, owner: MediatorRecord): Promise<boolean>;
  hasAnyAccount(): Promise<boolean>;
  getPractice(id: string): Promise<PracticeRecord | null>;
  /** An invited co-mediator and their invitation; false (nothing stored) if the email is taken. */
  addInvitedMediator(m: MediatorRecord, invite: MediatorInviteRecord): Promise<boolean>;
  getMediator(id: string): Promise<MediatorRecord | null>;
  getMediatorByEmail(email: string): Promise<MediatorRecord | null>;
  listMediators(practiceId: string): Promise<MediatorRecord[]>;
  /** Sets the password with an unused, unexpired invitation and marks it used, atomically. */
  acceptInvite(tokenHash: string, passwordHash: string, now: number): Promise<MediatorRecord | null>;
  /** Stores a sign-in; sign-ins expired by its `createdAt` are removed. */
  createAuthSession(s: AuthSessionRecord): Promise<void>;
  /** The session if it exists and has not expired at `now`. */
  getAuthSession(idHash: string, now: number): Promise<AuthSessionRecord | null>;
  deleteAuthSession(idHash: string): Promise<void>;
}

export interface CaseRecord {
  id: string;
  practiceId: string;
  title: string;
  disputeType: string;
  stage: CaseStage;
  createdAt: number;
  createdBy: string;
}

export type CasePersonRecord = CasePerson & { caseId: string };

/** Someone in another case of the same practice, as the conflict check compares them. */
export interface EarlierPersonRecord {
  caseId: string;
  caseTitle: string;
  name: string;
  organisation: string;
  role: CasePersonRole;
  side: string | null;
}

export interface CaseSessionRecord {
  caseId: string;
  sessionId: string;
  kind: 'pre-mediation' | 'main' | 'follow-up' | 'call';
  title: string;
  startsAt: number | null;
  durationMinutes: number;
  createdAt: number;
  /** Each practice mediator's own participant in that session: the first is the lead mediator
   * who created it, later ones joined as co-mediators. Nobody shares a link (a second join with the
   * same link takes over the first). */
  mediators: Array<{ mediatorId: string; participantId: string }>;
  /** Each invited case person's participant. */
  invitees: Array<{ personId: string; participantId: string }>;
}

export type HistoryRecord = CaseHistoryEntry & { actorId: string };

export interface CaseStore {
  /** The case, its people, its first conflict check and its history entries, atomically. */
  createCase(c: CaseRecord, people: CasePersonRecord[], check: ConflictCheck, history: HistoryRecord[]): Promise<void>;
  /** Null for an unknown id and for another practice's case alike. */
  getCase(practiceId: string, caseId: string): Promise<CaseRecord | null>;
  /** The practice's cases, newest first. */
  listCases(practiceId: string): Promise<Array<CaseRecord & { people: number; conflictPending: boolean }>>;
  setStage(caseId: string, stage: CaseStage): Promise<void>;
  /** In the order added. */
  listPeople(caseId: string): Promise<CasePersonRecord[]>;
  /** People in the practice's OTHER cases (the conflict check's haystack). */
  peopleOutside(practiceId: string, caseId: string): Promise<EarlierPersonRecord[]>;
  /** More people, the conflict check they caused, and history, atomically. */
  addPeople(caseId: string, people: CasePersonRecord[], check: ConflictCheck, history: HistoryRecord[]): Promise<void>;
  listConflictChecks(caseId: string): Promise<ConflictCheck[]>;
  /** Records the decision on an undecided check; false (nothing changed) if it was decided already
   * or is not this case's. */
  decideConflict(caseId: string, checkId: string, d: { decision: ConflictDecision; note: string; at: number; by: string }): Promise<boolean>;
  addSession(s: CaseSessionRecord): Promise<void>;
  /** Adds a mediator's own participant to a case session; false (nothing changed) if that mediator
   * already has one there or the session is not this case's. */
  addSessionMediator(caseId: string, sessionId: string, m: { mediatorId: string; participantId: string }): Promise<boolean>;
  listSessions(caseId: string): Promise<CaseSessionRecord[]>;
  getSession(caseId: string, sessionId: string): Promise<CaseSessionRecord | null>;
  appendHistory(caseId: string, h: HistoryRecord): Promise<void>;
  /** In the order appended. */
  listHistory(caseId: string): Promise<HistoryRecord[]>;
}

export type EmailRecord = EmailView & { practiceId: string; ics: string | null };

/** Every email the practice sent or queued: the outbox page and the case history read it. */
/** A file kept with an email in the outbox, so the mediator can still send it by hand. */
export interface StoredEmailAttachment {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface OutboxStore {
  /** `files[i]` holds the bytes of `e.attachments[i]` (the record lists names and sizes only). */
  add(e: EmailRecord, files?: readonly Buffer[]): Promise<void>;
  /** The `index`-th file of an email of this practice, or null. */
  attachment(practiceId: string, emailId: string, index: number): Promise<StoredEmailAttachment | null>;
  setStatus(id: string, status: EmailRecord['status'], error: string | null): Promise<void>;
  /** Newest first. */
  list(practiceId: string): Promise<EmailRecord[]>;
  get(practiceId: string, id: string): Promise<EmailRecord | null>;
}

export interface PracticeStores {
  accounts: AccountStore;
  cases: CaseStore;
  outbox: OutboxStore;
}
