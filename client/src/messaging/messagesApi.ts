/** One JSON call with the person's link as bearer; typed results, never a throw. */
import { appErrorSchema, type AppError, type Result } from '@mediation/shared';

interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export async function callJson<T>(method: string, path: string, token: string, schema: Parser<T> | null, body?: unknown): Promise<Result<T>> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The server could not be reached.' } };
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = appErrorSchema.safeParse((json as { error?: unknown } | null)?.error);
    const error: AppError = parsed.success ? parsed.data : { code: 'INTERNAL', message: `The server answered ${res.status}.` };
    return { ok: false, error };
  }
  if (schema === null) return { ok: true, data: null as T };
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: { code: 'INTERNAL', message: 'The server sent an unexpected answer.' } };
}
