/**
 * The follow-up plan of a session: the mediator saves it at the closing stage (items, discovery
 * plan, a firm follow-up date), each person confirms the email it will go to, and each person
 * reads only the items that concern them (`itemConcerns`: their own, their side's, everyone's).
 * A side's item never reaches the other side, on the page or (closing.ts) by email.
 */
import {
  ErrorCode, LINK_TTL_MAX_HOURS, fail, isMediatorRole, itemConcerns, ok,
  type ActionItem, type PlanView, type Result, type savePlanBodySchema,
} from '@mediation/shared';
import type { z } from 'zod';
import type { AppContext, ParticipantRecord } from '../contracts.js';
import { newId } from '../ids.js';
import type { ItemRecord, PlanRecord } from '../storage/followupTypes.js';
import { ownerLabel, todayOf } from './words.js';
import { sessionAddresses, type Address } from '../people/addresses.js';

type SaveBody = z.output<typeof savePlanBodySchema>;

/** The people a plan goes to: everyone invited but the mediators, unless their link was withdrawn. */
export const recipientsOf = (people: readonly ParticipantRecord[]): ParticipantRecord[] => people.filter((p) => !isMediatorRole(p.role) && !p.revoked);

export function itemView(i: ItemRecord, people: ReadonlyMap<string, ParticipantRecord>): ActionItem {
  return { id: i.id, what: i.what, owner: i.owner, ownerLabel: ownerLabel(i.owner, people), due: i.due, clause: i.clause, status: i.status, note: i.note, updatedAt: i.statusAt };
}

/** The emails the plan will use (people/addresses.ts); mediators get theirs through the practice. */
export async function planEmails(ctx: AppContext, sessionId: string): Promise<Map<string, Address>> {
  return sessionAddresses(ctx, sessionId);
}

export async function planView(ctx: AppContext, sessionId: string, caller: ParticipantRecord): Promise<PlanView> {
  const plans = ctx.stores.followup.plans;
  const participants = await ctx.stores.sessions.listParticipants(sessionId);
  const people = new Map(participants.map((p) => [p.id, p]));
  const plan = await plans.getPlan(sessionId);
  const me = { participantId: caller.id, role: caller.role, side: caller.side };
  const items = (await plans.listItems(sessionId)).filter((i) => itemConcerns(i.owner, me)).map((i) => itemView(i, people));
  const emails = await planEmails(ctx, sessionId);
  const mine = emails.get(caller.id);
  const byEmail = (await ctx.stores.followup.plans.sessionCase(sessionId)) !== null;
  return {
    sessionId,
    items,
    discovery: plan?.discovery ?? '',
    followUp: plan?.followUp ?? null,
    followUpScheduled: plan?.followUpSessionId != null,
    people: isMediatorRole(caller.role)
      ? recipientsOf(participants).map((p) => ({ participantId: p.id, name: p.displayName, role: p.role, side: p.side, email: emails.get(p.id)?.email ?? null, confirmed: emails.get(p.id)?.confirmed ?? false }))
      : [],
    byEmail,
    me: { email: mine?.email ?? null, confirmed: mine?.confirmed ?? false },
    updatedAt: plan?.updatedAt ?? null,
  };
}

/** Validates the plan against the session (owners exist, dates make sense) and stores it whole. */
export async function savePlan(ctx: AppContext, sessionId: string, body: SaveBody, now = Date.now()): Promise<Result<void>> {
  const participants = await ctx.stores.sessions.listParticipants(sessionId);
  const recipients = recipientsOf(participants);
  const sides = new Set(recipients.map((p) => p.side).filter((s): s is string => s !== null));
  const existing = new Set((await ctx.stores.followup.plans.listItems(sessionId)).map((i) => i.id));
  const today = todayOf(now);
  for (const [n, item] of body.items.entries()) {
    const where = `Action item ${n + 1}`;
    if (item.owner.kind === 'person' && !recipients.some((p) => p.id === (item.owner as { participantId: string }).participantId)) {
      return fail(ErrorCode.BAD_REQUEST, `${where}: that person is not in this session.`);
    }
    if (item.owner.kind === 'side' && !sides.has(item.owner.side)) return fail(ErrorCode.BAD_REQUEST, `${where}: nobody in this session is on the “${item.owner.side}” side.`);
    if (item.due < today) return fail(ErrorCode.BAD_REQUEST, `${where}: the due date is in the past.`);
    if (item.id !== undefined && !existing.has(item.id)) return fail(ErrorCode.BAD_REQUEST, `${where} is not in this plan (reload the plan).`);
  }
  if (body.followUp) {
    if (body.followUp.startsAt < now + 3600_000) return fail(ErrorCode.BAD_REQUEST, 'The follow-up must be at least an hour from now.');
    // Its links last until a day after it ends, and links last at most 90 days.
    const hoursNeeded = (body.followUp.startsAt + body.followUp.durationMinutes * 60_000 - now) / 3600_000 + 24;
    if (hoursNeeded > LINK_TTL_MAX_HOURS) return fail(ErrorCode.BAD_REQUEST, `The follow-up can be at most ${LINK_TTL_MAX_HOURS / 24 - 1} days ahead.`);
  }
  const plan: PlanRecord = { sessionId, discovery: body.discovery, followUp: body.followUp, followUpSessionId: null, updatedAt: now };
  await ctx.stores.followup.plans.savePlan(plan, body.items.map((i, position) => ({
    id: i.id ?? newId(), sessionId, position, what: i.what, owner: i.owner, due: i.due, clause: i.clause,
  })));
  return ok(undefined);
}
