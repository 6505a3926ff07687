/**
 * `GET /api/sessions/:sessionId/docs/current?kind=&space=`: the name of the document the caller
 * opens now. Caucus boards and drafts have generations (generations.ts); the server, not the
 * client, decides which one a person gets, and the page opens exactly that name.
 */
import express, { type Request, type Response } from 'express';
import { CloseCode, currentDocQuerySchema, docNameOf, docNameSchema, docName, ErrorCode, type CurrentDocResponse } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import { authedOf, requireParticipant } from '../http/auth.js';
import { sendError } from '../http/errors.js';
import { accessNow, resolveCurrent } from './access.js';

export function attachCollabRoutes(ctx: AppContext): void {
  const router = express.Router({ mergeParams: true });
  router.use(requireParticipant(ctx));
  router.get('/current', async (req: Request, res: Response) => {
    const a = authedOf(res);
    const q = currentDocQuerySchema.safeParse(req.query);
    if (!q.success) return sendError(res, { code: ErrorCode.BAD_REQUEST, message: 'Say which document (kind and space).' });
    const parsed = docNameSchema.safeParse(docName(a.session.id, q.data.kind, q.data.space));
    if (!parsed.success) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'There is no such document.' });
    const ref = await resolveCurrent(ctx, parsed.data);
    const now = await accessNow(ctx, { claims: a.claims, participant: a.participant }, ref);
    if (!now.ok) {
      if (now.code === CloseCode.AWAY) return sendError(res, { code: ErrorCode.NOT_ADMITTED, message: 'You are not in the room right now; this opens once you are back.' });
      return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'This document is not available to you from where you are.' });
    }
    const body: CurrentDocResponse = { name: docNameOf(ref), generation: ref.generation ?? 1 };
    res.json(body);
  });
  ctx.express.use('/api/sessions/:sessionId/docs', router);
}
