/**
 * The mediator's practice (issue 13, first half): mediator accounts with cookie sign-in, cases
 * with people by side, the conflict check, sessions created from a case, and their invitations by
 * email. Everything is under /api/practice; the anonymous room API (/api/sessions) is untouched.
 */
import type { Feature } from '../features.js';
import { accountRoutes } from './accountRoutes.js';
import { caseRoutes } from './caseRoutes.js';
import { caseSessionsPort } from './caseSessions.js';
import { startSessionReminders } from './reminders.js';
import { requireSameOrigin } from '../auth/signedIn.js';
import { privateRouter } from '../http/privateRouter.js';

export interface PracticeOptions {
  /** The reminder jobs' clock (tests inject one; default Date.now). */
  clock?: () => number;
}

export function practiceFeature(opts: PracticeOptions = {}): Feature {
  return {
    name: 'practice',
    attach(ctx) {
      // Answers carry people's details and links: never kept by a shared cache or the browser.
      const router = privateRouter([requireSameOrigin(ctx)]);
      router.use(accountRoutes(ctx));
      router.use(caseRoutes(ctx, startSessionReminders(ctx, opts.clock)));
      ctx.express.use('/api/practice', router);
      ctx.provide('caseSessions', caseSessionsPort(ctx));
    },
  };
}
