/**
 * Mediator sign-in sessions, shared by every feature that serves mediators (the practice, the
 * intake view, the dashboard): a random secret in an httpOnly cookie (SameSite=Lax, Secure behind
 * https, `__Host-` prefixed then so no subdomain can plant it), of which only the SHA-256 is
 * stored; a per-session CSRF token that cookie-authenticated writes must echo in a header; and a
 * same-origin check on every write, signed in or not (a cross-site form cannot sign someone into
 * the attacker's account either).
 */
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { parseCookie, stringifySetCookie } from 'cookie';
import { CSRF_HEADER, ErrorCode } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import type { AuthSessionRecord, MediatorRecord, PracticeRecord } from '../storage/practiceTypes.js';
import { sendError } from '../http/errors.js';

/** How long a sign-in lasts (absolute; signing in again starts a new one). */
export const SIGN_IN_TTL_MS = 7 * 24 * 3600 * 1000;

export interface SignedIn {
  mediator: MediatorRecord;
  practice: PracticeRecord;
  session: AuthSessionRecord;
}

const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('base64url');
const secret = (): string => crypto.randomBytes(32).toString('base64url');

function isHttps(ctx: AppContext, req: Request): boolean {
  return req.secure || ctx.config.publicUrl.startsWith('https:');
}

/** `__Host-` cookies must be Secure, so the prefix is used only over https. */
const cookieName = (secure: boolean): string => (secure ? '__Host-mediator' : 'mediator');

export function signedInOf(res: Response): SignedIn {
  const s = res.locals.signedIn as SignedIn | undefined;
  if (!s) throw new Error('route used without requireSignedIn');
  return s;
}

/** Starts a sign-in for `mediator`: stores it and sets the cookie. Returns the CSRF token. */
export async function startSignIn(ctx: AppContext, req: Request, res: Response, mediator: MediatorRecord): Promise<string> {
  const raw = secret();
  const now = Date.now();
  const session: AuthSessionRecord = { idHash: sha256(raw), mediatorId: mediator.id, csrfToken: secret(), createdAt: now, expiresAt: now + SIGN_IN_TTL_MS };
  await ctx.stores.practice.accounts.createAuthSession(session);
  const secure = isHttps(ctx, req);
  res.append('Set-Cookie', stringifySetCookie({ name: cookieName(secure), value: raw, httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SIGN_IN_TTL_MS / 1000 }));
  return session.csrfToken;
}

/** Ends the sign-in this request carries (if any) and clears the cookie. */
export async function endSignIn(ctx: AppContext, req: Request, res: Response): Promise<void> {
  const raw = cookieOf(ctx, req);
  if (raw) await ctx.stores.practice.accounts.deleteAuthSession(sha256(raw));
  const secure = isHttps(ctx, req);
  res.append('Set-Cookie', stringifySetCookie({ name: cookieName(secure), value: '', httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 }));
}

function cookieOf(ctx: AppContext, req: Request): string | null {
  const header = req.get('cookie');
  if (!header) return null;
  return parseCookie(header)[cookieName(isHttps(ctx, req))] ?? null;
}

/** The signed-in mediator of this request, or null (no cookie, unknown, expired, account gone). */
export async function currentSignIn(ctx: AppContext, req: Request): Promise<SignedIn | null> {
  const raw = cookieOf(ctx, req);
  if (!raw || raw.length > 200) return null;
  const accounts = ctx.stores.practice.accounts;
  const session = await accounts.getAuthSession(sha256(raw), Date.now());
  if (!session) return null;
  const mediator = await accounts.getMediator(session.mediatorId);
  if (!mediator || mediator.passwordHash === null) return null;
  const practice = await accounts.getPractice(mediator.practiceId);
  return practice ? { mediator, practice, session } : null;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a write that a browser says came from another site. Browsers send `Origin` on every
 * POST/PUT/PATCH/DELETE (and `Sec-Fetch-Site`); tools that send neither are not browsers, so they
 * cannot be made to carry someone's cookie by a third-party page.
 */
export function requireSameOrigin(ctx: AppContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!WRITES.has(req.method)) return next();
    const origin = req.get('origin');
    const site = req.get('sec-fetch-site');
    const allowed = new Set([new URL(ctx.config.publicUrl).origin, `${req.protocol}://${req.get('host')}`]);
    if ((origin !== undefined && !allowed.has(origin)) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
      return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'This request did not come from this site’s own pages, so it was refused.' });
    }
    next();
  };
}

/** A signed-in mediator; for writes also the session's CSRF token in the X-CSRF-Token header. */
export function requireSignedIn(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const signedIn = await currentSignIn(ctx, req);
    if (!signedIn) return sendError(res, { code: ErrorCode.UNAUTHORIZED, message: 'Sign in to your practice first.' });
    if (WRITES.has(req.method)) {
      const sent = Buffer.from(req.get(CSRF_HEADER) ?? '');
      const expected = Buffer.from(signedIn.session.csrfToken);
      if (sent.length !== expected.length || !crypto.timingSafeEqual(sent, expected)) {
        return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'This change was not sent from your practice page (its security token is missing or wrong). Reload the page and try again.' });
      }
    }
    res.locals.signedIn = signedIn;
    next();
  };
}

/** An invitation link's secret and the hash kept of it. */
export function newInviteSecret(): { token: string; tokenHash: string } {
  const token = secret();
  return { token, tokenHash: sha256(token) };
}
export const hashInviteSecret = sha256;
