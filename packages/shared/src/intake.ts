/**
 * Intake by link and the agreement to mediate (issue 13, second half), as they cross the wire.
 *
 * Intake answers are the person's and the mediator's only: nothing here is ever sent to another
 * person of the case (the other side, its attorney), and the server's mediator routes are the only
 * ones that list more than one person's answers. Every text field is plain text: stored as typed,
 * rendered as text (React escapes it; emails are text/plain), never as markup.
 */
import { z } from 'zod';
import { idSchema } from './domain.js';
import { forbiddenCharacter } from './names.js';
import { LanguageSchema } from './language.js';

/** Free text a person types into a form: NFC, no control or invisible characters, bounded. */
export const plainText = (label: string, max: number) => z.string().normalize('NFC').superRefine((text, ctx) => {
  // Newlines and tabs are ordinary in a paragraph; every other control character is refused.
  const bad = forbiddenCharacter(text.replace(/[\n\t]/g, ' '));
  if (bad) ctx.addIssue({ code: 'custom', message: `${label} contains an invisible or control character (${bad})`, abort: true });
}).max(max, `${label} must be at most ${max} characters`);

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM');
const day = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'date must be YYYY-MM-DD');
/** An IANA time zone name as the browser reports it ("Europe/Berlin", "America/New_York", "UTC"). */
export const timeZoneSchema = z.string().max(64).regex(/^[A-Za-z]+(?:[/_+-][A-Za-z0-9_+-]+)*$/, 'time zone must be a name like Europe/Berlin');

export const JOINT_PREFERENCES = ['joint-first', 'separate-only', 'no-preference'] as const;
export const jointPreferenceSchema = z.enum(JOINT_PREFERENCES);
export const JOINT_PREFERENCE_LABEL: Record<z.infer<typeof jointPreferenceSchema>, string> = {
  'joint-first': 'Start together (joint session first)', 'separate-only': 'Separate rooms only', 'no-preference': 'No preference',
};

export const ACCOMMODATIONS = ['captions', 'signLanguage', 'breaks', 'screenReader', 'largeText'] as const;
export const ACCOMMODATION_LABEL: Record<(typeof ACCOMMODATIONS)[number], string> = {
  captions: 'Captions', signLanguage: 'Sign language', breaks: 'Regular breaks', screenReader: 'Screen reader', largeText: 'Large text',
};

/** A window in which someone can take part (their own time zone, given with the answers). */
export const availabilitySlotSchema = z.object({ date: day, from: hhmm, to: hhmm }).strict().refine((s) => s.from < s.to, 'a time window must end after it starts');

/** The private screening questions (safety), enabled per case by the mediator. */
export const screeningAnswersSchema = z.object({
  afraid: z.boolean().nullable().default(null),
  harmedOrThreatened: z.boolean().nullable().default(null),
  canSpeakFreely: z.boolean().nullable().default(null),
  note: plainText('screening note', 2000).default(''),
}).strict();
export type ScreeningAnswers = z.infer<typeof screeningAnswersSchema>;

/** A screening answer raises a concern: the plan becomes separate rooms only. */
export const raisesSafetyConcern = (s: ScreeningAnswers | null | undefined): boolean => !!s && (s.afraid === true || s.harmedOrThreatened === true || s.canSpeakFreely === false);

/** Everything one person answers; every field may be left empty while they work (saved as they go). */
export const intakeAnswersSchema = z.object({
  authority: z.object({
    /** Can the person settle on their own? */
    canSettle: z.enum(['yes', 'no', 'unsure']).nullable().default(null),
    /** Who decides, if not them. */
    decisionMaker: plainText('decision maker', 200).default(''),
    /** Will the person who decides attend? */
    deciderAttends: z.boolean().nullable().default(null),
    /** If not, how to reach them during the session. */
    reachableHow: plainText('how to reach the decision maker', 500).default(''),
  }).strict().default({ canSettle: null, decisionMaker: '', deciderAttends: null, reachableHow: '' }),
  accommodations: z.object({
    needs: z.array(z.enum(ACCOMMODATIONS)).max(ACCOMMODATIONS.length).default([]),
    other: plainText('other accommodation', 500).default(''),
  }).strict().default({ needs: [], other: '' }),
  interpreter: z.object({
    needed: z.boolean().nullable().default(null),
    language: plainText('language', 80).default(''),
  }).strict().default({ needed: null, language: '' }),
  /** The language the person wants the room, the emails and their copy of documents in. */
  language: LanguageSchema.nullable().default(null),
  joint: z.object({
    preference: jointPreferenceSchema.nullable().default(null),
    /** For the mediator only. */
    reason: plainText('reason', 2000).default(''),
  }).strict().default({ preference: null, reason: '' }),
  hardStop: z.object({ time: z.union([hhmm, z.literal('')]).default(''), timeZone: z.union([timeZoneSchema, z.literal('')]).default('') }).strict().default({ time: '', timeZone: '' }),
  availability: z.object({
    slots: z.array(availabilitySlotSchema).max(30).default([]),
    timeZone: z.union([timeZoneSchema, z.literal('')]).default(''),
    note: plainText('availability note', 500).default(''),
  }).strict().default({ slots: [], timeZone: '', note: '' }),
  /** For the mediator only. */
  positionStatement: plainText('position statement', 20_000).default(''),
  goodOutcome: plainText('good outcome', 4000).default(''),
  /** Answers to the mediator's own questions, by question id. */
  custom: z.record(idSchema, plainText('answer', 4000)).default({}).refine((r) => Object.keys(r).length <= 30, 'at most 30 answers'),
  screening: screeningAnswersSchema.nullable().default(null),
  /** The scheduling poll: which proposed times suit them, by option id. */
  poll: z.record(idSchema, z.enum(['yes', 'no'])).default({}).refine((r) => Object.keys(r).length <= 10, 'at most 10 answers'),
}).strict();
export type IntakeAnswers = z.infer<typeof intakeAnswersSchema>;
export type IntakeAnswersInput = z.input<typeof intakeAnswersSchema>;

