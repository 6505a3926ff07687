/**
 * Who was in which caucus, kept for after the session ends. While a session is live, caucus
 * material is read from where people are now; once it ended nobody is anywhere, so the record
 * rule ("your own side's caucus material", `recordAccess` in shared/policy) needs to know whose a
 * caucus was. Every entry into a caucus (a join, a move, a knock answered) is written to the
 * caucus history store (`ctx.stores.caucusHistory`) from the `spaceChanged` hook, with the
 * person's side and the time of the entry.
 */
import { isCaucus, type Role, type Side } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import type { Feature } from '../features.js';

export interface CaucusVisitor {
  participantId: string;
  role: Role;
  side: Side;
  firstAt: number;
}

/** Records every entry into a caucus (joins, moves, answered knocks) as it happens. */
export function caucusHistoryFeature(): Feature {
  let ctx: AppContext | null = null;
  return {
    name: 'caucusHistory',
    attach(c) {
      ctx = c;
    },
    onSpaceChanged(e) {
      if (!ctx || e.to === null || !isCaucus(e.to)) return;
      const { stores, log } = ctx;
      const space = e.to;
      // The hook is synchronous; the time is the entry's, whenever the write lands.
      const at = Date.now();
      void (async () => {
        const p = await stores.sessions.getParticipant(e.participantId);
        if (p) await stores.caucusHistory.recordVisit(e.sessionId, space, { participantId: p.id, role: p.role, side: p.side, at });
      })().catch((err: unknown) => log.error({ err, sessionId: e.sessionId, space }, 'caucus visit could not be recorded'));
    },
  };
}
