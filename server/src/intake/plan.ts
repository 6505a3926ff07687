/**
 * The room plan from the intake (issue 13): for each person invited to a case session, when they
 * are expected (staggered starts), when they must leave (their hard stop on the session's day, in
 * their time zone), their accommodations and whether they stay in separate rooms only. Made by the
 * mediator from the intake view; read by the control tower. Only mediators read the whole plan:
 * "separate rooms only" can come from a safety concern. Everyone else learns their own arrival
 * time and the session-wide hard stop.
 */
import { isMediatorRole, type IntakeAnswers, type MyPlan, type SessionPlan, type SetSessionPlanBody } from '@mediation/shared';
import type { z } from 'zod';
import type { AppContext, ParticipantRecord } from '../contracts.js';
import type { CaseSessionRecord } from '../storage/practiceTypes.js';
import { planOf, utcMinutes } from './flags.js';

type Body = z.output<typeof import('@mediation/shared').setSessionPlanBodySchema>;

/** The hard stop as an instant on the session's day (its start, or today), in the person's zone. */
export function hardStopInstant(a: IntakeAnswers, day: number): number | null {
  if (!a.hardStop.time) return null;
  const zone = a.hardStop.timeZone || 'UTC';
  // The session's calendar day in the person's own zone.
  let date: string;
  try {
    date = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(day));
  } catch {
    date = new Date(day).toISOString().slice(0, 10);
  }
  const m = utcMinutes(date, a.hardStop.time, zone);
  return m === null ? null : m * 60_000;
}

export async function buildPlan(ctx: AppContext, s: CaseSessionRecord, body: Body | SetSessionPlanBody): Promise<SessionPlan> {
  const arrivals = body.arrivals ?? {};
  const responses = await ctx.stores.intake.forms.listResponses(s.caseId);
  const people = await ctx.stores.practice.cases.listPeople(s.caseId);
  const day = s.startsAt ?? Date.now();
  return {
    sessionHardStopAt: body.sessionHardStopAt ?? null,
    updatedAt: Date.now(),
    people: s.invitees.flatMap((i) => {
      const person = people.find((p) => p.id === i.personId);
      if (!person) return [];
      const answers = responses.find((r) => r.personId === i.personId)?.answers;
      const plan = answers ? planOf(answers) : { separateOnly: false, hardStop: null, accommodations: [] };
      return [{
        participantId: i.participantId, name: person.name, arrivalAt: arrivals[i.personId] ?? null,
        hardStopAt: answers ? hardStopInstant(answers, day) : null, hardStopLabel: plan.hardStop, accommodations: plan.accommodations, separateOnly: plan.separateOnly,
      }];
    }),
  };
}

/** The plan as `p` may read it: all of it for a mediator, their own arrival otherwise. */
export async function planFor(ctx: AppContext, p: ParticipantRecord): Promise<SessionPlan | MyPlan | null> {
  const plan = await ctx.stores.intake.plans.get(p.sessionId);
  if (isMediatorRole(p.role)) {
    if (!plan) return null;
    const { caseId: _c, ...rest } = plan;
    return rest;
  }
  return { arrivalAt: plan?.people.find((x) => x.participantId === p.id)?.arrivalAt ?? null, sessionHardStopAt: plan?.sessionHardStopAt ?? null };
}

/** Tells everyone in the session that the plan changed (a content-free hint: each refetches their
 * own view), so the tower's badges and everyone's hard-stop notice follow at once, not a minute later. */
export async function announcePlanChange(ctx: AppContext, sessionId: string): Promise<void> {
  const at = Date.now();
  for (const p of await ctx.stores.sessions.listParticipants(sessionId)) {
    if (!p.revoked) ctx.notifier.sendTo(sessionId, p.id, 'plan:changed', { sessionId, at }, { kind: 'self', participantId: p.id });
  }
}
