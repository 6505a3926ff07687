/** Bearer-token authentication for the HTTP API: the invite token is the credential. */
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode, can, isMediatorRole, retainedUntil, sessionPhase, type SessionPhase } from '@mediation/shared';
import type { AppContext, ParticipantRecord, SessionRecord, TokenClaims } from '../contracts.js';
import { resolvePrincipal } from '../auth/principal.js';
import { sendError } from './errors.js';

export interface Authed {
  claims: TokenClaims;
  participant: ParticipantRecord;
  session: SessionRecord;
  /** The session's phase at this request (live, ended, ...). */
  phase: SessionPhase;
}

export interface ParticipantAuthOptions {
  /** After the session has ended, requests that change something are refused with SESSION_ENDED
   * (nothing is writable once a session ended). Link management by mediators opts out, so a
   * mediator can still withdraw or renew a link to the session's record. */
  afterEnd?: 'read-only' | 'allow-writes';
}

const READS = new Set(['GET', 'HEAD']);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The authenticated caller of this request (set by `requireParticipant`). */
export function authedOf(res: Response): Authed {
  const a = res.locals.authed as Authed | undefined;
  if (!a) throw new Error('route used without requireParticipant');
  return a;
}

export function bearerToken(req: Request): string | null {
  const h = req.get('authorization');
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

/**
 * Verifies the token; when the route has `:sessionId`, the token must belong to that session.
 * Tokens of ended sessions are verified the same way (signature, expiry, current link, not
 * withdrawn) and then allowed to read what the phase allows (`recordAccess` in shared/policy):
 * every change is refused once the session ended, and once the retention period is over only
 * mediators get in at all.
 */
export function requireParticipant(ctx: AppContext, opts: ParticipantAuthOptions = {}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const who = await resolvePrincipal(ctx, bearerToken(req));
    if (!who.ok) return sendError(res, who.error);
    const { claims, participant, session } = who.data;
    const routeSession = req.params.sessionId;
    if (routeSession !== undefined && routeSession !== session.id) {
      return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'This link belongs to another session.' });
    }
    const phase = sessionPhase(session, Date.now(), ctx.config.retentionDays);
    if (phase === 'archived' && !isMediatorRole(participant.role)) {
      return sendError(res, { code: ErrorCode.SESSION_ENDED, message: `This session ended on ${day(session.endedAt!)}. Its records were kept until ${day(retainedUntil(session, ctx.config.retentionDays)!)} and can no longer be opened with this link; the mediator keeps them.` });
    }
    if ((phase === 'ended' || phase === 'archived') && !READS.has(req.method) && opts.afterEnd !== 'allow-writes') {
      return sendError(res, { code: ErrorCode.SESSION_ENDED, message: 'The session has ended, so nothing can be changed any more. You can still download the agreement.' });
    }
    res.locals.authed = { claims, participant, session, phase } satisfies Authed;
    next();
  };
}

export function requireMediator(_req: Request, res: Response, next: NextFunction) {
  const a = res.locals.authed as Authed | undefined;
  if (!a || !can(a.participant.role, 'control')) {
    return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'Only a mediator can do this.' });
  }
  next();
}
