/**
 * The practice dashboard (issue 14): cases by stage, settlement rate, time to agreement,
 * follow-up items done on time and overdue across the practice, NPS over time and by dispute type
 * (three-answer rule), and a CSV export. Signed-in mediators of the practice only, through the
 * mediator sign-in check (auth/signedIn.ts, as the practice and intake use).
 * - GET /api/dashboard          the numbers
 * - GET /api/dashboard/cases.csv one row per case
 */
import { isMediatorRole } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import type { Feature } from '../features.js';
import { requireSignedIn, signedInOf } from '../auth/signedIn.js';
import { privateRouter } from '../http/privateRouter.js';
import { computeDashboard, dashboardCsv, type CaseFacts } from './compute.js';

export function dashboardFeature(): Feature {
  return {
    name: 'dashboard',
    attach(ctx) {
      const r = privateRouter([requireSignedIn(ctx)]);
      r.get('/', async (_req, res) => {
        const practiceId = signedInOf(res).practice.id;
        res.json(computeDashboard(await caseFacts(ctx, practiceId), await ctx.stores.followup.surveys.answersOfPractice(practiceId), today()));
      });
      r.get('/cases.csv', async (_req, res) => {
        const csv = dashboardCsv(await caseFacts(ctx, signedInOf(res).practice.id), today());
        res.set('Content-Type', 'text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="cases.csv"').send(csv);
      });
      ctx.express.use('/api/dashboard', r);
    },
  };
}

const today = () => new Date().toISOString().slice(0, 10);

async function caseFacts(ctx: AppContext, practiceId: string): Promise<CaseFacts[]> {
  const out: CaseFacts[] = [];
  for (const c of await ctx.stores.practice.cases.listCases(practiceId)) {
    let ended = false;
    let fullySignedAt: number | null = null;
    const names = new Map<string, string>();
    for (const s of await ctx.stores.practice.cases.listSessions(c.id)) {
      const session = await ctx.stores.sessions.getSession(s.sessionId);
      if (session?.endedAt != null) ended = true;
      const signed = (await ctx.stores.sessions.listAudit(s.sessionId)).find((e) => e.action === 'agreement.fully-signed');
      if (signed && (fullySignedAt === null || signed.at < fullySignedAt)) fullySignedAt = signed.at;
      for (const p of await ctx.stores.sessions.listParticipants(s.sessionId)) if (!isMediatorRole(p.role)) names.set(p.id, p.displayName);
    }
    const items = (await ctx.stores.followup.plans.itemsOfCase(c.id)).map((i) => ({
      ...i,
      ownerLabel: i.owner.kind === 'everyone' ? 'Everyone' : i.owner.kind === 'side' ? `${i.owner.side} side` : names.get(i.owner.participantId) ?? 'Someone',
    }));
    out.push({ title: c.title, disputeType: c.disputeType, stage: c.stage, createdAt: c.createdAt, ended, fullySignedAt, items });
  }
  return out;
}
