/**
 * The follow-up and survey APIs (server/src/followup, server/src/surveys): with the person's own
 * link (bearer token) in the room and on the ended page, or with a key from an email (check-in
 * and survey pages). Answers are checked against the shared schemas; failures are typed results.
 */
import {
  checkinViewSchema, followupBoardSchema, planViewSchema, surveyFormSchema, surveyReportSchema,
  type CheckinBody, type CheckinView, type FollowupBoard, type PlanView, type Result, type SavePlanBody,
  type SurveyAnswerBody, type SurveyForm, type SurveyReport,
} from '@mediation/shared';
import { request, type Parser } from '../lib/http';

const call = <T>(method: string, path: string, schema: Parser<T>, token: string | null, json?: unknown): Promise<Result<T>> =>
  request(path, schema, { method, bearer: token, json });

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

export const followupApi = {
  plan: (sessionId: string, token: string): Promise<Result<PlanView>> => call('GET', `${base(sessionId)}/followup`, planViewSchema, token),
  save: (sessionId: string, token: string, body: SavePlanBody): Promise<Result<PlanView>> => call('PUT', `${base(sessionId)}/followup`, planViewSchema, token, body),
  confirmEmail: (sessionId: string, token: string, email: string): Promise<Result<PlanView>> => call('POST', `${base(sessionId)}/followup/email`, planViewSchema, token, { email }),
  board: (sessionId: string, token: string): Promise<Result<FollowupBoard>> => call('GET', `${base(sessionId)}/followup/board`, followupBoardSchema, token),
  openCheckin: (key: string): Promise<Result<CheckinView>> => call('POST', '/api/followup/checkin/open', checkinViewSchema, null, { key }),
  checkin: (body: CheckinBody): Promise<Result<CheckinView>> => call('POST', '/api/followup/checkin', checkinViewSchema, null, body),
};

export const surveyApi = {
  mine: (sessionId: string, token: string): Promise<Result<SurveyForm>> => call('GET', `${base(sessionId)}/survey`, surveyFormSchema, token),
  answerMine: (sessionId: string, token: string, body: SurveyAnswerBody): Promise<Result<SurveyForm>> => call('POST', `${base(sessionId)}/survey`, surveyFormSchema, token, body),
  report: (sessionId: string, token: string): Promise<Result<SurveyReport>> => call('GET', `${base(sessionId)}/survey/report`, surveyReportSchema, token),
  open: (key: string): Promise<Result<SurveyForm>> => call('POST', '/api/surveys/open', surveyFormSchema, null, { key }),
  answer: (key: string, body: SurveyAnswerBody): Promise<Result<SurveyForm>> => call('POST', '/api/surveys/answer', surveyFormSchema, null, { ...body, key }),
};

/** The key from an emailed link's fragment (`#k=…`): never sent to the server in a URL. */
export const keyFromHash = (): string => new URLSearchParams(window.location.hash.slice(1)).get('k') ?? '';
