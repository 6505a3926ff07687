/** Bearer-token authentication for the HTTP API: the invite token is the credential. */
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode, can } from '@mediation/shared';
import type { AppContext, ParticipantRecord, SessionRecord, TokenClaims } from '../contracts.js';
import { sendError } from './errors.js';

export interface Authed {
  claims: TokenClaims;
  participant: ParticipantRecord;
  session: SessionRecord;
}

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

/** Verifies the token; when the route has `:sessionId`, the token must belong to that session. */
export function requireParticipant(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    if (!token) return sendError(res, { code: ErrorCode.UNAUTHORIZED, message: 'Missing invite token.' });
    const v = await ctx.tokens.verify(token);
    if (!v.ok) return sendError(res, v.error);
    const routeSession = req.params.sessionId;
    if (routeSession !== undefined && routeSession !== v.data.sessionId) {
      return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'This link belongs to another session.' });
    }
    const session = ctx.storage.getSession(v.data.sessionId);
    const participant = ctx.storage.getParticipant(v.data.participantId);
    if (!session || !participant || participant.sessionId !== session.id) {
      return sendError(res, { code: ErrorCode.TOKEN_INVALID, message: 'This link is not valid.' });
    }
    if (participant.tokenId !== v.data.jti || participant.revoked) {
      return sendError(res, { code: ErrorCode.TOKEN_REVOKED, message: 'This link has been withdrawn by the mediator.' });
    }
    res.locals.authed = { claims: v.data, participant, session } satisfies Authed;
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