/** Saving (as they go, or finishing). */
export const saveIntakeBodySchema = z.object({ answers: intakeAnswersSchema, submit: z.boolean().default(false) }).strict();
export type SaveIntakeBody = z.input<typeof saveIntakeBodySchema>;

export const intakeQuestionSchema = z.object({ id: idSchema, text: plainText('question', 500).pipe(z.string().trim().min(1, 'question is required')) }).strict();
export type IntakeQuestion = z.infer<typeof intakeQuestionSchema>;

/** A time the mediator proposes for the session (the scheduling poll). */
export const pollOptionSchema = z.object({ id: idSchema, startsAt: z.number().int().min(0).max(8_640_000_000_000), durationMinutes: z.number().int().min(15).max(24 * 60) }).strict();
export type PollOption = z.infer<typeof pollOptionSchema>;

export const intakeSettingsSchema = z.object({
  questions: z.array(intakeQuestionSchema).max(30).default([]),
  screening: z.boolean().default(false),
  poll: z.array(pollOptionSchema).max(10).default([]),
}).strict();
export type IntakeSettings = z.infer<typeof intakeSettingsSchema>;

// --- documents --------------------------------------------------------------------------------

/** What an intake upload may be: checked by content (magic bytes), not by the name or header alone. */
export const INTAKE_DOCUMENT_TYPES = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'text/plain': 'text file',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
} as const;
export type IntakeDocumentType = keyof typeof INTAKE_DOCUMENT_TYPES;
export const INTAKE_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
export const INTAKE_DOCUMENTS_PER_PERSON = 10;
/** The header that carries the file's name on upload (percent-encoded UTF-8). */
export const FILE_NAME_HEADER = 'x-file-name';
export const documentNameSchema = plainText('file name', 200).pipe(z.string().trim().min(1, 'file name is required').refine((n) => !/[/\\]/.test(n), 'file name may not contain / or \\'));

export const intakeDocumentSchema = z.object({ id: idSchema, name: z.string(), type: z.string(), size: z.number(), uploadedAt: z.number() });
export type IntakeDocument = z.infer<typeof intakeDocumentSchema>;

// --- the person's form ------------------------------------------------------------------------

export const intakeFormSchema = z.object({
  caseTitle: z.string(),
  person: z.object({ name: z.string(), role: z.string(), side: z.string().nullable() }),
  practiceName: z.string(),
  questions: z.array(intakeQuestionSchema),
  screening: z.boolean(),
  poll: z.array(pollOptionSchema),
  answers: intakeAnswersSchema,
  submittedAt: z.number().nullable(),
  updatedAt: z.number().nullable(),
  documents: z.array(intakeDocumentSchema),
  expiresAt: z.number(),
});
export type IntakeForm = z.infer<typeof intakeFormSchema>;

export const intakeSavedSchema = z.object({ updatedAt: z.number(), submittedAt: z.number().nullable() });

// --- the mediator's view ----------------------------------------------------------------------

export const INTAKE_FLAGS = ['decision-maker-absent', 'interpreter', 'accommodation', 'safety-concern', 'hard-stop', 'separate-only', 'conflicting-availability'] as const;
export const intakeFlagSchema = z.object({ kind: z.enum(INTAKE_FLAGS), text: z.string() });
export type IntakeFlag = z.infer<typeof intakeFlagSchema>;

