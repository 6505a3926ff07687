/**
 * What the after-session features keep (issue 14): the follow-up plan and its check-ins, durable
 * jobs (reminders, check-ins, survey mail), and satisfaction surveys. Async interfaces in the
 * style of `types.ts`; a backend implements all of them (`sqlite/followup.ts`) and passes the
 * contract suite `contract/followup.contract.ts` unchanged. Where writes must happen together
 * (a survey answer and its link's "answered" flag), ONE method does them atomically.
 */
import type { CheckinStatus, ItemOwner, ItemStatus, SurveyVariant } from '@mediation/shared';

export interface PlanRecord {
  sessionId: string;
  discovery: string;
  followUp: { startsAt: number; durationMinutes: number; purpose: string } | null;
  /** The follow-up session created in the case after the end (null until then, or no case). */
  followUpSessionId: string | null;
  updatedAt: number;
}

export interface ItemRecord {
  id: string;
  sessionId: string;
  position: number;
  what: string;
  owner: ItemOwner;
  /** YYYY-MM-DD. */
  due: string;
  clause: string;
  status: ItemStatus;
  note: string;
  /** When the status was last reported (null: never). */
  statusAt: number | null;
}

export interface FollowupEmailRecord {
  sessionId: string;
  participantId: string;
  email: string;
  confirmedAt: number;
}

/** The case a session belongs to (sessions created from a case), with its practice. */
export interface SessionCase {
  caseId: string;
  practiceId: string;
  caseTitle: string;
  disputeType: string;
}

export interface PlanStore {
  getPlan(sessionId: string): Promise<PlanRecord | null>;
  /** Replaces the plan and its items atomically. An item whose id was there before keeps its
   * status, note and check-in links; items left out are deleted with their check-in links. */
  savePlan(plan: PlanRecord, items: Array<Omit<ItemRecord, 'status' | 'note' | 'statusAt'>>): Promise<void>;
  /** In plan order. */
  listItems(sessionId: string): Promise<ItemRecord[]>;
  getItem(itemId: string): Promise<ItemRecord | null>;
  /** Records the follow-up session once; false (nothing changed) when one is recorded already. */
  setFollowUpSession(sessionId: string, followUpSessionId: string): Promise<boolean>;
  /** A person's confirmed follow-up email (replaces an earlier one). */
  confirmEmail(rec: FollowupEmailRecord): Promise<void>;
  listEmails(sessionId: string): Promise<FollowupEmailRecord[]>;
  /** A check-in link for one item and one person (only the hash of its secret is kept; every
   * email makes a new one, and all of them keep working while the item exists). */
  addCheckinLink(keyHash: string, itemId: string, participantId: string): Promise<void>;
  checkinLink(keyHash: string): Promise<{ itemId: string; participantId: string } | null>;
  setStatus(itemId: string, status: CheckinStatus, note: string, at: number): Promise<void>;
  sessionCase(sessionId: string): Promise<SessionCase | null>;
  /** Every item of every session of the case, with the session's id and title, in session then plan order. */
  itemsOfCase(caseId: string): Promise<Array<ItemRecord & { sessionTitle: string }>>;
}

export interface JobRecord {
  /** Unique: scheduling the same key twice keeps the first (idempotent scheduling). */
  key: string;
  kind: string;
  runAt: number;
  payload: Record<string, unknown>;
  attempts: number;
  doneAt: number | null;
  lastError: string | null;
}

export interface JobStore {
  /** Adds a job; false (nothing changed) when the key exists, done or not. */
  schedule(job: { key: string; kind: string; runAt: number; payload: Record<string, unknown> }): Promise<boolean>;
  /** Claims up to `limit` due jobs of the given kinds atomically (attempts + 1, leased until `now + leaseMs`): a job
   * is handed to one claimer at a time, and again only after its lease ran out unfinished. */
  claimDue(now: number, kinds: readonly string[], limit: number, leaseMs: number): Promise<JobRecord[]>;
  complete(key: string, at: number): Promise<void>;
  /** Gives the job back to run again at `retryAt`, or gives up (`retryAt` null: done, with the error). */
  failed(key: string, error: string, retryAt: number | null, at: number): Promise<void>;
  get(key: string): Promise<JobRecord | null>;
  /** Jobs not done yet, by run time. */
  pending(): Promise<JobRecord[]>;
}

