/**
 * The intake API (/api/intake, server/src/intake). Three callers: a person with their intake link
 * (Bearer secret from the fragment), a person in the waiting room with their room link (the
 * agreement to mediate), and the signed-in mediator (cookie + CSRF token, as the practice pages).
 * Answers are checked against the shared schemas.
 */
import {
  CSRF_HEADER, agreementTemplateSchema, agreementToMediateStatusSchema, intakeCaseViewSchema, intakeDocumentSchema,
  intakeFormSchema, intakeLinksResponseSchema, intakeSavedSchema, sessionPlanSchema, caseNotesSchema,
  type AddCaseNoteBody, type AgreementTemplateBody, type IntakeLinksBody, type IntakeSettings, type Result, type SaveIntakeBody, type SetSessionPlanBody,
} from '@mediation/shared';
import { practiceApi } from '../practice/practiceApi';
import { request, type Parser } from '../lib/http';

let csrf: string | null = null;
/** The mediator pages learn the CSRF token from the practice status first. */
export async function loadCsrf(): Promise<void> {
  const s = await practiceApi.status();
  csrf = s.ok ? s.data.csrfToken : null;
}

function call<T>(method: string, path: string, schema: Parser<T> | null, opts: { bearer?: string; body?: unknown; raw?: { data: Blob; name: string } } = {}): Promise<Result<T>> {
  const headers: Record<string, string> = !opts.bearer && method !== 'GET' && csrf ? { [CSRF_HEADER]: csrf } : {};
  return request(`/api/intake${path}`, schema, {
    method, headers, bearer: opts.bearer, json: opts.body, file: opts.raw,
    credentials: opts.bearer ? 'omit' : 'same-origin',
    unreachable: 'The server could not be reached. Your answers are kept on this page; try again in a moment.',
  });
}

export const intakeApi = {
  // The person's own form.
  form: (secret: string) => call('GET', '/form', intakeFormSchema, { bearer: secret }),
  save: (secret: string, body: SaveIntakeBody) => call('PUT', '/form', intakeSavedSchema, { bearer: secret, body }),
  upload: (secret: string, file: File) => call('POST', '/form/documents', intakeDocumentSchema, { bearer: secret, raw: { data: file, name: file.name } }),
  removeDocument: (secret: string, id: string) => call<null>('DELETE', `/form/documents/${encodeURIComponent(id)}`, null, { bearer: secret }),
  // The waiting room.
  agreementStatus: (roomToken: string, sessionId: string) => call('GET', `/sessions/${encodeURIComponent(sessionId)}/agreement-to-mediate`, agreementToMediateStatusSchema, { bearer: roomToken }),
  signAgreement: (roomToken: string, sessionId: string, typedName: string, hash: string) =>
    call('POST', `/sessions/${encodeURIComponent(sessionId)}/agreement-to-mediate/sign`, agreementToMediateStatusSchema, { bearer: roomToken, body: { typedName, hash } }),
  // The mediator.
  caseView: (caseId: string) => call('GET', `/cases/${encodeURIComponent(caseId)}`, intakeCaseViewSchema),
  saveSettings: (caseId: string, s: IntakeSettings) => call('PUT', `/cases/${encodeURIComponent(caseId)}/settings`, intakeCaseViewSchema, { body: s }),
  sendLinks: (caseId: string, body: IntakeLinksBody) => call('POST', `/cases/${encodeURIComponent(caseId)}/links`, intakeLinksResponseSchema, { body }),
  template: () => call('GET', '/template', agreementTemplateSchema),
  saveTemplate: (body: AgreementTemplateBody) => call('PUT', '/template', agreementTemplateSchema, { body }),
  requireAgreement: (caseId: string, sessionId: string, required: boolean) =>
    call('PUT', `/cases/${encodeURIComponent(caseId)}/sessions/${encodeURIComponent(sessionId)}/agreement`, intakeCaseViewSchema, { body: { required } }),
  setPlan: (caseId: string, sessionId: string, body: SetSessionPlanBody) =>
    call('PUT', `/cases/${encodeURIComponent(caseId)}/sessions/${encodeURIComponent(sessionId)}/plan`, sessionPlanSchema, { body }),
  notes: (caseId: string) => call('GET', `/cases/${encodeURIComponent(caseId)}/notes`, caseNotesSchema),
  addNote: (caseId: string, body: AddCaseNoteBody) => call('POST', `/cases/${encodeURIComponent(caseId)}/notes`, caseNotesSchema, { body }),
  documentUrl: (caseId: string, id: string) => `/api/intake/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(id)}`,
  pdfUrl: (caseId: string, sessionId: string) => `/api/intake/cases/${encodeURIComponent(caseId)}/sessions/${encodeURIComponent(sessionId)}/agreement.pdf`,
};