export const intakePersonViewSchema = z.object({
  personId: idSchema,
  name: z.string(),
  role: z.string(),
  side: z.string().nullable(),
  email: z.string(),
  /** The intake link's expiry, or null when none was made yet. */
  linkExpiresAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  updatedAt: z.number().nullable(),
  submittedAt: z.number().nullable(),
  answers: intakeAnswersSchema.nullable(),
  documents: z.array(intakeDocumentSchema),
  flags: z.array(intakeFlagSchema),
  /** What the room plan takes from the answers. */
  plan: z.object({ separateOnly: z.boolean(), hardStop: z.string().nullable(), accommodations: z.array(z.string()) }),
});
export type IntakePersonView = z.infer<typeof intakePersonViewSchema>;

export const agreementSignatureViewSchema = z.object({
  participantId: idSchema,
  name: z.string(),
  role: z.string(),
  typedName: z.string(),
  at: z.number(),
  version: z.number(),
  hash: z.string(),
});
export type AgreementSignatureView = z.infer<typeof agreementSignatureViewSchema>;

export const intakeCaseViewSchema = z.object({
  caseId: idSchema,
  caseTitle: z.string(),
  settings: intakeSettingsSchema,
  people: z.array(intakePersonViewSchema),
  /** Flags about the case as a whole (no common availability). */
  caseFlags: z.array(intakeFlagSchema),
  /** The scheduling poll: for each proposed time, who said yes or no, and whose hard stop it runs past. */
  poll: z.array(pollOptionSchema.extend({ yes: z.array(z.string()), no: z.array(z.string()), pastHardStop: z.array(z.string()) })),
  sessions: z.array(z.object({
    sessionId: idSchema,
    title: z.string(),
    kind: z.string(),
    /** The agreement to mediate this session requires (version), or null. */
    agreementRequired: z.number().nullable(),
    /** Who must sign and has or has not. */
    signers: z.array(z.object({ participantId: idSchema, name: z.string(), role: z.string(), signed: agreementSignatureViewSchema.nullable() })),
  })),
});
export type IntakeCaseView = z.infer<typeof intakeCaseViewSchema>;

export const intakeLinksBodySchema = z.object({
  /** Case person ids; default: every person of the case. */
  people: z.array(idSchema).max(60).optional(),
  ttlDays: z.number().int().min(1).max(60).default(14),
  /** Email the links (people without an email are skipped); otherwise only returned. */
  email: z.boolean().default(true),
}).strict();
export type IntakeLinksBody = z.input<typeof intakeLinksBodySchema>;

export const intakeLinksResponseSchema = z.object({
  links: z.array(z.object({ personId: idSchema, name: z.string(), link: z.string(), expiresAt: z.number(), emailId: idSchema.nullable(), skipped: z.string().nullable() })),
});

// --- agreement to mediate ---------------------------------------------------------------------

export const agreementTemplateBodySchema = z.object({
  title: plainText('title', 160).pipe(z.string().trim().min(1, 'title is required')),
  text: plainText('agreement text', 50_000).pipe(z.string().trim().min(20, 'the agreement text is too short')),
}).strict();
export type AgreementTemplateBody = z.input<typeof agreementTemplateBodySchema>;

export const agreementTemplateSchema = z.object({ title: z.string(), text: z.string(), version: z.number(), updatedAt: z.number(), hash: z.string() });
export type AgreementTemplate = z.infer<typeof agreementTemplateSchema>;

export const requireAgreementBodySchema = z.object({ required: z.boolean() }).strict();

/** What a party or attorney sees in the waiting room. */
export const agreementToMediateStatusSchema = z.object({
  required: z.boolean(),
  /** Whether this person must sign (parties and attorneys). */
  mustSign: z.boolean(),
  title: z.string(),
  text: z.string(),
  version: z.number(),
  hash: z.string(),
  signed: z.object({ typedName: z.string(), at: z.number(), version: z.number(), hash: z.string() }).nullable(),
});
export type AgreementToMediateStatus = z.infer<typeof agreementToMediateStatusSchema>;

export const signAgreementToMediateBodySchema = z.object({
  typedName: plainText('typed name', 60).pipe(z.string().trim().min(1, 'type your name to sign')),
  /** The SHA-256 (hex) of the exact text the person read: a change in between refuses the signature. */
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'malformed hash'),
}).strict();
export type SignAgreementToMediateBody = z.input<typeof signAgreementToMediateBodySchema>;

/** Room roles that must sign the agreement to mediate before admission. */
export const MUST_SIGN_AGREEMENT_TO_MEDIATE: readonly string[] = ['party', 'attorney'];

// --- where the session stands -----------------------------------------------------------------

