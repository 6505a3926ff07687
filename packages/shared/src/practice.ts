/**
 * The mediator's practice: accounts, cases, the conflict check and email, as they cross the wire
 * (HTTP bodies and answers under /api/practice). Mediators sign in with a cookie; parties,
 * attorneys, observers and interpreters never have accounts (their personal link is their key).
 */
import { z } from 'zod';
import { idSchema, roleSchema, sideSchema } from './domain.js';
import { humanIdentifier } from './names.js';
import { LanguageSchema } from './language.js';

/** An email address as typed: trimmed, lower-cased (one person, one account), plainly shaped. */
export const emailSchema = z.string().trim().toLowerCase().max(254, 'email must be at most 254 characters').pipe(z.email('email is not a valid address'));

/** A password: long enough to resist guessing, short enough that hashing it is cheap. */
export const passwordSchema = z.string().min(10, 'password must be at least 10 characters').max(200, 'password must be at most 200 characters');

export const personNameSchema = humanIdentifier({ label: 'name', max: 60 });
export const organisationSchema = humanIdentifier({ label: 'organisation', max: 120, min: 0 });
export const practiceNameSchema = humanIdentifier({ label: 'practice name', max: 120 });
export const caseTitleSchema = humanIdentifier({ label: 'title', max: 160 });
export const disputeTypeSchema = humanIdentifier({ label: 'dispute type', max: 80 });
/** Phone numbers as people write them: digits, spaces and + ( ) - . only. */
export const phoneSchema = z.string().trim().max(40, 'phone must be at most 40 characters').regex(/^[+0-9 ().-]*$/, 'phone may contain only digits, spaces and + ( ) - .');
/** Free text a mediator writes (a note on a decision). Stored and shown as text, never as HTML. */
export const noteSchema = z.string().normalize('NFC').trim().max(2000, 'note must be at most 2000 characters');

// --- accounts ---------------------------------------------------------------------------------

/** First visit to a fresh install: the owner's account and the practice, in one step. */
export const setupBodySchema = z.object({
  practiceName: practiceNameSchema,
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
}).strict();
export type SetupBody = z.input<typeof setupBodySchema>;

export const signInBodySchema = z.object({ email: emailSchema, password: z.string().min(1, 'password is required').max(200) }).strict();
export type SignInBody = z.input<typeof signInBodySchema>;

export const inviteMediatorBodySchema = z.object({ name: personNameSchema, email: emailSchema }).strict();
export type InviteMediatorBody = z.input<typeof inviteMediatorBodySchema>;

/** A co-mediator sets their password with the token from their invitation email. */
export const acceptInviteBodySchema = z.object({ token: z.string().min(20).max(200), password: passwordSchema }).strict();
export type AcceptInviteBody = z.input<typeof acceptInviteBodySchema>;

export const MEDIATOR_ACCOUNT_ROLES = ['owner', 'mediator'] as const;
export const mediatorAccountSchema = z.object({
  id: idSchema,
  name: z.string(),
  email: z.string(),
  role: z.enum(MEDIATOR_ACCOUNT_ROLES),
  /** False until an invited co-mediator has set their password. */
  active: z.boolean(),
});
export type MediatorAccount = z.infer<typeof mediatorAccountSchema>;

/** What the practice pages learn first: whether the install needs its owner, and who is signed in. */
export const practiceStatusSchema = z.object({
  needsSetup: z.boolean(),
  me: mediatorAccountSchema.nullable(),
  practice: z.object({ id: idSchema, name: z.string() }).nullable(),
  /** Echo of the CSRF token for cookie-authenticated writes (send as X-CSRF-Token). */
  csrfToken: z.string().nullable(),
  /** Whether email goes out over SMTP; otherwise it lands in the outbox. */
  smtp: z.boolean(),
});
export type PracticeStatus = z.infer<typeof practiceStatusSchema>;

export const CSRF_HEADER = 'x-csrf-token';

export const mediatorListSchema = z.object({ mediators: z.array(mediatorAccountSchema) });

export const mediatorInviteResponseSchema = z.object({ mediator: mediatorAccountSchema, emailId: idSchema });

// --- cases ------------------------------------------------------------------------------------

/** How a person takes part in a case (a room role follows from it when a session is created). */
export const CASE_PERSON_ROLES = ['party', 'counsel', 'support', 'interpreter', 'observer'] as const;
export const casePersonRoleSchema = z.enum(CASE_PERSON_ROLES);
export type CasePersonRole = z.infer<typeof casePersonRoleSchema>;

