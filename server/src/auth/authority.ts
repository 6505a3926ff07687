/**
 * Who may cut whom off. Mediators and co-mediators share the room controls, but a co-mediator
 * must not be able to lock the lead mediator (or another co-mediator) out of the session: the lead
 * mediator runs it and answers for it. So only the lead mediator removes or withdraws the link of a
 * mediator of either kind, and nobody does it to themself (there would be no one left to undo it).
 */
import { ErrorCode, fail, isMediatorRole, ok, type Result, type Role } from '@mediation/shared';

interface Someone {
  id: string;
  role: Role;
}

export function mayCutOff(actor: Someone, target: Someone, what: 'remove' | 'revoke'): Result<null> {
  if (actor.id === target.id) return fail(ErrorCode.CONFLICT, what === 'remove' ? 'You cannot remove yourself.' : 'You cannot revoke your own link.');
  if (isMediatorRole(target.role) && actor.role !== 'mediator') {
    return fail(ErrorCode.FORBIDDEN, target.role === 'mediator' ? 'Only the lead mediator can do that to the lead mediator.' : 'Only the lead mediator can remove a co-mediator or withdraw their link.');
  }
  return ok(null);
}
