/**
 * Live private scores: when someone on a side scores an option, the other members of that side
 * who can see the board hear of it at once, so nobody overwrites a score they have not seen.
 *
 * Scores never enter a shared Yjs document (every member of a space syncs it, whatever their
 * side), so this goes over socket.io, through the room's egress like every other notification:
 * one recipient at a time, with the board's space on the `doc` channel as the audience, which the
 * egress checks against where the recipient is at the moment of sending (someone of the side who
 * is in another caucus or the waiting room gets nothing). Who is "of the side" is decided here,
 * from the stored participant records (a side is fixed by the invite, never by the client).
 */
import type { SideScore, SpaceId } from '@mediation/shared';
import type { AppContext } from '../contracts.js';

/** Roles whose side scores options (mediators and observers do not score, nor hear of scores). */
export const SCORING_ROLES: ReadonlySet<string> = new Set(['party', 'attorney']);

/** Sends `score` to every other live member of `side`; returns how many it reached. */
export async function notifySide(ctx: AppContext, sessionId: string, side: string, scorerId: string, score: SideScore): Promise<number> {
  let sent = 0;
  for (const p of await ctx.stores.sessions.listParticipants(sessionId)) {
    if (p.id === scorerId || p.revoked || p.side !== side || !SCORING_ROLES.has(p.role)) continue;
    if (ctx.notifier.sendTo(sessionId, p.id, 'board:scored', score, { kind: 'space', space: score.space as SpaceId, channel: 'doc' })) sent++;
  }
  return sent;
}