/** The room role a case person gets in a session created from the case. A support person joins
 * read-only like an observer, with their side. */
export const ROOM_ROLE_OF: Record<CasePersonRole, z.infer<typeof roleSchema>> = {
  party: 'party', counsel: 'attorney', support: 'observer', interpreter: 'interpreter', observer: 'observer',
};

export const CASE_STAGES = ['conflict-check', 'intake', 'scheduling', 'in-session', 'follow-up', 'closed', 'declined'] as const;
export const caseStageSchema = z.enum(CASE_STAGES);
export type CaseStage = z.infer<typeof caseStageSchema>;
export const CASE_STAGE_LABEL: Record<CaseStage, string> = {
  'conflict-check': 'Conflict check', intake: 'Intake', scheduling: 'Scheduling', 'in-session': 'In session',
  'follow-up': 'Follow-up', closed: 'Closed', declined: 'Declined',
};

export const casePersonInputSchema = z.object({
  name: personNameSchema,
  role: casePersonRoleSchema,
  /** "Claimant", "Respondent", …; null for neutral people (an observer from the court). */
  side: sideSchema.default(null),
  email: z.union([emailSchema, z.literal('')]).default(''),
  phone: phoneSchema.default(''),
  organisation: organisationSchema.default(''),
  /** The language their emails are written in (and the join page suggests), as the mediator records it; absent: not recorded. */
  language: LanguageSchema.nullable().optional(),
}).strict();
export type CasePersonInput = z.input<typeof casePersonInputSchema>;

export const createCaseBodySchema = z.object({
  title: caseTitleSchema,
  disputeType: disputeTypeSchema,
  people: z.array(casePersonInputSchema).max(60).default([]),
}).strict();
export type CreateCaseBody = z.input<typeof createCaseBodySchema>;

export const addPeopleBodySchema = z.object({ people: z.array(casePersonInputSchema).min(1).max(60) }).strict();
export type AddPeopleBody = z.input<typeof addPeopleBodySchema>;

export const updateCaseBodySchema = z.object({ stage: caseStageSchema }).strict();

export const casePersonSchema = z.object({
  id: idSchema,
  name: z.string(),
  role: casePersonRoleSchema,
  side: z.string().nullable(),
  email: z.string(),
  phone: z.string(),
  organisation: z.string(),
  addedAt: z.number(),
  /** Null (or absent, from a store that predates it): not recorded; the intake answer or English decides. */
  language: LanguageSchema.nullable().optional(),
});
export type CasePerson = z.infer<typeof casePersonSchema>;