/** The stage tracker every participant sees; the mediator moves it. */
export const SESSION_STAGES = ['intake', 'agreement-signed', 'opening', 'joint', 'caucuses', 'negotiation', 'drafting', 'closing', 'follow-up'] as const;
export const sessionStageSchema = z.enum(SESSION_STAGES);
export type SessionStage = z.infer<typeof sessionStageSchema>;
export const SESSION_STAGE_LABEL: Record<SessionStage, string> = {
  intake: 'Intake', 'agreement-signed': 'Agreement signed', opening: 'Opening statements', joint: 'Joint discussion', caucuses: 'Caucuses',
  negotiation: 'Negotiation', drafting: 'Drafting', closing: 'Closing', 'follow-up': 'Follow-up',
};
/** One plain sentence on what happens next, for everyone. */
export const SESSION_STAGE_NEXT: Record<SessionStage, string> = {
  intake: 'The mediator is gathering everyone’s answers; next, everyone signs the agreement to mediate.',
  'agreement-signed': 'Everyone has signed the agreement to mediate; next, the mediator opens the session.',
  opening: 'The mediator explains the ground rules, then each side says in its own words what brought them here.',
  joint: 'Everyone talks together about the issues; the mediator may then meet each side privately.',
  caucuses: 'The mediator meets each side in private rooms; what you say there stays there unless you agree to share it.',
  negotiation: 'The sides exchange proposals, with the mediator carrying them between rooms when needed.',
  drafting: 'What was agreed is being written down; you will be able to read and suggest changes before anyone signs.',
  closing: 'The agreement is reviewed and signed, and the mediator explains what happens after today.',
  'follow-up': 'The session is over; the mediator will check in on the agreed next steps.',
};
/** Shown to everyone at the opening. */
export const GROUND_RULES: readonly string[] = [
  'One person speaks at a time.',
  'We treat each other with respect, even when we disagree.',
  'What is said here stays here; nobody records the session.',
  'Anyone can ask for a break or to speak with the mediator privately.',
];
export const sessionStageViewSchema = z.object({ stage: sessionStageSchema, at: z.number(), by: z.string() });
export type SessionStageView = z.infer<typeof sessionStageViewSchema>;
export const setStageBodySchema = z.object({ stage: sessionStageSchema }).strict();

// --- the room plan from the intake ------------------------------------------------------------

export const roomPlanPersonSchema = z.object({
  participantId: idSchema,
  name: z.string(),
  /** When they are expected (staggered starts), epoch ms. */
  arrivalAt: z.number().nullable(),
  /** When they must leave, epoch ms, and as they wrote it ("16:00 (Europe/Berlin)"). */
  hardStopAt: z.number().nullable(),
  hardStopLabel: z.string().nullable(),
  accommodations: z.array(z.string()),
  /** Separate rooms only (their preference or a safety concern: mediators only). */
  separateOnly: z.boolean(),
});
export type RoomPlanPerson = z.infer<typeof roomPlanPersonSchema>;
/** The mediator's room plan of one session (mediators only: it carries what screening found). */
export const sessionPlanSchema = z.object({ sessionHardStopAt: z.number().nullable(), people: z.array(roomPlanPersonSchema), updatedAt: z.number() });
export type SessionPlan = z.infer<typeof sessionPlanSchema>;
/** What a non-mediator learns of the plan: their own arrival time and the session-wide hard stop. */
export const myPlanSchema = z.object({ arrivalAt: z.number().nullable(), sessionHardStopAt: z.number().nullable() });
export type MyPlan = z.infer<typeof myPlanSchema>;
const epoch = z.number().int().min(0).max(8_640_000_000_000);
export const setSessionPlanBodySchema = z.object({
  /** Arrival times by case person id (null: with everyone). */
  arrivals: z.record(idSchema, epoch.nullable()).default({}).refine((r) => Object.keys(r).length <= 60, 'too many people'),
  sessionHardStopAt: epoch.nullable().default(null),
}).strict();
export type SetSessionPlanBody = z.input<typeof setSessionPlanBodySchema>;

// --- mediator-only case notes (the pre-mediation call) ----------------------------------------

export const addCaseNoteBodySchema = z.object({
  /** The pre-mediation call (a session of the case) the note is about, or none. */
  sessionId: idSchema.nullable().default(null),
  text: plainText('note', 10_000).pipe(z.string().trim().min(1, 'the note is empty')),
}).strict();
export type AddCaseNoteBody = z.input<typeof addCaseNoteBodySchema>;
export const caseNoteSchema = z.object({ id: idSchema, sessionId: idSchema.nullable(), at: z.number(), authorName: z.string(), text: z.string() });
export const caseNotesSchema = z.object({ notes: z.array(caseNoteSchema) });
export type CaseNote = z.infer<typeof caseNoteSchema>;
