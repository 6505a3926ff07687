/** `plan:changed` hints from the room socket, handed to whatever shows the room plan (the tower's
 * plan, everyone's hard-stop notice): they refetch what their own link may read. */
import { notificationSchemas } from '@mediation/shared';

type Listener = () => void;
const listeners = new Set<Listener>();

export function publishPlanChange(payload: unknown): void {
  if (!notificationSchemas['plan:changed'].safeParse(payload).success) return;
  for (const l of [...listeners]) l();
}

export function onPlanChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
