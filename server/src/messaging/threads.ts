/** A case's threads and who is asking, between sessions. */
import crypto from 'node:crypto';
import { isMediatorRole, mayReadThread, type Role, type Side } from '@mediation/shared';
import type { AppContext, ParticipantRecord } from '../contracts.js';
import type { SessionCase } from '../storage/followupTypes.js';

/** A side's thread id: a stable key of its label (labels may hold any letters and spaces). */
export const sideThread = (side: string): string => `side.${crypto.createHash('sha256').update(side.normalize('NFC')).digest('base64url').slice(0, 16)}`;

/** The person behind a link, as messaging knows them: the same case person (or mediator account)
 * across every session of the case, so read marks and authorship follow the person, not the link. */
export interface Reader {
  key: string;
  name: string;
  role: Role;
  side: Side;
  participant: ParticipantRecord;
}

export async function readerOf(ctx: AppContext, sc: SessionCase, p: ParticipantRecord): Promise<Reader> {
  const cs = await ctx.stores.practice.cases.getSession(sc.caseId, p.sessionId);
  const personId = cs?.invitees.find((i) => i.participantId === p.id)?.personId;
  const mediatorId = cs?.mediators.find((m) => m.participantId === p.id)?.mediatorId;
  const key = personId ? `person:${personId}` : mediatorId ? `mediator:${mediatorId}` : `participant:${p.id}`;
  return { key, name: p.displayName, role: p.role, side: p.side, participant: p };
}

export const mayRead = (r: Reader, thread: string): boolean => mayReadThread({ id: r.key, role: r.role, side: r.side }, thread, sideThread);

/** The threads of a case: joint, one per side of its people, and the mediators' notes. */
export async function caseThreads(ctx: AppContext, caseId: string): Promise<Array<{ id: string; label: string; side: string | null }>> {
  const sides = [...new Set((await ctx.stores.practice.cases.listPeople(caseId)).map((p) => p.side).filter((s): s is string => s !== null))];
  return [
    { id: 'joint', label: 'Everyone (joint)', side: null },
    ...sides.map((side) => ({ id: sideThread(side), label: `${side} side and the mediator`, side })),
    { id: 'notes', label: 'Mediator notes (only mediators)', side: null },
  ];
}

export const isMediatorReader = (r: Reader): boolean => isMediatorRole(r.role);
