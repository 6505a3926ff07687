/**
 * Reminder emails before a scheduled case session (issue 13): 24 hours and 1 hour before each
 * invited person's own time to join (their planned arrival for a staggered start, else the
 * session's start), with their personal link. They are durable jobs (jobs/scheduler.ts) scheduled
 * when the invitation is emailed, keyed by session, person, kind and the time to join: scheduling
 * twice (a re-sent invitation) keeps one job, a restart keeps them, and a moved time makes new
 * keys while the stale job, when it comes due, sees that the time moved, sends nothing and
 * schedules the reminders of the new time.
 * Everything is checked again when a reminder comes due: a withdrawn or expired link, an ended
 * session or a person without an email address gets nothing.
 */
import type { AppContext } from '../contracts.js';
import { Scheduler, registerScheduler, type JobHandler } from '../jobs/scheduler.js';
import type { CaseRecord, CaseSessionRecord } from '../storage/practiceTypes.js';
import { historyText, joinLink } from './views.js';
import { kindInSentence, kindLabel, msg } from '../i18n/catalog.js';
import { languageOfPerson } from '../i18n/personLanguage.js';
import { whenFor } from '../i18n/when.js';

export const REMINDER_JOB = 'practice.sessionReminder';
const BEFORE = { day: 24 * 3600_000, hour: 3600_000 } as const;
type ReminderKind = keyof typeof BEFORE;

interface ReminderPayload {
  caseId: string;
  sessionId: string;
  personId: string;
  kind: ReminderKind;
  joinAt: number;
}

export interface SessionReminders {
  /** Schedules the reminders of these invitees of `s` (those just sent their invitation); returns
   * how many new jobs were added. */
  scheduleFor(s: CaseSessionRecord, personIds: readonly string[], now?: number): Promise<number>;
}

/** The person's time to join: the planned arrival if it falls within the session, else its start
 * (the same rule as the invitation's "Please join at"). Null for an unscheduled session. */
async function joinAtOf(ctx: AppContext, s: CaseSessionRecord, participantId: string): Promise<number | null> {
  if (s.startsAt === null) return null;
  const ends = s.startsAt + s.durationMinutes * 60_000;
  const plan = await ctx.stores.intake.plans.get(s.sessionId);
  const arrivalAt = plan?.people.find((x) => x.participantId === participantId)?.arrivalAt ?? null;
  return arrivalAt !== null && arrivalAt < ends ? arrivalAt : s.startsAt;
}

async function isOver(ctx: AppContext, sessionId: string): Promise<boolean> {
  const session = await ctx.stores.sessions.getSession(sessionId);
  return !session || session.endedAt !== null;
}

/** Starts the practice's reminder scheduler (stopped with the app) and returns its scheduling call. */
export function startSessionReminders(ctx: AppContext, clock?: () => number): SessionReminders {
  // A job that finds the time moved (a later arrival in the plan) schedules the new time's reminders.
  const rescheduler: SessionReminders = { scheduleFor: (s, ids, now) => reminders.scheduleFor(s, ids, now) };
  const scheduler = new Scheduler({ store: ctx.stores.followup.jobs, log: ctx.log, clock, handlers: { [REMINDER_JOB]: sendReminder(ctx, rescheduler) } });
  const unregister = registerScheduler(ctx, scheduler);
  ctx.onClose(async () => {
    unregister();
    await scheduler.close();
  });
  scheduler.start();
  const reminders: SessionReminders = {
    async scheduleFor(s, personIds, at) {
      if (s.startsAt === null || (await isOver(ctx, s.sessionId))) return 0;
      const participants = new Map((await ctx.stores.sessions.listParticipants(s.sessionId)).map((p) => [p.id, p]));
      // A job passes the moment it runs at (tests move it forward); the routes use the clock.
      const now = at ?? scheduler.clock();
      let added = 0;
      for (const personId of new Set(personIds)) {
        const invitee = s.invitees.find((i) => i.personId === personId);
        const participant = invitee ? participants.get(invitee.participantId) : undefined;
        if (!invitee || !participant || participant.revoked) continue;
        const joinAt = await joinAtOf(ctx, s, participant.id);
        if (joinAt === null) continue;
        for (const kind of Object.keys(BEFORE) as ReminderKind[]) {
          const runAt = joinAt - BEFORE[kind];
          // A reminder whose moment has passed (a session tomorrow morning has no 24-hour one) is not sent late.
          if (runAt <= now) continue;
          const payload: ReminderPayload = { caseId: s.caseId, sessionId: s.sessionId, personId, kind, joinAt };
          if (await scheduler.schedule(`${REMINDER_JOB}:${s.sessionId}:${personId}:${kind}:${joinAt}`, REMINDER_JOB, runAt, { ...payload })) added += 1;
        }
      }
      return added;
    },
  };
  return reminders;
}

