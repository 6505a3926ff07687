/** The agreement module: HTTP routes for suggestions, comments, versions, sign-off and export,
 * acting on the joint agreement document through the collaboration module's `DocService`. */
import type * as Y from 'yjs';
import type { AppContext } from '../contracts.js';
import { agreementRouter } from './routes.js';
import { AgreementService } from './service.js';
import { AgreementStore } from './store.js';
import { guardPartySuggestions } from './suggestGuard.js';

const isAgreementDoc = (name: string) => /^[^/]+\/agreement\/joint$/.test(name);

export async function attachAgreement(ctx: AppContext): Promise<void> {
  if (!ctx.docs) {
    ctx.log.warn('agreement module needs the collaboration module (ctx.docs); not attached');
    return;
  }
  const service = new AgreementService(ctx, ctx.docs, new AgreementStore(ctx.storage.db));
  const unwatch = service.watch();
  // The collaboration module's registry tells us when a document loads; the authorship ledger
  // then starts from the full stored state instead of guessing on the first update it sees.
  const loads = ctx.docs as Partial<{ onDocLoaded(hook: (d: { name: string; doc: Y.Doc }) => void): void }>;
  loads.onDocLoaded?.((d) => service.documentLoaded(d.name, d.doc));
  // Parties type their suggestions in place; only their own suggestion marks get through.
  loads.onDocLoaded?.((d) => guardPartySuggestions(d, isAgreementDoc));
  ctx.onClose(unwatch);
  ctx.express.use('/api/sessions/:sessionId/agreement', agreementRouter(ctx, service));
}
