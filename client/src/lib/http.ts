/**
 * Every HTTP call of the client goes through here: one place that sends (the person's link as
 * bearer, a JSON body or a raw file upload, extra headers such as the practice's CSRF token) and
 * turns the answer into the shared `Result`: the server's own error when it sent one, the body
 * checked against its schema otherwise, and typed errors for a lost network or an unexpected
 * answer, so pages never see a bare throw. The API modules (api.ts, board, followup, intake,
 * messaging, practice) only name their paths and schemas.
 */
import { FILE_NAME_HEADER, appErrorSchema, type AppError, type Result } from '@mediation/shared';

/** Structural stand-in for a zod schema, so the client needs no direct zod dependency. */
export interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** For answers whose content the caller does not use. */
export const anyAnswer: Parser<unknown> = { safeParse: (value) => ({ success: true, data: value }) };

export interface RequestOptions {
  method?: string;
  /** The person's link (room, intake or email key), sent as `Authorization: Bearer`. */
  bearer?: string | null;
  /** A JSON body. */
  json?: unknown;
  /** A file sent as the raw body, its name percent-encoded in the header the server reads. */
  file?: { data: Blob; name: string };
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
  /** What to tell the person when the network fails (some pages add what they kept for them). */
  unreachable?: string;
}

const UNREACHABLE = 'The server could not be reached.';
const failure = (message: string): { ok: false; error: AppError } => ({ ok: false, error: { code: 'INTERNAL', message } });

/** Sends the request; null when the server could not be reached. */
export async function send(path: string, o: RequestOptions = {}): Promise<Response | null> {
  const headers: Record<string, string> = { ...o.headers };
  let body: BodyInit | undefined;
  if (o.file) {
    headers['Content-Type'] = 'application/octet-stream';
    headers[FILE_NAME_HEADER] = encodeURIComponent(o.file.name);
    body = o.file.data;
  } else if (o.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(o.json);
  }
  if (o.bearer) headers.Authorization = `Bearer ${o.bearer}`;
  try {
    return await fetch(path, { method: o.method ?? 'GET', headers, body, credentials: o.credentials });
  } catch {
    return null;
  }
}

/** The answer as a Result; `schema` null: success carries nothing. */
export function answerOf<T>(res: Response, json: unknown, schema: Parser<T> | null): Result<T> {
  if (!res.ok) {
    const parsed = appErrorSchema.safeParse((json as { error?: unknown } | null)?.error);
    return parsed.success ? { ok: false, error: parsed.data } : failure(`The server answered ${res.status}.`);
  }
  if (schema === null) return { ok: true, data: null as T };
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, data: parsed.data } : failure('The server sent an unexpected answer.');
}

export const unreachable = (o: RequestOptions = {}): { ok: false; error: AppError } => failure(o.unreachable ?? UNREACHABLE);

export async function request<T>(path: string, schema: Parser<T> | null, o: RequestOptions = {}): Promise<Result<T>> {
  const res = await send(path, o);
  if (!res) return unreachable(o);
  const json: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  return answerOf(res, json, schema);
}

/** A file the server makes (CSV, PDF, an attachment): it needs the bearer header, so it is fetched. */
export async function fetchBlob(path: string, bearer: string): Promise<Result<Blob>> {
  const res = await send(path, { bearer });
  if (!res) return unreachable();
  if (!res.ok) return answerOf(res, await res.json().catch(() => null), null) as Result<Blob>;
  return { ok: true, data: await res.blob() };
}

/** Fetches a file with the link as bearer (a plain link cannot carry it) and saves it under `name`. */
export async function downloadFile(path: string, bearer: string, name: string): Promise<Result<null>> {
  const blob = await fetchBlob(path, bearer);
  if (!blob.ok) return blob;
  const url = URL.createObjectURL(blob.data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, data: null };
}
