/** Shared set-up for the intake-* tests: a practice with the PixelForge case and intake links. */
import { FILE_NAME_HEADER } from '@mediation/shared';
import { PIXELFORGE, PracticeClient } from './practice-client.js';

export const secretOf = (link: string): string => new URL(link).hash.replace(/^#t=/, '');

/** Calls /api/intake/* the way the pages do: the practice client's cookie and CSRF for mediator routes. */
export async function mediatorCall(c: PracticeClient, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers; raw: Buffer }> {
  const headers: Record<string, string> = { origin: c.base };
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrf && method !== 'GET') headers['x-csrf-token'] = c.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${c.base}/api/intake${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return answer(res);
}

async function answer(res: Response) {
  const raw = Buffer.from(await res.arrayBuffer());
  let parsed: unknown = null;
  if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(raw.toString('utf8'));
  return { status: res.status, body: parsed as any, headers: res.headers, raw };
}

/** A person's call with their intake link (or a room link, for the agreement routes). */
export async function linkCall(base: string, secret: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers; raw: Buffer }> {
  const headers: Record<string, string> = { origin: base, authorization: `Bearer ${secret}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return answer(await fetch(`${base}/api/intake${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}

export async function upload(base: string, secret: string, name: string, data: Uint8Array | string, type = 'application/octet-stream') {
  const res = await fetch(`${base}/api/intake/form/documents`, {
    method: 'POST', headers: { origin: base, authorization: `Bearer ${secret}`, 'content-type': type, [FILE_NAME_HEADER]: encodeURIComponent(name) },
    body: typeof data === 'string' ? data : Buffer.from(data),
  });
  return answer(res);
}

/** Creates the PixelForge case and returns it with each person's id by name. */
export async function pixelforgeCase(maria: PracticeClient): Promise<{ caseId: string; personId: Record<string, string> }> {
  const r = await maria.post('/cases', PIXELFORGE);
  if (r.status !== 201) throw new Error(`case: ${r.status}`);
  return { caseId: r.body.case.id, personId: Object.fromEntries(r.body.people.map((p: { name: string; id: string }) => [p.name, p.id])) };
}
