/**
 * Interpreters and captioners bound to the person or side they serve: the checks an invitation or
 * a re-binding must pass, and the label people read ("Interpreter for Ana (Spanish)"). The moving
 * itself is the server's (server/src/signalling/room/follow.ts).
 */
import { isFollowerRole, isMediatorRole, type Binding, type Role, type Side } from './domain.js';

export interface BindablePerson {
  id: string;
  role: Role;
  side: Side;
  displayName: string;
  revoked?: boolean;
}

/**
 * Whether `follower` (an invitation or an existing person) may serve `binding` among `people`,
 * and the side the follower then carries: the bound person's or the bound side. A follower takes
 * that side so side-scoped material (board scores, caucus generations) treats them as part of the
 * side they serve, never another. A side given explicitly must agree with it.
 */
export function bindingProblem(
  follower: { id?: string; role: Role; side: Side },
  binding: Binding,
  people: readonly BindablePerson[],
): { ok: true; side: Side } | { ok: false; message: string } {
  if (!isFollowerRole(follower.role)) return { ok: false, message: 'Only interpreters and captioners are bound to someone.' };
  let side: Side;
  if ('participantId' in binding) {
    const target = people.find((p) => p.id === binding.participantId && !p.revoked);
    if (!target) return { ok: false, message: 'The person to interpret for is not in this session.' };
    if (target.id === follower.id) return { ok: false, message: 'Nobody interprets for themself.' };
    if (isMediatorRole(target.role) || isFollowerRole(target.role)) return { ok: false, message: `${target.displayName} is ${isMediatorRole(target.role) ? 'a mediator' : 'an interpreter or captioner'}; bind to a party, attorney or observer.` };
    side = target.side;
  } else {
    side = binding.side;
  }
  if (follower.side !== null && follower.side !== side) return { ok: false, message: `An interpreter for ${side ?? 'someone without a side'} is on that side, not ${follower.side}.` };
  return { ok: true, side };
}

/** "Interpreter for Ana (Spanish)", "Captioner for Claimant", or just the role when unbound. */
export function followerLabel(
  p: { role: Role; interpretsFor?: Binding; interpretationLanguage?: string },
  nameOf: (participantId: string) => string | undefined,
): string | null {
  if (!isFollowerRole(p.role)) return null;
  const role = p.role === 'interpreter' ? 'Interpreter' : 'Captioner';
  const lang = p.interpretationLanguage ? ` (${p.interpretationLanguage})` : '';
  if (!p.interpretsFor) return `${role}${lang}`;
  const whom = 'participantId' in p.interpretsFor ? nameOf(p.interpretsFor.participantId) ?? 'their party' : p.interpretsFor.side;
  return `${role} for ${whom}${lang}`;
}
