/**
 * The agreement-to-mediate gate on admission (issue 13): when the session requires the agreement,
 * a party or attorney who has not signed its current version stays in the waiting room. Read from
 * the store at the moment of admitting (signatures only ever get added), so the room needs no
 * copy of it and no notice from the intake feature.
 */
import { ErrorCode, MUST_SIGN_AGREEMENT_TO_MEDIATE, fail, type Result } from '@mediation/shared';
import type { AgreementToMediateStore } from '../../storage/intakeTypes.js';
import type { RoomPerson } from './roomState.js';

/** Who among `people` may not be admitted yet (must sign and has not). */
export async function unsignedAmong(store: AgreementToMediateStore, sessionId: string, people: readonly RoomPerson[]): Promise<RoomPerson[]> {
  const signers = people.filter((p) => MUST_SIGN_AGREEMENT_TO_MEDIATE.includes(p.role));
  if (signers.length === 0) return [];
  const req = await store.getRequirement(sessionId);
  if (!req) return [];
  const signed = new Set((await store.listSignatures(sessionId)).filter((s) => s.version === req.version).map((s) => s.participantId));
  return signers.filter((p) => !signed.has(p.id));
}

/** The typed refusal for an explicit admission of someone who has not signed. */
export function notSigned(p: RoomPerson): Result<never> {
  return fail(ErrorCode.NOT_SIGNED, `${p.displayName} has not signed the agreement to mediate yet, so they stay in the waiting room until they do.`);
}

