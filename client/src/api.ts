/** The HTTP API (server/src/http/api.ts). Every call returns the shared `Result` shape; network
 * failures and non-JSON answers become typed errors too, so pages never see a bare throw. */
import {
  appErrorSchema,
  createSessionResponseSchema,
  inviteInfoSchema,
  inviteLinkSchema,
  inviteListResponseSchema,
  type InviteLink,
  type InviteListResponse,
  type InviteSpec,
  type AppError,
  type CreateSessionBody,
  type CreateSessionResponse,
  type InviteInfo,
  type Result,
} from '@mediation/shared';

/** Structural stand-in for a zod schema, so the client needs no direct zod dependency. */
interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

async function call<T>(path: string, init: RequestInit, schema: Parser<T>): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The server could not be reached.' } };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const parsed = appErrorSchema.safeParse((body as { error?: unknown } | null)?.error);
    const error: AppError = parsed.success ? parsed.data : { code: 'INTERNAL', message: `The server answered ${res.status}.` };
    return { ok: false, error };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, error: { code: 'INTERNAL', message: 'The server sent an unexpected answer.' } };
  return { ok: true, data: parsed.data };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export function createSession(body: CreateSessionBody): Promise<Result<CreateSessionResponse>> {
  return call('/api/sessions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, createSessionResponseSchema);
}

export function getInvite(token: string): Promise<Result<InviteInfo>> {
  return call('/api/invite', { headers: bearer(token) }, inviteInfoSchema);
}

/** The audit log as CSV. It needs the bearer header, so it is fetched and offered as a file. */
export async function downloadAuditCsv(sessionId: string, token: string): Promise<Result<Blob>> {
  try {
    const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/audit?format=csv`, { headers: bearer(token) });
    if (!res.ok) return { ok: false, error: { code: 'INTERNAL', message: `The server answered ${res.status}.` } };
    return { ok: true, data: await res.blob() };
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The server could not be reached.' } };
  }
}

/** Revokes a participant's link (the mediator's "remove" also stops their link working). */
export async function revokeParticipant(sessionId: string, participantId: string, token: string): Promise<Result<null>> {
  try {
    const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/participants/${encodeURIComponent(participantId)}`, { method: 'DELETE', headers: bearer(token) });
    if (res.ok) return { ok: true, data: null };
    const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
    const parsed = appErrorSchema.safeParse(body?.error);
    return { ok: false, error: parsed.success ? parsed.data : { code: 'INTERNAL', message: `The server answered ${res.status}.` } };
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The server could not be reached.' } };
  }
}

/** A new invite link for someone added during the session (mediators only). */
export function createInvite(sessionId: string, spec: InviteSpec, token: string): Promise<Result<InviteLink>> {
  return call(`/api/sessions/${encodeURIComponent(sessionId)}/invites`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...bearer(token) }, body: JSON.stringify(spec) }, inviteLinkSchema);
}

/** Every link of the session with its validity (mediators only). */
export function listInvites(sessionId: string, token: string): Promise<Result<InviteListResponse>> {
  return call(`/api/sessions/${encodeURIComponent(sessionId)}/invites`, { headers: bearer(token) }, inviteListResponseSchema);
}

/** A new link for the same person; the old one stops working (mediators only). */
export function reissueLink(sessionId: string, participantId: string, linkTtlHours: number, token: string): Promise<Result<InviteLink>> {
  return call(
    `/api/sessions/${encodeURIComponent(sessionId)}/participants/${encodeURIComponent(participantId)}/link`,
    { method: 'POST', headers: { 'Content-Type': 'application/json', ...bearer(token) }, body: JSON.stringify({ linkTtlHours }) },
    inviteLinkSchema,
  );
}
