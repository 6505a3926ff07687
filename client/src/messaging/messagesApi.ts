/** Calls with the person's link as bearer (JSON, file upload, file download); typed results, never a throw. */
import { FILE_NAME_HEADER, appErrorSchema, type AppError, type Result } from '@mediation/shared';

interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export async function callJson<T>(method: string, path: string, token: string, schema: Parser<T> | null, body?: unknown): Promise<Result<T>> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return answer(() => fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), schema);
}

/** Uploads a file as the raw body, its name percent-encoded in the header the server reads. */
export function uploadFile<T>(path: string, token: string, file: File, schema: Parser<T>): Promise<Result<T>> {
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream', [FILE_NAME_HEADER]: encodeURIComponent(file.name) };
  return answer(() => fetch(path, { method: 'POST', headers, body: file }), schema);
}

/** Downloads a file with the link as bearer (a plain link cannot carry it) and saves it under `name`. */
export async function downloadFile(path: string, token: string, name: string): Promise<Result<null>> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The server could not be reached.' } };
  }
  if (!res.ok) return answer(async () => res, null);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, data: null };
}

async function answer<T>(send: () => Promise<Response>, schema: Parser<T> | null): Promise<Result<T>> {
  let res: Response;
  try {
    res = await send();
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
