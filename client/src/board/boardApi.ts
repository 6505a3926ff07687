/** The board's HTTP API (server/src/board/attach.ts): private scores, overlap, promote, delete, export. */
import {
  myScoresResponseSchema, overlapResponseSchema, promoteResponseSchema, scoreConflictSchema,
  type AppError, type MyScoresResponse, type OverlapResponse, type Result, type ScoreValue, type SideScore, type SpaceId,
} from '@mediation/shared';
import { anyAnswer, answerOf, downloadFile, request, send, unreachable, type Parser } from '../lib/http';

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/board`;

const call = <T>(url: string, token: string, o: { method?: string; json?: unknown }, schema: Parser<T>): Promise<Result<T>> =>
  request(url, schema, { ...o, bearer: token });

export const getMyScores = (sessionId: string, token: string, space: SpaceId): Promise<Result<MyScoresResponse>> =>
  call(`${base(sessionId)}/scores?space=${encodeURIComponent(space)}`, token, {}, myScoresResponseSchema);

export type PutScoreResult = Result<MyScoresResponse> | { ok: false; error: AppError; current: SideScore };

/** Writes a score based on the version this page last saw; a 409 comes back with the score that stands. */
export async function putScore(sessionId: string, token: string, space: SpaceId, optionId: string, value: ScoreValue | null, baseVersion: number): Promise<PutScoreResult> {
  const res = await send(`${base(sessionId)}/scores`, { method: 'PUT', bearer: token, json: { space, optionId, value, baseVersion } });
  if (!res) return unreachable();
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 409) {
    const c = scoreConflictSchema.safeParse(body);
    if (c.success) return { ok: false, error: c.data.error, current: c.data.current };
  }
  return answerOf(res, body, myScoresResponseSchema);
}

export const getOverlap = (sessionId: string, token: string, space: SpaceId): Promise<Result<OverlapResponse>> =>
  call(`${base(sessionId)}/overlap?space=${encodeURIComponent(space)}`, token, {}, overlapResponseSchema);

export const promoteCard = (sessionId: string, token: string, fromSpace: SpaceId, cardId: string, anonymous: boolean) =>
  call(`${base(sessionId)}/promote`, token, { method: 'POST', json: { fromSpace, cardId, anonymous } }, promoteResponseSchema);

export const deleteCardRequest = (sessionId: string, token: string, space: SpaceId, cardId: string): Promise<Result<unknown>> =>
  call(`${base(sessionId)}/cards/${encodeURIComponent(cardId)}?space=${encodeURIComponent(space)}`, token, { method: 'DELETE' }, anyAnswer);

/** Export needs the bearer header, so it is fetched and offered as a file download. */
export function downloadBoard(sessionId: string, token: string, space: SpaceId, format: 'md' | 'pdf'): Promise<Result<null>> {
  return downloadFile(`${base(sessionId)}/export?space=${encodeURIComponent(space)}&format=${format}`, token, `board-${space.replace(':', '-')}.${format}`);
}
