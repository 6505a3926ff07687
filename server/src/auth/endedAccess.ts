/**
 * Access to a session's documents after it ended: the phase rule of shared/policy
 * (`recordAccess`) applied to a document. Read at most; nothing is writable after the end. Shared
 * policy over the stores (like the rest of auth/), so the collaboration feature does not import
 * the caucus-history feature that records the visits.
 */
import { isCaucus, isMediatorRole, recordAccess, sessionPhase, type DocRef, type Holding, type RecordOperation } from '@mediation/shared';
import type { AppContext, ParticipantRecord, SessionRecord } from '../contracts.js';

export function holdingOf(doc: DocRef): Holding {
  if (doc.kind === 'agreement') return 'agreement';
  if (doc.kind === 'notes') return 'mediator-notes';
  return isCaucus(doc.scope) ? 'caucus-material' : 'joint-board';
}

/**
 * A caucus's material is a side's own when everyone who was ever in that caucus (mediators
 * aside) was of that one side, and this person was among them. A caucus two sides used, or one
 * the person never entered, is nobody's after the end but the mediators': material stays at
 * least as private as it was live, also for a late entrant of another side.
 */
export async function ownsCaucus(ctx: Pick<AppContext, 'stores'>, sessionId: string, space: DocRef['scope'], person: ParticipantRecord): Promise<boolean> {
  if (space === 'mediators' || !isCaucus(space) || person.side === null) return false;
  const visitors = (await ctx.stores.caucusHistory.visitors(sessionId, space)).filter((v) => !isMediatorRole(v.role));
  if (!visitors.some((v) => v.participantId === person.id)) return false;
  const sides = new Set(visitors.filter((v) => v.side !== null || v.role === 'party' || v.role === 'attorney').map((v) => v.side));
  return sides.size === 1 && sides.has(person.side);
}

export async function endedDocAccess(ctx: Pick<AppContext, 'stores' | 'config'>, session: SessionRecord, person: ParticipantRecord, doc: DocRef, op: RecordOperation = 'read'): Promise<'read' | 'none'> {
  const phase = sessionPhase(session, Date.now(), ctx.config.retentionDays);
  const holding = holdingOf(doc);
  const ownSide = holding === 'caucus-material' && (await ownsCaucus(ctx, session.id, doc.scope, person));
  return recordAccess(phase, { role: person.role, ownSide }, holding, op) ? 'read' : 'none';
}
