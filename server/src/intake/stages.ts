/**
 * The stage tracker (issue 13): where the session stands, the same for everyone in it. The
 * mediator moves it; it also follows obvious actions: everyone who must has signed the agreement
 * to mediate (intake -> agreement signed), and the joint agreement is opened while people are
 * talking or negotiating (-> drafting). Each move is stored, audited, and pushed to every live
 * participant as `stage:changed` (a hint carrying only the stage, which everyone may see).
 */
import { SESSION_STAGES, type SessionStage, type SessionStageView } from '@mediation/shared';
import type { AppContext } from '../contracts.js';

export async function currentStage(ctx: AppContext, sessionId: string): Promise<SessionStageView> {
  const r = await ctx.stores.intake.stages.get(sessionId);
  return r ? { stage: r.stage, at: r.at, by: r.by } : { stage: 'intake', at: 0, by: '' };
}

export async function setStage(ctx: AppContext, sessionId: string, stage: SessionStage, by: { id: string; name: string }): Promise<SessionStageView> {
  const at = Date.now();
  await ctx.stores.intake.stages.set({ sessionId, stage, at, by: by.name });
  void ctx.audit(sessionId, by, 'stage.changed', { stage });
  for (const p of await ctx.stores.sessions.listParticipants(sessionId)) {
    if (!p.revoked) ctx.notifier.sendTo(sessionId, p.id, 'stage:changed', { sessionId, stage, at }, { kind: 'self', participantId: p.id });
  }
  return { stage, at, by: by.name };
}

/** Moves forward to `to` only from one of `from` (an automatic move never goes back). */
export async function advance(ctx: AppContext, sessionId: string, from: readonly SessionStage[], to: SessionStage): Promise<void> {
  const now = await currentStage(ctx, sessionId);
  if (!from.includes(now.stage) || SESSION_STAGES.indexOf(to) <= SESSION_STAGES.indexOf(now.stage)) return;
  await setStage(ctx, sessionId, to, { id: 'system', name: 'Automatic' });
}
