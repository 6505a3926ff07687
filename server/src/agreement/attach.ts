/** The agreement module: HTTP routes for suggestions, comments, versions, sign-off and export,
 * acting on the joint agreement document through the collaboration module's `DocService`. */
import type { AppContext } from '../contracts.js';
import { agreementRouter } from './routes.js';
import { AgreementService } from './service.js';
import { AgreementStore } from './store.js';

export async function attachAgreement(ctx: AppContext): Promise<void> {
  if (!ctx.docs) {
    ctx.log.warn('agreement module needs the collaboration module (ctx.docs); not attached');
    return;
  }
  const service = new AgreementService(ctx, ctx.docs, new AgreementStore(ctx.storage.db));
  const unwatch = service.watch();
  ctx.onClose(unwatch);
  ctx.express.use('/api/sessions/:sessionId/agreement', agreementRouter(ctx, service));
}
