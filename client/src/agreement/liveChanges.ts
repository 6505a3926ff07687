/**
 * When the open agreement panel should refetch its state. The server pushes `agreement:changed`
 * over the room's socket (only to people who may read what changed: joint readers for the joint
 * agreement, the caucus and the mediators for a caucus proposal); the room session hands every
 * hint here, and also says when it joined again (a reconnect may have missed hints). The hint
 * carries no content: the panel asks the HTTP API, which filters the state for the caller.
 */
import { notificationSchemas, type AgreementChange } from '@mediation/shared';

export type AgreementSignal = { kind: 'changed'; what: AgreementChange; sessionId: string } | { kind: 'rejoined' };

type Listener = (signal: AgreementSignal) => void;
const listeners = new Set<Listener>();

function emit(signal: AgreementSignal): void {
  for (const l of [...listeners]) l(signal);
}

/** A hint from the server; anything malformed is dropped. */
export function publishAgreementChange(payload: unknown): void {
  const r = notificationSchemas['agreement:changed'].safeParse(payload);
  if (r.success) emit({ kind: 'changed', what: r.data.what, sessionId: r.data.sessionId });
}

/** This page's connection joined (again): whatever changed meanwhile was not pushed to it. */
export function publishRejoined(): void {
  emit({ kind: 'rejoined' });
}

export function onAgreementSignal(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
