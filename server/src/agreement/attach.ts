/** The agreement module: HTTP routes for suggestions, comments, versions, sign-off and export,
 * acting on the joint agreement document through the collaboration module's `DocService`. */
import type { AppContext } from '../contracts.js';
import type { Feature } from '../features.js';
import { signedAgreementPdf } from './export.js';
import { agreementRouter } from './routes.js';
import { AgreementService } from './service.js';
import { guardPartySuggestions } from './suggestGuard.js';

const isAgreementDoc = (name: string) => /^[^/]+\/agreement\/joint$/.test(name);

export function agreementFeature(): Feature {
  let service: AgreementService | null = null;
  return {
    name: 'agreement',
    attach(ctx: AppContext) {
      const s = new AgreementService(ctx, ctx.stores.agreement);
      service = s;
      ctx.express.use('/api/sessions/:sessionId/agreement', agreementRouter(ctx, s));
      ctx.provide('exports', { signedAgreementPdf: (sessionId) => signedAgreementPdf(ctx, s, sessionId) });
    },
    onDocumentLoaded(d) {
      // The authorship ledger starts from the full stored state instead of guessing on the first
      // update it sees; the freeze is guarded on every load.
      service?.documentLoaded(d.name, d.doc);
      // Parties type their suggestions in place; only their own suggestion marks get through.
      guardPartySuggestions(d, isAgreementDoc);
    },
    // Only the agreement's edits (the hook runs on every Yjs edit; see features.ts).
    documentUpdatedKinds: ['agreement'],
    onDocumentUpdated: (e) => service?.documentUpdated(e),
    // Someone entered the room: read the freeze now, so it is known before their editor connects
    // (the frozen guard runs inside a Yjs apply and cannot wait for storage).
    onSpaceChanged: (e) => {
      if (e.to !== null) service?.primeFreeze(e.sessionId);
    },
    onPhaseChanged: (e) => {
      if (e.to !== 'live') service?.sessionEnded(e.sessionId);
    },
  };
}
