/** The board's HTTP API (server/src/board/attach.ts): private scores, overlap, promote, delete, export. */
import {
  appErrorSchema, myScoresResponseSchema, overlapResponseSchema, promoteResponseSchema, scoreConflictSchema,
  type AppError, type MyScoresResponse, type OverlapResponse, type Result, type ScoreValue, type SideScore, type SpaceId,
} from '@mediation/shared';

interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/board`;

async function call<T>(url: string, token: string, init: RequestInit, schema: Parser<T>): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}) } });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The server could not be reached.' } };
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = appErrorSchema.safeParse((body as { error?: unknown } | null)?.error);
    const error: AppError = e.success ? e.data : { code: 'INTERNAL', message: `The server answered ${res.status}.` };
    return { ok: false, error };
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: { code: 'INTERNAL', message: 'The server sent an unexpected answer.' } };
}

const anything: Parser<unknown> = { safeParse: (v) => ({ success: true, data: v }) };

export const getMyScores = (sessionId: string, token: string, space: SpaceId): Promise<Result<MyScoresResponse>> =>
  call(`${base(sessionId)}/scores?space=${encodeURIComponent(space)}`, token, {}, myScoresResponseSchema);

export type PutScoreResult = Result<MyScoresResponse> | { ok: false; error: AppError; current: SideScore };

/** Writes a score based on the version this page last saw; a 409 comes back with the score that stands. */
export async function putScore(sessionId: string, token: string, space: SpaceId, optionId: string, value: ScoreValue | null, baseVersion: number): Promise<PutScoreResult> {
  let res: Response;
  try {
    res = await fetch(`${base(sessionId)}/scores`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ space, optionId, value, baseVersion }),
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The server could not be reached.' } };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 409) {
    const c = scoreConflictSchema.safeParse(body);
    if (c.success) return { ok: false, error: c.data.error, current: c.data.current };
  }
  if (!res.ok) {
    const e = appErrorSchema.safeParse((body as { error?: unknown } | null)?.error);
    return { ok: false, error: e.success ? e.data : { code: 'INTERNAL', message: `The server answered ${res.status}.` } };
  }
  const parsed = myScoresResponseSchema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: { code: 'INTERNAL', message: 'The server sent an unexpected answer.' } };
}

export const getOverlap = (sessionId: string, token: string, space: SpaceId): Promise<Result<OverlapResponse>> =>
  call(`${base(sessionId)}/overlap?space=${encodeURIComponent(space)}`, token, {}, overlapResponseSchema);

export const promoteCard = (sessionId: string, token: string, fromSpace: SpaceId, cardId: string, anonymous: boolean) =>
  call(`${base(sessionId)}/promote`, token, { method: 'POST', body: JSON.stringify({ fromSpace, cardId, anonymous }) }, promoteResponseSchema);

export const deleteCardRequest = (sessionId: string, token: string, space: SpaceId, cardId: string): Promise<Result<unknown>> =>
  call(`${base(sessionId)}/cards/${encodeURIComponent(cardId)}?space=${encodeURIComponent(space)}`, token, { method: 'DELETE' }, anything);

/** Export needs the bearer header, so it is fetched and offered as a file download. */
export async function downloadBoard(sessionId: string, token: string, space: SpaceId, format: 'md' | 'pdf'): Promise<Result<null>> {
  try {
    const res = await fetch(`${base(sessionId)}/export?space=${encodeURIComponent(space)}&format=${format}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) return { ok: false, error: { code: 'INTERNAL', message: `The server answered ${res.status}.` } };
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `board-${space.replace(':', '-')}.${format}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return { ok: true, data: null };
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The server could not be reached.' } };
  }
}
