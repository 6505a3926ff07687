/**
 * A browser-like client of the practice API for the practice-* tests: keeps the sign-in cookie,
 * sends the CSRF token on writes and an Origin header like a browser on the app's own page. Each
 * call can drop or change any of these, to show what the server refuses.
 */
import { CSRF_HEADER, type PracticeStatus, type SetupBody } from '@mediation/shared';

export interface CallOptions {
  /** Leave out the CSRF header (default: send it when known). */
  csrf?: false | string;
  /** Origin header to send (default: the app's own); null sends none. */
  origin?: string | null;
  /** Leave out the cookie. */
  cookie?: false;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  setCookie: string[];
}

export class PracticeClient {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(readonly base: string) {}

  async call<T = any>(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const origin = opts.origin === undefined ? this.base : opts.origin;
    if (origin !== null) headers.origin = origin;
    if (this.cookie && opts.cookie !== false) headers.cookie = this.cookie;
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf && method !== 'GET') headers[CSRF_HEADER] = csrf;
    const res = await fetch(`${this.base}/api/practice${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      const [, value] = pair!.split('=');
      this.cookie = value ? pair! : null;
    }
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    const status = parsed as Partial<PracticeStatus> | null;
    if (res.ok && status && typeof status === 'object' && 'csrfToken' in status) this.csrf = status.csrfToken ?? null;
    return { status: res.status, body: parsed as T, setCookie };
  }

  get = <T = any>(path: string, opts?: CallOptions) => this.call<T>('GET', path, undefined, opts);
  post = <T = any>(path: string, body?: unknown, opts?: CallOptions) => this.call<T>('POST', path, body ?? {}, opts);
  patch = <T = any>(path: string, body?: unknown, opts?: CallOptions) => this.call<T>('PATCH', path, body ?? {}, opts);
}

export const OWNER: SetupBody = { practiceName: 'Calm Waters Mediation', name: 'Maria Mediator', email: 'maria@calmwaters.test', password: 'correct horse battery' };

/** The first visit: sets up the owner and signs them in. */
export async function setUpOwner(base: string, body: SetupBody = OWNER): Promise<PracticeClient> {
  const c = new PracticeClient(base);
  const r = await c.post('/setup', body);
  if (r.status !== 201) throw new Error(`setup failed: ${r.status} ${JSON.stringify(r.body)}`);
  return c;
}

export const PIXELFORGE = {
  title: 'PixelForge Studio v. Harbor Bakery, invoice #2024-117',
  disputeType: 'client-service / fee',
  people: [
    { name: 'Ana Diaz', role: 'party', side: 'Claimant', email: 'ana@pixelforge.test', phone: '+1 555 0100', organisation: 'PixelForge Studio' },
    { name: 'Jordan Lee', role: 'counsel', side: 'Claimant', email: 'lee@lawfirm.test', organisation: 'Lee & Partners LLP' },
    { name: 'Tom Brennan', role: 'party', side: 'Respondent', email: 'tom@harborbakery.test', organisation: 'Harbor Bakery, LLC' },
    { name: 'Ines Moreau', role: 'interpreter', side: 'Respondent', email: '' },
  ],
} as const;

/** A start time `days` from now at hh:mm UTC (sessions are scheduled within the links' 90 days). */
export function daysAhead(days: number, hh: number, mm: number): number {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hh, mm, 0, 0);
  return d.getTime();
}

/** "6 May 2030": the date as the server's emails and history write it. */
export const utcDate = (ms: number): string => new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
