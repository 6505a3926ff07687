/**
 * Intake (issue 13, second half): the intake form by link for each person of a case, the
 * mediator's intake view with its flags, and the agreement to mediate (template, required per
 * session, signed in the waiting room; the room's admission gate reads the same store).
 * README.md in this folder says what is where.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { ErrorCode, INTAKE_DOCUMENT_MAX_BYTES, docNameSchema } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import type { Feature } from '../features.js';
import { sendError } from '../http/errors.js';
import { privateRouter } from '../http/privateRouter.js';
import { requireSameOrigin } from '../auth/signedIn.js';
import { intakeMediatorRoutes } from './mediatorRoutes.js';
import { intakePersonRoutes } from './personRoutes.js';
import { intakeRoomRoutes } from './roomRoutes.js';
import { advance } from './stages.js';

export function intakeFeature(): Feature {
  let app: AppContext | null = null;
  return {
    name: 'intake',
    /** Opening the joint agreement while people talk or negotiate moves the tracker to drafting. */
    onDocumentLoaded({ name }) {
      const ref = docNameSchema.safeParse(name);
      if (!app || !ref.success || ref.data.kind !== 'agreement') return;
      const ctx = app;
      void advance(ctx, ref.data.sessionId, ['joint', 'caucuses', 'negotiation'], 'drafting').catch((err: unknown) => ctx.log.warn({ err }, 'stage tracker: could not move to drafting'));
    },
    attach(ctx) {
      app = ctx;
      // Answers, documents and links are private to one person and the mediator: never cached.
      const router = privateRouter([requireSameOrigin(ctx)]);
      router.use(intakePersonRoutes(ctx));
      router.use(intakeRoomRoutes(ctx));
      router.use(intakeMediatorRoutes(ctx));
      router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
        const e = err as { type?: string };
        if (e.type === 'entity.too.large') return sendError(res, { code: ErrorCode.PAYLOAD_TOO_LARGE, message: `A document may be at most ${INTAKE_DOCUMENT_MAX_BYTES / 1024 / 1024} MB.` });
        next(err);
      });
      ctx.express.use('/api/intake', router);
    },
  };
}
