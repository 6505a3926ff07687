/**
 * The agreement to mediate from the waiting room, with the person's room link (Bearer): read
 * what the session requires and sign it. Only the caller's own status and signature.
 */
import express from 'express';
import { ErrorCode, MUST_SIGN_AGREEMENT_TO_MEDIATE, setStageBodySchema, signAgreementToMediateBodySchema, type AppError } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import { authedOf, requireMediator, requireParticipant } from '../http/auth.js';
import { sendError } from '../http/errors.js';
import { parseRequest } from '../http/parse.js';
import { sign, statusFor } from './agreementToMediate.js';
import { advance, currentStage, setStage } from './stages.js';
import { planFor } from './plan.js';

const WHY: Record<string, AppError> = {
  'not-required': { code: ErrorCode.NOT_FOUND, message: 'This session does not ask for an agreement to mediate.' },
  'not-a-signer': { code: ErrorCode.FORBIDDEN, message: 'Only parties and their attorneys sign the agreement to mediate.' },
  changed: { code: ErrorCode.CONFLICT, message: 'The agreement text changed while you were reading it. Read it again and sign.' },
  name: { code: ErrorCode.BAD_REQUEST, message: 'Type your name exactly as the mediator wrote it on your invitation.' },
  already: { code: ErrorCode.CONFLICT, message: 'You have already signed this agreement.' },
};

export function intakeRoomRoutes(ctx: AppContext): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.get('/sessions/:sessionId/agreement-to-mediate', requireParticipant(ctx), async (_req, res) => {
    res.json(await statusFor(ctx, authedOf(res).participant));
  });
  router.post('/sessions/:sessionId/agreement-to-mediate/sign', requireParticipant(ctx), async (req, res) => {
    const body = parseRequest(signAgreementToMediateBodySchema, req.body, res);
    if (!body) return;
    const { participant } = authedOf(res);
    const r = await sign(ctx, participant, body.typedName, body.hash);
    if (!r.ok) return sendError(res, WHY[r.why]!);
    void ctx.audit(participant.sessionId, { id: participant.id, name: participant.displayName }, 'agreementToMediate.signed', { version: r.signature.version, hash: r.signature.hash });
    res.status(201).json(await statusFor(ctx, participant));
    // Everyone who must sign has: the tracker moves from intake to "agreement signed".
    const [participants, sigs] = await Promise.all([ctx.stores.sessions.listParticipants(participant.sessionId), ctx.stores.intake.agreementToMediate.listSignatures(participant.sessionId)]);
    const signed = new Set(sigs.filter((s) => s.version === r.signature.version).map((s) => s.participantId));
    if (participants.filter((p) => !p.revoked && MUST_SIGN_AGREEMENT_TO_MEDIATE.includes(p.role)).every((p) => signed.has(p.id))) {
      await advance(ctx, participant.sessionId, ['intake'], 'agreement-signed');
    }
  });

  // The room plan: the whole plan for mediators, one's own arrival time for everyone else.
  router.get('/sessions/:sessionId/plan', requireParticipant(ctx), async (_req, res) => {
    // `null` when no plan has been made (a session without a case has none): an ordinary answer,
    // not an error, since every room page asks.
    res.json(await planFor(ctx, authedOf(res).participant));
  });

  // The stage tracker: everyone reads it; mediators move it.
  router.get('/sessions/:sessionId/stage', requireParticipant(ctx), async (_req, res) => {
    res.json(await currentStage(ctx, authedOf(res).session.id));
  });
  router.put('/sessions/:sessionId/stage', requireParticipant(ctx), requireMediator, async (req, res) => {
    const body = parseRequest(setStageBodySchema, req.body, res);
    if (!body) return;
    const { participant } = authedOf(res);
    res.json(await setStage(ctx, participant.sessionId, body.stage, { id: participant.id, name: participant.displayName }));
  });
  return router;
}
