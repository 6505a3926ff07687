/**
 * One name per person in a session. Names are set at invitation and changed only by a mediator
 * (directly, or by approving a correction the person asked for); two people whose names read the
 * same (`sameName`: case, accents, spacing aside) would let one pass for the other in the people
 * list, the chat, the audit log and on the agreement they sign.
 */
import { ErrorCode, fail, sameName, type AppError } from '@mediation/shared';
import type { ParticipantRecord } from '../contracts.js';

/** Someone else in the session (links not withdrawn) whose name reads the same as `name`. */
export function nameHolder(people: readonly ParticipantRecord[], name: string, exceptId?: string): ParticipantRecord | null {
  return people.find((p) => !p.revoked && p.id !== exceptId && sameName(p.displayName, name)) ?? null;
}

/** The typed refusal for a name another person in the session already has. */
export function nameTaken(name: string): { ok: false; error: AppError } {
  return fail(ErrorCode.CONFLICT, `Someone in this session is already called “${name}” (or a name that reads the same). Each person needs a name of their own; add an initial or a surname.`);
}

/** The first name in `names` that reads the same as an earlier one, or null. */
export function repeatedName(names: readonly string[]): string | null {
  for (let i = 0; i < names.length; i++) for (let j = 0; j < i; j++) if (sameName(names[i]!, names[j]!)) return names[i]!;
  return null;
}