export const caseSummarySchema = z.object({
  id: idSchema,
  title: z.string(),
  disputeType: z.string(),
  stage: caseStageSchema,
  createdAt: z.number(),
  people: z.number(),
  /** A conflict check is waiting for the mediator's decision. */
  conflictPending: z.boolean(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;
export const caseListSchema = z.object({ cases: z.array(caseSummarySchema) });

// --- conflict check ---------------------------------------------------------------------------

/** One earlier case that shares a name or an organisation with this one. */
export const conflictMatchSchema = z.object({
  caseId: idSchema,
  caseTitle: z.string(),
  /** What matched, in plain words: the name or organisation as written in each case. */
  field: z.enum(['name', 'organisation']),
  ours: z.string(),
  theirs: z.string(),
  /** Who it was there (their role and side in the earlier case). */
  theirRole: casePersonRoleSchema,
  theirSide: z.string().nullable(),
});
export type ConflictMatch = z.infer<typeof conflictMatchSchema>;

export const CONFLICT_DECISIONS = ['clear', 'waived', 'declined'] as const;
export const conflictDecisionSchema = z.enum(CONFLICT_DECISIONS);
export type ConflictDecision = z.infer<typeof conflictDecisionSchema>;
export const CONFLICT_DECISION_LABEL: Record<ConflictDecision, string> = {
  clear: 'No conflict', waived: 'Disclosed and waived', declined: 'Declined',
};

export const conflictCheckSchema = z.object({
  id: idSchema,
  at: z.number(),
  /** Why it ran: the case was created, or people were added. */
  reason: z.enum(['created', 'people-added']),
  matches: z.array(conflictMatchSchema),
  decision: conflictDecisionSchema.nullable(),
  note: z.string(),
  decidedAt: z.number().nullable(),
  decidedBy: z.string().nullable(),
});
export type ConflictCheck = z.infer<typeof conflictCheckSchema>;

export const conflictDecisionBodySchema = z.object({ decision: conflictDecisionSchema, note: noteSchema.default('') }).strict();
export type ConflictDecisionBody = z.input<typeof conflictDecisionBodySchema>;

// --- sessions of a case -----------------------------------------------------------------------

/** 'call': started by the mediator from a message thread, with the people of that thread. */
export const CASE_SESSION_KINDS = ['pre-mediation', 'main', 'follow-up', 'call'] as const;
export const caseSessionKindSchema = z.enum(CASE_SESSION_KINDS);
export const CASE_SESSION_KIND_LABEL: Record<z.infer<typeof caseSessionKindSchema>, string> = {
  'pre-mediation': 'Pre-mediation call', main: 'Mediation session', 'follow-up': 'Follow-up session', call: 'Call',
};

export const createCaseSessionBodySchema = z.object({
  kind: caseSessionKindSchema.default('main'),
  /** When it starts (epoch ms); a scheduled session gets a calendar invite. */
  startsAt: z.number().int().min(0).max(8_640_000_000_000).nullable().default(null),
  durationMinutes: z.number().int().min(15).max(24 * 60).default(120),
  /** The case's people to invite (ids); default everyone. */
  people: z.array(idSchema).max(60).optional(),
  linkTtlHours: z.number().int().min(1).max(24 * 90).default(24 * 14),
}).strict();
export type CreateCaseSessionBody = z.input<typeof createCaseSessionBodySchema>;

export const caseSessionSchema = z.object({
  sessionId: idSchema,
  kind: caseSessionKindSchema,
  title: z.string(),
  startsAt: z.number().nullable(),
  durationMinutes: z.number(),
  createdAt: z.number(),
  /** The signed-in mediator's own link into the room; null until they join this session as a
   * co-mediator (each mediator has their own link: a shared one would take over the other's). */
  mediatorLink: z.string().nullable(),
  /** Who leads it (the mediator who created it). */
  leadMediator: z.string(),
  invitees: z.array(z.object({ personId: idSchema, participantId: idSchema, name: z.string(), link: z.string(), expiresAt: z.number(), revoked: z.boolean() })),
});
export type CaseSession = z.infer<typeof caseSessionSchema>;

export const sendInvitesBodySchema = z.object({ people: z.array(idSchema).max(60).optional() }).strict();
export type SendInvitesBody = z.input<typeof sendInvitesBodySchema>;

// --- email ------------------------------------------------------------------------------------

export const EMAIL_STATUSES = ['sent', 'outbox', 'failed'] as const;
/** At most this many bytes of attachments per email, together (a signed agreement is ~100 kB):
 * mail servers commonly refuse messages over 10-25 MB, and base64 adds a third. */
export const EMAIL_ATTACHMENTS_MAX_BYTES = 5 * 1024 * 1024;
/** What the outbox lists of a file sent with an email (its bytes stay on the server). */
export const emailAttachmentSchemaOut = z.object({ filename: z.string(), contentType: z.string(), size: z.number().int().nonnegative() });
export type EmailAttachmentView = z.infer<typeof emailAttachmentSchemaOut>;
export const emailSchemaOut = z.object({
  id: idSchema,
  caseId: idSchema.nullable(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  hasCalendar: z.boolean(),
  attachments: z.array(emailAttachmentSchemaOut),
  /** 'outbox': no SMTP configured, kept here for the mediator to read and copy. */
  status: z.enum(EMAIL_STATUSES),
  error: z.string().nullable(),
  createdAt: z.number(),
});
export type EmailView = z.infer<typeof emailSchemaOut>;
export const outboxSchema = z.object({ emails: z.array(emailSchemaOut) });

export const sendInvitesResponseSchema = z.object({ emails: z.array(emailSchemaOut), skipped: z.array(z.object({ personId: idSchema, name: z.string(), reason: z.string() })) });

// --- history ----------------------------------------------------------------------------------

export const caseHistoryEntrySchema = z.object({
  at: z.number(),
  actorName: z.string(),
  /** What happened, as a short plain sentence made on the server. */
  text: z.string(),
  kind: z.enum(['case.created', 'people.added', 'conflict.checked', 'conflict.decided', 'stage.changed', 'session.created', 'email.sent', 'email.outbox', 'email.failed']),
});
export type CaseHistoryEntry = z.infer<typeof caseHistoryEntrySchema>;

export const caseDetailSchema = z.object({
  case: caseSummarySchema,
  people: z.array(casePersonSchema),
  conflictChecks: z.array(conflictCheckSchema),
  sessions: z.array(caseSessionSchema),
  history: z.array(caseHistoryEntrySchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;