function sendReminder(ctx: AppContext, reschedule: SessionReminders): JobHandler {
  return async (job, now) => {
    const { caseId, sessionId, personId, kind, joinAt } = job.payload as unknown as ReminderPayload;
    const cases = ctx.stores.practice.cases;
    const s = await cases.getSession(caseId, sessionId);
    if (!s || (await isOver(ctx, sessionId))) return;
    const invitee = s.invitees.find((i) => i.personId === personId);
    const participant = invitee ? (await ctx.stores.sessions.listParticipants(sessionId)).find((p) => p.id === invitee.participantId) : undefined;
    if (!invitee || !participant || participant.revoked || participant.expiresAt <= now) return;
    // The time moved since this job was scheduled: this one is void, and the new time gets its own
    // reminders (those still ahead; re-sending the invitation after moving someone earlier does too).
    if ((await joinAtOf(ctx, s, participant.id)) !== joinAt) {
      await reschedule.scheduleFor(s, [personId], now);
      return;
    }
    const lead = await ctx.stores.practice.accounts.getMediator(s.mediators[0]?.mediatorId ?? '');
    const practice = lead ? await ctx.stores.practice.accounts.getPractice(lead.practiceId) : null;
    const c: CaseRecord | null = practice ? await cases.getCase(practice.id, caseId) : null;
    const person = (await cases.listPeople(caseId)).find((p) => p.id === personId);
    if (!lead || !practice || !c || !person?.email) return;

    // In the person's language; the time in UTC, named (as the invitation says it).
    const lng = await languageOfPerson(ctx, caseId, person);
    const label = kindLabel(lng, s.kind);
    const link = joinLink(ctx, participant.token);
    const soon = msg(lng, kind === 'day' ? 'reminder.tomorrow' : 'reminder.inOneHour');
    const text = [
      msg(lng, 'greeting', { name: person.name }), '',
      msg(lng, 'reminder.body', { kindLower: kindInSentence(lng, s.kind), case: c.title, mediator: lead.name, practice: practice.name, soon }), '',
      msg(lng, 'reminder.joinAt', { joinAt: whenFor(lng, joinAt) }), '',
      msg(lng, 'invitation.personal'), link, '',
      msg(lng, 'reminder.noAccount'),
    ].join('\n');
    const email = await ctx.mailer.send({ practiceId: practice.id, caseId, to: person.email, subject: msg(lng, 'reminder.subject', { kind: label, soon, case: c.title }), text, calendar: null });
    await cases.appendHistory(caseId, {
      at: email.createdAt, actorId: lead.id, actorName: lead.name,
      kind: email.status === 'sent' ? 'email.sent' : email.status === 'outbox' ? 'email.outbox' : 'email.failed',
      text: historyText.email(email.to, person.name, email.subject, email.status),
    });
    // Not delivered: the scheduler tries again later (a few times).
    if (email.status === 'failed') throw new Error(email.error ?? 'the reminder could not be sent');
  };
}
