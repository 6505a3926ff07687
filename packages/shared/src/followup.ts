/**
 * After the session (issue 14): the follow-up plan made at the closing stage, check-ins on its
 * action items, and satisfaction surveys, as they cross the wire. The server decides who sees
 * which item (`itemConcerns`): a person reads the items they or their side own and the ones for
 * everyone, never another side's.
 */
import { z } from 'zod';
import { idSchema, isMediatorRole, type Role, type Side } from './domain.js';
import { humanIdentifier } from './names.js';
import { emailSchema } from './practice.js';

// --- the plan ---------------------------------------------------------------------------------

/** Who does an action item: one person of the session, one side, or everyone. */
export const itemOwnerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), participantId: idSchema }).strict(),
  z.object({ kind: z.literal('side'), side: humanIdentifier({ label: 'side', max: 40 }) }).strict(),
  z.object({ kind: z.literal('everyone') }).strict(),
]);
export type ItemOwner = z.infer<typeof itemOwnerSchema>;

/** A calendar day, as people agree deadlines ("by 15 March"), not an instant. */
export const dueDateSchema = z.iso.date('due date must be a date like 2027-03-15');

const planText = (label: string, max: number) => z.string().normalize('NFC').trim().max(max, `${label} must be at most ${max} characters`);

export const actionItemInputSchema = z.object({
  /** Kept when the mediator edits the plan (check-ins stay with their item); new items have none. */
  id: idSchema.optional(),
  what: humanIdentifier({ label: 'action item', max: 300 }),
  owner: itemOwnerSchema,
  due: dueDateSchema,
  /** Optional link to a clause of the agreement ("clause 3", "Payment schedule"). */
  clause: planText('clause', 120).default(''),
}).strict();
export type ActionItemInput = z.input<typeof actionItemInputSchema>;

export const followUpMeetingSchema = z.object({
  /** Epoch ms; a firm date and time, so at least a little in the future when set. */
  startsAt: z.number().int().min(0).max(8_640_000_000_000),
  durationMinutes: z.number().int().min(15).max(8 * 60).default(60),
  purpose: planText('purpose', 500).default(''),
}).strict();

export const LIMITS_FOLLOWUP = { items: 40, discoveryChars: 4000 } as const;

/** The mediator saves the whole plan at once (the closing panel is one form). */
export const savePlanBodySchema = z.object({
  items: z.array(actionItemInputSchema).max(LIMITS_FOLLOWUP.items, `a plan has at most ${LIMITS_FOLLOWUP.items} action items`),
  discovery: planText('discovery plan', LIMITS_FOLLOWUP.discoveryChars).default(''),
  followUp: followUpMeetingSchema.nullable().default(null),
}).strict();
export type SavePlanBody = z.input<typeof savePlanBodySchema>;

export const confirmEmailBodySchema = z.object({ email: emailSchema }).strict();
export type ConfirmEmailBody = z.input<typeof confirmEmailBodySchema>;

export const CHECKIN_STATUSES = ['done', 'not-done', 'needs-help'] as const;
export const checkinStatusSchema = z.enum(CHECKIN_STATUSES);
export type CheckinStatus = z.infer<typeof checkinStatusSchema>;
export const ITEM_STATUSES = ['open', ...CHECKIN_STATUSES] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const CHECKIN_STATUS_LABEL: Record<ItemStatus, string> = { open: 'Not reported yet', done: 'Done', 'not-done': 'Not done', 'needs-help': 'Needs help' };

/** A check-in or survey link's secret (from the email's fragment). */
export const linkKeySchema = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, 'That link is not complete; open it from the email again.');

export const checkinBodySchema = z.object({
  key: linkKeySchema,
  status: checkinStatusSchema,
  note: planText('note', 2000).default(''),
}).strict();
export type CheckinBody = z.input<typeof checkinBodySchema>;

