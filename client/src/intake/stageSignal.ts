/** `stage:changed` hints from the room socket, handed to the open stage tracker (it refetches). */
import { notificationSchemas } from '@mediation/shared';

type Listener = () => void;
const listeners = new Set<Listener>();

export function publishStageChange(payload: unknown): void {
  if (!notificationSchemas['stage:changed'].safeParse(payload).success) return;
  for (const l of [...listeners]) l();
}

export function onStageChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
