/**
 * The case (and case session) a mediator route names, only if it is the signed-in mediator's
 * practice's: the practice routes and the intake's mediator routes answer the same 404 for an id
 * that is malformed, unknown or another practice's, so a case id says nothing outside its practice.
 */
import type { Response } from 'express';
import { ErrorCode, idSchema } from '@mediation/shared';
import { signedInOf } from '../auth/signedIn.js';
import type { AppContext } from '../contracts.js';
import { sendError } from '../http/errors.js';
import type { CaseRecord, CaseSessionRecord } from '../storage/practiceTypes.js';

/** The route's case; otherwise answers 404 and gives null. */
export async function caseOf(ctx: AppContext, res: Response, raw: string | undefined): Promise<CaseRecord | null> {
  const id = idSchema.safeParse(raw);
  const c = id.success ? await ctx.stores.practice.cases.getCase(signedInOf(res).practice.id, id.data) : null;
  if (!c) sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such case in your practice.' });
  return c;
}

/** The route's case and one of its sessions; otherwise answers 404 and gives null. */
export async function caseSessionOf(ctx: AppContext, res: Response, rawCase: string | undefined, rawSession: string | undefined): Promise<{ c: CaseRecord; s: CaseSessionRecord } | null> {
  const c = await caseOf(ctx, res, rawCase);
  if (!c) return null;
  const sid = idSchema.safeParse(rawSession);
  const s = sid.success ? await ctx.stores.practice.cases.getSession(c.id, sid.data) : null;
  if (!s) sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such session in this case.' });
  return s ? { c, s } : null;
}
