/**
 * Live private scores of this person's side. The server sends `board:scored` over the room's
 * socket (only to the other members of the scorer's side who can see that board); the room
 * session hands every such notification here, and open boards listen. Payloads are checked with
 * the shared schema: anything malformed is dropped.
 */
import { sideScoreSchema, type SideScore } from '@mediation/shared';

type Listener = (score: SideScore) => void;
const listeners = new Set<Listener>();

export function publishSideScore(payload: unknown): void {
  const r = sideScoreSchema.safeParse(payload);
  if (!r.success) return;
  for (const l of [...listeners]) l(r.data);
}

export function onSideScore(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
