/** The HTTP API (server/src/http/api.ts). Every call returns the shared `Result` shape; network
 * failures and non-JSON answers become typed errors too, so pages never see a bare throw. */
import {
  createSessionResponseSchema,
  inviteInfoSchema,
  inviteLinkSchema,
  inviteListResponseSchema,
  type InviteLink,
  type InviteListResponse,
  type InviteSpec,
  type CreateSessionBody,
  type CreateSessionResponse,
  type InviteInfo,
  type Result,
} from '@mediation/shared';
import { fetchBlob, request } from './lib/http';

export function createSession(body: CreateSessionBody): Promise<Result<CreateSessionResponse>> {
  return request('/api/sessions', createSessionResponseSchema, { method: 'POST', json: body });
}

export function getInvite(token: string): Promise<Result<InviteInfo>> {
  return request('/api/invite', inviteInfoSchema, { bearer: token });
}

/** The audit log as CSV. It needs the bearer header, so it is fetched and offered as a file. */
export function downloadAuditCsv(sessionId: string, token: string): Promise<Result<Blob>> {
  return fetchBlob(`/api/sessions/${encodeURIComponent(sessionId)}/audit?format=csv`, token);
}

/** Revokes a participant's link (the mediator's "remove" also stops their link working). */
export function revokeParticipant(sessionId: string, participantId: string, token: string): Promise<Result<null>> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}/participants/${encodeURIComponent(participantId)}`, null, { method: 'DELETE', bearer: token });
}

/** A new invite link for someone added during the session (mediators only). */
export function createInvite(sessionId: string, spec: InviteSpec, token: string): Promise<Result<InviteLink>> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}/invites`, inviteLinkSchema, { method: 'POST', bearer: token, json: spec });
}

/** Every link of the session with its validity (mediators only). */
export function listInvites(sessionId: string, token: string): Promise<Result<InviteListResponse>> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}/invites`, inviteListResponseSchema, { bearer: token });
}

/** A new link for the same person; the old one stops working (mediators only). */
export function reissueLink(sessionId: string, participantId: string, linkTtlHours: number, token: string): Promise<Result<InviteLink>> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}/participants/${encodeURIComponent(participantId)}/link`, inviteLinkSchema, {
    method: 'POST', bearer: token, json: { linkTtlHours },
  });
}
