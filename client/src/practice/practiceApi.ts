/**
 * The practice API (/api/practice, server/src/practice). Signed in by an httpOnly cookie the page
 * never sees; every change also sends the sign-in's CSRF token (from the status answer) in a
 * header, which another site's page cannot know. Answers are checked against the shared schemas.
 */
import {
  CSRF_HEADER, caseDetailSchema, caseListSchema, mediatorInviteResponseSchema, mediatorListSchema, outboxSchema,
  practiceStatusSchema, sendInvitesResponseSchema,
  type AcceptInviteBody, type AddPeopleBody, type CaseDetail, type CaseStage, type ConflictDecisionBody,
  type CreateCaseBody, type CreateCaseSessionBody, type InviteMediatorBody, type PracticeStatus, type Result, type SetupBody, type SignInBody,
} from '@mediation/shared';
import { request, type Parser } from '../lib/http';

let csrfToken: string | null = null;
/** Remembers the token of the current sign-in (from any status answer). */
export const rememberStatus = (s: PracticeStatus): PracticeStatus => {
  csrfToken = s.csrfToken;
  return s;
};

function call<T>(method: string, path: string, schema: Parser<T> | null, json?: unknown): Promise<Result<T>> {
  const headers: Record<string, string> = method !== 'GET' && csrfToken ? { [CSRF_HEADER]: csrfToken } : {};
  return request(`/api/practice${path}`, schema, { method, json, headers, credentials: 'same-origin' });
}

const remember = (r: Result<PracticeStatus>): Result<PracticeStatus> => (r.ok ? { ok: true, data: rememberStatus(r.data) } : r);

export const practiceApi = {
  status: async () => remember(await call('GET', '/status', practiceStatusSchema)),
  setup: async (body: SetupBody) => remember(await call('POST', '/setup', practiceStatusSchema, body)),
  signIn: async (body: SignInBody) => remember(await call('POST', '/sign-in', practiceStatusSchema, body)),
  accept: async (body: AcceptInviteBody) => remember(await call('POST', '/accept', practiceStatusSchema, body)),
  signOut: () => call<null>('POST', '/sign-out', null),
  mediators: () => call('GET', '/mediators', mediatorListSchema),
  inviteMediator: (body: InviteMediatorBody) => call('POST', '/mediators', mediatorInviteResponseSchema, body),
  cases: () => call('GET', '/cases', caseListSchema),
  createCase: (body: CreateCaseBody) => call('POST', '/cases', caseDetailSchema, body),
  getCase: (id: string) => call('GET', `/cases/${encodeURIComponent(id)}`, caseDetailSchema),
  setStage: (id: string, stage: CaseStage) => call('PATCH', `/cases/${encodeURIComponent(id)}`, caseDetailSchema, { stage }),
  addPeople: (id: string, body: AddPeopleBody) => call('POST', `/cases/${encodeURIComponent(id)}/people`, caseDetailSchema, body),
  decide: (id: string, checkId: string, body: ConflictDecisionBody) =>
    call('POST', `/cases/${encodeURIComponent(id)}/conflict-checks/${encodeURIComponent(checkId)}/decision`, caseDetailSchema, body),
  createSession: (id: string, body: CreateCaseSessionBody) => call('POST', `/cases/${encodeURIComponent(id)}/sessions`, caseDetailSchema, body),
  sendInvitations: (id: string, sessionId: string, people?: string[]) =>
    call('POST', `/cases/${encodeURIComponent(id)}/sessions/${encodeURIComponent(sessionId)}/invitations`, sendInvitesResponseSchema, people ? { people } : {}),
  mediatorLink: (id: string, sessionId: string) => call('POST', `/cases/${encodeURIComponent(id)}/sessions/${encodeURIComponent(sessionId)}/mediator-link`, caseDetailSchema, {}),
  outbox: () => call('GET', '/outbox', outboxSchema),
};

export type { CaseDetail };
