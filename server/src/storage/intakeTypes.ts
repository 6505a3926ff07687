/**
 * What intake and the agreement to mediate keep (issue 13, second half), as async store
 * interfaces in the style of `types.ts`: a backend implements them (`sqlite/intake.ts`) and passes
 * `contract/intake.contract.ts` unchanged.
 *
 * Every read of a person's answers or documents takes the case id (and the person id where it
 * matters): a foreign id looks exactly like an unknown one, and one person's link can never name
 * another person's material.
 */
import type { IntakeAnswers, IntakeSettings, SessionPlan, SessionStage } from '@mediation/shared';

/** The intake's stores, each declared below. */
export interface IntakeStores {
  forms: IntakeStore;
  notes: CaseNoteStore;
  stages: SessionStageStore;
  plans: SessionPlanStore;
  agreementToMediate: AgreementToMediateStore;
}

/** A person's intake link: only the SHA-256 of its secret is kept. One live link per person: a new
 * one replaces the old, which stops working at once. */
export interface IntakeLinkRecord {
  tokenHash: string;
  practiceId: string;
  caseId: string;
  personId: string;
  expiresAt: number;
  createdAt: number;
}

export interface IntakeResponseRecord {
  caseId: string;
  personId: string;
  answers: IntakeAnswers;
  startedAt: number;
  updatedAt: number;
  submittedAt: number | null;
}

export interface IntakeDocumentMeta {
  id: string;
  caseId: string;
  personId: string;
  /** As the person named it (plain text; sent only inside a quoted Content-Disposition). */
  name: string;
  /** The type its content was recognised as (never what the browser claimed). */
  type: string;
  size: number;
  uploadedAt: number;
}

export type IntakeDocumentRecord = IntakeDocumentMeta & { data: Uint8Array };

export interface AgreementTemplateRecord {
  practiceId: string;
  title: string;
  text: string;
  version: number;
  updatedAt: number;
  updatedBy: string;
}

/** What a session requires: the template's text as it was when the mediator required it. */
export interface AgreementRequirementRecord {
  sessionId: string;
  caseId: string;
  title: string;
  text: string;
  version: number;
  /** SHA-256 hex of `text`. */
  hash: string;
  requiredAt: number;
}

export interface AgreementSignatureRecord {
  sessionId: string;
  participantId: string;
  typedName: string;
  version: number;
  hash: string;
  at: number;
}

export interface IntakeStore {
  /** Stores the person's link, replacing any earlier one. */
  setLink(link: IntakeLinkRecord): Promise<void>;
  /** The link with this secret hash, expired or not (the caller tells expired from unknown). */
  linkByHash(tokenHash: string): Promise<IntakeLinkRecord | null>;
  /** The case's current links, one per person at most. */
  listLinks(caseId: string): Promise<IntakeLinkRecord[]>;

  getSettings(caseId: string): Promise<IntakeSettings | null>;
  setSettings(caseId: string, settings: IntakeSettings): Promise<void>;

  getResponse(caseId: string, personId: string): Promise<IntakeResponseRecord | null>;
  /** Creates or replaces the person's answers (startedAt is kept from the first save). */
  saveResponse(r: IntakeResponseRecord): Promise<void>;
  listResponses(caseId: string): Promise<IntakeResponseRecord[]>;

  /** Adds a document unless the person already has `maxPerPerson` (then false, nothing stored). */
  addDocument(d: IntakeDocumentRecord, maxPerPerson: number): Promise<boolean>;
  /** Metadata only, in upload order; `personId` narrows to one person's. */
  listDocuments(caseId: string, personId?: string): Promise<IntakeDocumentMeta[]>;
  /** Null for an unknown id and for another case's document alike. */
  getDocument(caseId: string, documentId: string): Promise<IntakeDocumentRecord | null>;
  /** Removes one of the person's documents; false if it is not theirs. */
  deleteDocument(caseId: string, personId: string, documentId: string): Promise<boolean>;
}

export interface AgreementToMediateStore {
  getTemplate(practiceId: string): Promise<AgreementTemplateRecord | null>;
  /** Saves a new version (the previous version + 1, or 1) atomically and returns it. */
  saveTemplate(practiceId: string, t: { title: string; text: string; at: number; by: string }): Promise<AgreementTemplateRecord>;
  /** Sets or clears what a session requires. */
  setRequirement(sessionId: string, r: AgreementRequirementRecord | null): Promise<void>;
  getRequirement(sessionId: string): Promise<AgreementRequirementRecord | null>;
  /** Records a signature; false (nothing stored) when the person already signed this version. */
  sign(s: AgreementSignatureRecord): Promise<boolean>;
  /** In signing order. */
  listSignatures(sessionId: string): Promise<AgreementSignatureRecord[]>;
}

/** Where a session stands (the stage tracker). */
export interface SessionStageRecord {
  sessionId: string;
  stage: SessionStage;
  at: number;
  by: string;
}

export interface SessionStageStore {
  get(sessionId: string): Promise<SessionStageRecord | null>;
  set(r: SessionStageRecord): Promise<void>;
}

/** The room plan of a session, made from its case's intake (mediators only). */
export interface SessionPlanStore {
  get(sessionId: string): Promise<(SessionPlan & { caseId: string }) | null>;
  set(sessionId: string, caseId: string, plan: SessionPlan): Promise<void>;
}

/** A mediator's note on a case (a pre-mediation call's, when it names the session). Mediators only. */
export interface CaseNoteRecord {
  id: string;
  caseId: string;
  sessionId: string | null;
  at: number;
  authorId: string;
  authorName: string;
  text: string;
}

export interface CaseNoteStore {
  add(n: CaseNoteRecord): Promise<void>;
  /** Oldest first. */
  list(caseId: string): Promise<CaseNoteRecord[]>;
}
