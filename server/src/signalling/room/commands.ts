/**
 * Every room request after the connection checked it (budget, size, zod): who asks is looked up
 * again in the room (an earlier command in the queue may have moved, held or removed them), an
 * ended session refuses, control is for mediators, and then the request's handler runs. Used by
 * the socket connection and, with stand-in sockets, by the room fuzz (room.fuzz.test.ts).
 */
import { can, ErrorCode, fail, type ParsedRequest, type RequestName, type Result } from '@mediation/shared';
import type { CommandContext, Handler } from './commandTypes.js';
import { captionCommands } from './captionCommands.js';
import { controlCommands } from './controlCommands.js';
import { identityCommands } from './identityCommands.js';
import { mediaCommands } from './mediaCommands.js';
import { participantCommands } from './participantCommands.js';
import type { Member, Room } from './room.js';

export type RoomRequest = Exclude<RequestName, 'session:join'>;

const handlers = { ...mediaCommands, ...participantCommands, ...captionCommands, ...controlCommands, ...identityCommands } as Record<RoomRequest, Handler<RequestName>>;

/** Requests that wait on the network (ICE) and must not hold the room queue while they do. */
export const UNQUEUED: ReadonlySet<RequestName> = new Set<RequestName>(['media:resumeConsumer', 'media:resumeConsumers']);

/** Runs a parsed request for `member` (call it inside the room queue unless UNQUEUED). */
export async function runCommand<N extends RoomRequest>(room: Room, member: Member, event: N, payload: ParsedRequest<N>): Promise<Result<unknown>> {
  if (room.members.get(member.participantId) !== member) return fail(ErrorCode.CONFLICT, 'You are no longer in the session.');
  const person = room.state.person(member.participantId);
  if (!person) return fail(ErrorCode.TOKEN_REVOKED, 'Your invitation link was withdrawn.');
  // An ended session accepts nothing (its connections are about to be closed); leaving still works.
  if (room.state.ended && event !== 'session:leave') return fail(ErrorCode.SESSION_ENDED, 'This session has ended.');
  if (event.startsWith('control:') && !can(person.role, 'control')) return fail(ErrorCode.FORBIDDEN, 'Only mediators can do that.');
  const c: CommandContext = { room, member, person };
  return handlers[event](c, payload as never);
}
