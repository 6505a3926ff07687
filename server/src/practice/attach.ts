/**
 * The mediator's practice (issue 13, first half): mediator accounts with cookie sign-in, cases
 * with people by side, the conflict check, sessions created from a case, and their invitations by
 * email. Everything is under /api/practice; the anonymous room API (/api/sessions) is untouched.
 */
import express from 'express';
import type { Feature } from '../features.js';
import { accountRoutes } from './accountRoutes.js';
import { caseRoutes } from './caseRoutes.js';
import { caseSessionsPort } from './caseSessions.js';
import { startSessionReminders } from './reminders.js';
import { requireSameOrigin } from '../auth/signedIn.js';

export interface PracticeOptions {
  /** The reminder jobs' clock (tests inject one; default Date.now). */
  clock?: () => number;
}

export function practiceFeature(opts: PracticeOptions = {}): Feature {
  return {
    name: 'practice',
    attach(ctx) {
      const router = express.Router({ caseSensitive: true, strict: true });
      router.use(requireSameOrigin(ctx));
      router.use((_req, res, next) => {
        // Answers carry people's details and links: never kept by a shared cache or the browser.
        res.set('Cache-Control', 'no-store');
        next();
      });
      router.use(accountRoutes(ctx));
      router.use(caseRoutes(ctx, startSessionReminders(ctx, opts.clock)));
      ctx.express.use('/api/practice', router);
      ctx.provide('caseSessions', caseSessionsPort(ctx));
    },
  };
}
