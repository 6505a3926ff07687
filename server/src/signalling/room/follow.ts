/**
 * Interpreters and captioners follow whom they serve. Pure: given the people (as RoomState holds
 * them), where a follower belongs. RoomState applies it inside every command that moves someone,
 * in the same change record, so there is no moment where a person is in a caucus and their
 * interpreter is not (or the other way round).
 *
 * The rule, over people's *space* (online or not: an offline person keeps their place):
 * - bound to a person: the person's space, unless that person waits in (or was never let out of)
 *   the waiting room or is removed; then the follower stays where they are.
 * - bound to a side: the follower stays while someone of that side (not a mediator, follower or
 *   waiting) is in the follower's space; when the last of them leaves, the follower goes where
 *   most of that side now is (first in the list on a tie).
 * - a follower who is in the waiting room is not pulled out by their person's moves: admission is
 *   the mediator's act (admitted, they go straight to their person).
 */
import { isFollowerRole, isMediatorRole, LOBBY, type Binding, type PersonState, type Role, type Side, type SpaceId } from '@mediation/shared';

export interface Placed {
  readonly id: string;
  readonly role: Role;
  readonly side: Side;
  readonly state: PersonState;
  readonly space: SpaceId;
  readonly interpretsFor: Binding | null;
}

/** Where someone is, possibly as a command is about to leave them (`spaceOf` overrides). */
export type SpaceOf = (p: Placed) => SpaceId;

const served = (p: Placed, spaceOf: SpaceOf): boolean =>
  p.state !== 'removed' && p.state !== 'invited' && !isMediatorRole(p.role) && !isFollowerRole(p.role) && spaceOf(p) !== LOBBY;

/** The space `follower` belongs in, or null when whom they serve is nowhere to follow. */
export function boundSpace(follower: Placed, people: Iterable<Placed>, spaceOf: SpaceOf = (p) => p.space): SpaceId | null {
  const binding = follower.interpretsFor;
  if (!binding || !isFollowerRole(follower.role) || follower.state === 'removed') return null;
  if ('participantId' in binding) {
    for (const p of people) if (p.id === binding.participantId) return served(p, spaceOf) ? spaceOf(p) : null;
    return null;
  }
  const counts = new Map<SpaceId, number>();
  for (const p of people) if (p.side === binding.side && served(p, spaceOf)) counts.set(spaceOf(p), (counts.get(spaceOf(p)) ?? 0) + 1);
  const here = spaceOf(follower);
  if (counts.has(here)) return here;
  let best: SpaceId | null = null;
  for (const [space, n] of counts) if (best === null || n > counts.get(best)!) best = space;
  return best;
}

/** Followers who must move now, and where to (followers in the waiting room wait for admission). */
export function followerMoves(people: readonly Placed[]): Array<{ id: string; to: SpaceId }> {
  const out: Array<{ id: string; to: SpaceId }> = [];
  for (const f of people) {
    if (!f.interpretsFor || f.state === 'removed' || f.space === LOBBY) continue;
    const to = boundSpace(f, people);
    if (to !== null && to !== f.space) out.push({ id: f.id, to });
  }
  return out;
}

/** Who `binding` names, for messages ("Ana", "Claimant"). */
export const servedName = (binding: Binding, nameOf: (id: string) => string | undefined): string =>
  'participantId' in binding ? nameOf(binding.participantId) ?? 'their person' : `side ${binding.side}`;