export const actionItemSchema = z.object({
  id: idSchema,
  what: z.string(),
  owner: itemOwnerSchema,
  /** "Ana Diaz", "Claimant side", "Everyone". */
  ownerLabel: z.string(),
  due: z.string(),
  clause: z.string(),
  status: z.enum(ITEM_STATUSES),
  note: z.string(),
  updatedAt: z.number().nullable(),
});
export type ActionItem = z.infer<typeof actionItemSchema>;

export const planPersonSchema = z.object({
  participantId: idSchema,
  name: z.string(),
  role: z.string(),
  side: z.string().nullable(),
  email: z.string().nullable(),
  confirmed: z.boolean(),
});

export const planViewSchema = z.object({
  sessionId: idSchema,
  /** Mediators see every item; anyone else only the ones that concern them. */
  items: z.array(actionItemSchema),
  discovery: z.string(),
  followUp: z.object({ startsAt: z.number(), durationMinutes: z.number(), purpose: z.string() }).nullable(),
  /** Set once the follow-up session was created in the case (after the end). */
  followUpScheduled: z.boolean(),
  /** Mediators: who will get the plan, with the email they confirmed (or the case's, unconfirmed). */
  people: z.array(planPersonSchema),
  /** Whether the plan, reminders and survey go out by email (sessions created from a practice's
   * case); an anonymous session's plan is on its ended page only. */
  byEmail: z.boolean(),
  /** The caller's own follow-up email. */
  me: z.object({ email: z.string().nullable(), confirmed: z.boolean() }),
  updatedAt: z.number().nullable(),
});
export type PlanView = z.infer<typeof planViewSchema>;

export const checkinViewSchema = z.object({
  sessionTitle: z.string(),
  item: actionItemSchema,
});
export type CheckinView = z.infer<typeof checkinViewSchema>;

/** Where an item stands on the mediator's follow-up board. */
export const BOARD_STATES = ['done', 'needs-help', 'overdue', 'due', 'upcoming', 'not-done'] as const;
export type BoardState = (typeof BOARD_STATES)[number];
export const followupBoardSchema = z.object({
  items: z.array(actionItemSchema.extend({ sessionId: idSchema, sessionTitle: z.string(), state: z.enum(BOARD_STATES) })),
});
export type FollowupBoard = z.infer<typeof followupBoardSchema>;

/** The board's state of an item on `today` (YYYY-MM-DD, the practice's day). */
export function boardState(item: Pick<ActionItem, 'status' | 'due'>, today: string): BoardState {
  if (item.status === 'done') return 'done';
  if (item.status === 'needs-help') return 'needs-help';
  if (item.due < today) return 'overdue';
  if (item.due === today) return 'due';
  return item.status === 'not-done' ? 'not-done' : 'upcoming';
}

/** Whether an item is this person's to read: theirs, their side's, or everyone's. Mediators read all. */
export function itemConcerns(owner: ItemOwner, person: { participantId: string; role: Role; side: Side }): boolean {
  if (isMediatorRole(person.role)) return true;
  if (owner.kind === 'everyone') return true;
  if (owner.kind === 'person') return owner.participantId === person.participantId;
  return person.side !== null && owner.side === person.side;
}

// --- satisfaction surveys ---------------------------------------------------------------------

/** Agreement items (1 strongly disagree … 5 strongly agree), modelled on the RSI/ABA model surveys. */
export const SURVEY_ITEMS = {
  explained: 'The mediator explained the process clearly.',
  heard: 'I had a chance to say what mattered to me.',
  neutral: 'The mediator was neutral.',
  notPressured: 'I did not feel pressured to settle.',
  workable: 'The agreement (if any) is workable.',
  satisfied: 'Overall, I am satisfied with the mediation.',
} as const;
export type SurveyItem = keyof typeof SURVEY_ITEMS;
/** The mediator's short self-report. */
export const SELF_REPORT_ITEMS = {
  prepared: 'The parties were prepared.',
  progress: 'The session made real progress.',
  processFit: 'The process suited this dispute.',
} as const;
export type SelfReportItem = keyof typeof SELF_REPORT_ITEMS;

