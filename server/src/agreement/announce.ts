/**
 * Tells the people who may read a change of the agreement that it changed, so their open panel
 * refetches at once instead of polling. The hint (`agreement:changed`) carries no content: what
 * each person then sees is the per-caller state of the HTTP API.
 *
 * Every hint goes to one recipient at a time through the room's egress (`ctx.notifier`), with the
 * audience the material itself has, checked against where the recipient is at that moment:
 * - the joint agreement: the joint space's `doc` channel (people in the joint room, and mediators
 *   wherever they are: exactly who may open the joint agreement, see `docAccess`);
 * - a caucus proposal: that caucus's `doc` channel (its members and the mediators). A party in
 *   another caucus, or in the joint room, gets nothing, not even the hint that something happened.
 * The person who made the change is skipped: their own page refetches after the request anyway.
 */
import { JOINT, type AgreementChange, type SpaceId } from '@mediation/shared';
import type { AppContext } from '../contracts.js';

export interface Announcement {
  sessionId: string;
  what: AgreementChange;
  /** The caucus a proposal came from (as stored with it); absent for the joint agreement. */
  caucus?: string;
  /** Who made the change. */
  actorId?: string;
}

/** Sends the hint to every live participant the audience allows; resolves to how many it reached. */
export async function announceAgreementChange(ctx: AppContext, a: Announcement): Promise<number> {
  const space = (a.caucus ?? JOINT) as SpaceId;
  const payload = { sessionId: a.sessionId, what: a.what, at: Date.now() };
  let sent = 0;
  for (const p of await ctx.stores.sessions.listParticipants(a.sessionId)) {
    if (p.revoked || p.id === a.actorId) continue;
    if (ctx.notifier.sendTo(a.sessionId, p.id, 'agreement:changed', payload, { kind: 'space', space, channel: 'doc' })) sent++;
  }
  return sent;
}

/** Fire and forget, for the service: a hint that cannot be sent must never fail the change. */
export function announce(ctx: AppContext, a: Announcement): void {
  announceAgreementChange(ctx, a).catch((err: unknown) => ctx.log.warn({ err, sessionId: a.sessionId, what: a.what }, 'agreement change hint not sent'));
}