/** A person's survey for one session: which variant, and whether it was answered (nothing else). */
export interface SurveyLinkRecord {
  sessionId: string;
  participantId: string;
  variant: SurveyVariant;
  answered: boolean;
  createdAt: number;
}

/** One answer, deliberately without the person, their link or the moment (only the month). */
export interface SurveyAnswerRecord {
  sessionId: string;
  caseId: string | null;
  practiceId: string | null;
  disputeType: string;
  variant: SurveyVariant;
  /** YYYY-MM. */
  month: string;
  ratings: Record<string, number>;
  recommend: number | null;
  comment: string;
}

export interface SurveyStore {
  /** One survey per person and session; false (nothing changed) when they have one. */
  addLink(rec: SurveyLinkRecord): Promise<boolean>;
  /** A secret for an emailed link to that person's survey (hash only; every email makes one). */
  addKey(keyHash: string, sessionId: string, participantId: string): Promise<void>;
  linkByKey(keyHash: string): Promise<SurveyLinkRecord | null>;
  linkOf(sessionId: string, participantId: string): Promise<SurveyLinkRecord | null>;
  /** Stores the answer and marks the person's survey answered, atomically; false (nothing stored)
   * when it was answered already or does not exist. */
  answer(sessionId: string, participantId: string, answer: SurveyAnswerRecord): Promise<boolean>;
  answersOfSession(sessionId: string): Promise<SurveyAnswerRecord[]>;
  answersOfPractice(practiceId: string): Promise<SurveyAnswerRecord[]>;
}

export interface MessageRecord {
  id: string;
  caseId: string;
  /** 'joint', 'notes' or 'side.<key>' (messaging/threads.ts). */
  thread: string;
  authorKey: string;
  authorName: string;
  text: string;
  at: number;
}

/** A file attached to a message; kept under the message's case and thread, so whoever may not
 * read the thread cannot name it either. */
export interface MessageFileRecord {
  id: string;
  caseId: string;
  thread: string;
  messageId: string;
  name: string;
  type: string;
  size: number;
  data: Uint8Array;
}

/** Secure messages between sessions, per case and thread, with each reader's read mark. */
export interface MessageStore {
  add(m: MessageRecord): Promise<void>;
  /** Adds the message and its file together, unless the case already holds `maxPerCase` files
   * (then false, nothing stored). */
  addWithFile(m: MessageRecord, f: MessageFileRecord, maxPerCase: number): Promise<boolean>;
  /** The thread's files without their bytes. */
  listFiles(caseId: string, thread: string): Promise<Array<Omit<MessageFileRecord, 'data'>>>;
  /** Adds the message that announces a call, naming the call's session. */
  addWithCall(m: MessageRecord, sessionId: string): Promise<void>;
  /** The calls announced in the thread: which message names which session. */
  listCalls(caseId: string, thread: string): Promise<Array<{ messageId: string; sessionId: string }>>;
  /** A file, only when it is in this case's thread. */
  getFile(caseId: string, thread: string, id: string): Promise<MessageFileRecord | null>;
  /** Oldest first; at most `limit`, the newest ones. */
  list(caseId: string, thread: string, limit: number): Promise<MessageRecord[]>;
  /** Per thread of the case: how many messages, the newest time. */
  summary(caseId: string): Promise<Array<{ thread: string; count: number; lastAt: number }>>;
  /** Marks everything up to `at` read for this reader (never moves the mark back). */
  markRead(caseId: string, thread: string, readerKey: string, at: number): Promise<void>;
  readMarks(caseId: string, readerKey: string): Promise<Map<string, number>>;
  /** Messages after `since` in the thread not written by `readerKey`. */
  unreadCount(caseId: string, thread: string, readerKey: string, since: number): Promise<number>;
}

export interface FollowupStores {
  plans: PlanStore;
  jobs: JobStore;
  surveys: SurveyStore;
  messages: MessageStore;
}