export const SURVEY_VARIANTS = ['party', 'counsel', 'mediator'] as const;
export type SurveyVariant = (typeof SURVEY_VARIANTS)[number];
export const surveyVariantOf = (role: Role): SurveyVariant | null =>
  role === 'party' ? 'party' : role === 'attorney' ? 'counsel' : role === 'mediator' || role === 'comediator' ? 'mediator' : null;
/** Which agreement items each variant asks (counsel answer for the process, not for feeling pressured). */
export const VARIANT_ITEMS: Record<SurveyVariant, readonly string[]> = {
  party: Object.keys(SURVEY_ITEMS),
  counsel: ['explained', 'heard', 'neutral', 'workable', 'satisfied'],
  mediator: Object.keys(SELF_REPORT_ITEMS),
};

const likert = z.number().int().min(1, 'answers are 1 to 5').max(5, 'answers are 1 to 5');
export const surveyAnswerBodySchema = z.object({
  /** The survey link's secret (emailed); absent when answering from the ended page with one's own link. */
  key: linkKeySchema.optional(),
  ratings: z.record(z.string().max(40), likert).refine((r) => Object.keys(r).length <= 10, 'too many answers'),
  /** Likelihood to recommend, 0-10 (NPS); the mediator's self-report has none. */
  recommend: z.number().int().min(0, 'recommend is 0 to 10').max(10, 'recommend is 0 to 10').nullable().default(null),
  comment: planText('comment', 2000).default(''),
}).strict();
export type SurveyAnswerBody = z.input<typeof surveyAnswerBodySchema>;

export const surveyFormSchema = z.object({
  variant: z.enum(SURVEY_VARIANTS),
  sessionTitle: z.string(),
  items: z.array(z.object({ key: z.string(), text: z.string() })),
  asksRecommend: z.boolean(),
  answered: z.boolean(),
});
export type SurveyForm = z.infer<typeof surveyFormSchema>;

/** Aggregates are shown only where at least this many answers exist for the cut. */
export const SURVEY_MIN_ANSWERS = 3;

export const surveyCutSchema = z.object({
  /** "All sessions", a case title, a dispute type, a month. */
  label: z.string(),
  answers: z.number(),
  /** Null when fewer than SURVEY_MIN_ANSWERS answered (nothing about so few people is shown). */
  averages: z.record(z.string(), z.number()).nullable(),
  nps: z.number().nullable(),
});
export const surveyReportSchema = z.object({
  minAnswers: z.number(),
  cuts: z.array(surveyCutSchema),
  comments: z.array(z.string()).nullable(),
});
export type SurveyReport = z.infer<typeof surveyReportSchema>;

/** Net Promoter Score: % promoters (9-10) minus % detractors (0-6), rounded. */
export function netPromoterScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 100);
}


// --- the practice dashboard -------------------------------------------------------------------

export const dashboardSchema = z.object({
  casesByStage: z.array(z.object({ stage: z.string(), label: z.string(), count: z.number() })),
  /** Cases with a fully signed agreement, of the cases that had a session end; null when none ended. */
  settlement: z.object({ settled: z.number(), ended: z.number(), rate: z.number().nullable() }),
  /** Median days from opening the case to the agreement signed by everyone. */
  medianDaysToAgreement: z.number().nullable(),
  followUps: z.object({ total: z.number(), done: z.number(), doneOnTime: z.number(), overdue: z.number(), needsHelp: z.number() }),
  overdue: z.array(z.object({ caseTitle: z.string(), what: z.string(), ownerLabel: z.string(), due: z.string() })),
  /** Client survey answers by month; NPS only where at least SURVEY_MIN_ANSWERS answered. */
  npsByMonth: z.array(z.object({ month: z.string(), answers: z.number(), nps: z.number().nullable(), satisfied: z.number().nullable() })),
  npsByDisputeType: z.array(z.object({ disputeType: z.string(), answers: z.number(), nps: z.number().nullable() })),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
