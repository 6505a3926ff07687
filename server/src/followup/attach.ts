/**
 * The follow-up feature (issue 14): the plan made at the closing stage, its email at the end,
 * reminders and check-ins as durable jobs, and the mediator's follow-up board.
 *
 * Routes, all under the room's bearer-token rule (`requireParticipant`: nothing writable after
 * the end) except the check-in, whose key comes from an email:
 * - GET  /api/sessions/:sessionId/followup          the plan as it concerns the caller
 * - PUT  /api/sessions/:sessionId/followup          mediators: save the whole plan
 * - POST /api/sessions/:sessionId/followup/email    confirm the email the follow-up will use
 * - GET  /api/sessions/:sessionId/followup/board    mediators: every item of the case, by state
 * - POST /api/followup/checkin/open | /api/followup/checkin   read / report an item by its key
 */
import express, { type Request, type Response } from 'express';
import {
  ErrorCode, boardState, checkinBodySchema, confirmEmailBodySchema, isMediatorRole, itemConcerns, linkKeySchema, savePlanBodySchema,
  type CheckinView, type FollowupBoard,
} from '@mediation/shared';
import { z } from 'zod';
import type { AppContext, ParticipantRecord } from '../contracts.js';
import type { Feature } from '../features.js';
import { authedOf, requireMediator, requireParticipant } from '../http/auth.js';
import { sendError } from '../http/errors.js';
import { privateRouter } from '../http/privateRouter.js';
import { parseRequest } from '../http/parse.js';
import { Scheduler, registerScheduler } from '../jobs/scheduler.js';
import { closingJobs } from './closing.js';
import { itemView, planView, savePlan } from './plan.js';
import { hashLinkKey, todayOf } from './words.js';

const FIELD_WORDS: Record<string, string> = {
  email: 'Type a valid email address.',
  due: 'Choose a due date.',
  status: 'Choose done, not done or need help.',
  startsAt: 'Choose the follow-up date and time.',
};

export interface FollowupOptions {
  /** The jobs' clock (tests inject one; default Date.now). */
  clock?: () => number;
}

export function followupFeature(opts: FollowupOptions = {}): Feature {
  let scheduler: Scheduler | null = null;
  let ctxRef: AppContext | null = null;
  return {
    name: 'followup',
    attach(ctx) {
      ctxRef = ctx;
      const s: Scheduler = new Scheduler({ store: ctx.stores.followup.jobs, log: ctx.log, clock: opts.clock, handlers: closingJobs(ctx, (): Scheduler => s) });
      scheduler = s;
      const unregister = registerScheduler(ctx, s);
      ctx.onClose(unregister);
      ctx.express.use('/api/sessions/:sessionId/followup', sessionRoutes(ctx));
      ctx.express.use('/api/followup', checkinRoutes(ctx));
      s.start();
    },
    onPhaseChanged(e) {
      if (e.to !== 'ended' || !scheduler || !ctxRef) return;
      const log = ctxRef.log;
      // Durable before anything is sent: a restart right after the end still sends the plan once.
      void scheduler.schedule(`followup.close:${e.sessionId}`, 'followup.close', scheduler.clock(), { sessionId: e.sessionId })
        .catch((err: unknown) => log.error({ err, sessionId: e.sessionId }, 'could not schedule the follow-up'));
    },
    async close() {
      await scheduler?.close();
    },
  };
}

function sessionRoutes(ctx: AppContext): express.Router {
  const r = privateRouter([requireParticipant(ctx)], { mergeParams: true });

  r.get('/', async (_req, res) => {
    const { session, participant } = authedOf(res);
    res.json(await planView(ctx, session.id, participant));
  });

  r.put('/', requireMediator, async (req, res) => {
    const body = parseRequest(savePlanBodySchema, req.body, res, FIELD_WORDS);
    if (!body) return;
    const { session, participant } = authedOf(res);
    const saved = await savePlan(ctx, session.id, body);
    if (!saved.ok) return sendError(res, saved.error);
    void ctx.audit(session.id, { id: participant.id, name: participant.displayName }, 'followup.planSaved', { items: body.items.length, followUp: body.followUp?.startsAt ?? null });
    res.json(await planView(ctx, session.id, participant));
  });

  r.post('/email', async (req, res) => {
    const body = parseRequest(confirmEmailBodySchema, req.body, res, FIELD_WORDS);
    if (!body) return;
    const { session, participant } = authedOf(res);
    if (isMediatorRole(participant.role)) return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'Mediators get the follow-up through the practice, not by this email.' });
    await ctx.stores.followup.plans.confirmEmail({ sessionId: session.id, participantId: participant.id, email: body.email, confirmedAt: Date.now() });
    res.json(await planView(ctx, session.id, participant));
  });

  r.get('/board', requireMediator, async (_req, res) => {
    const { session } = authedOf(res);
    const today = todayOf(Date.now());
    const sc = await ctx.stores.followup.plans.sessionCase(session.id);
    const rows = sc
      ? await ctx.stores.followup.plans.itemsOfCase(sc.caseId)
      : (await ctx.stores.followup.plans.listItems(session.id)).map((i) => ({ ...i, sessionTitle: session.title }));
    const people = new Map<string, ParticipantRecord>();
    for (const sid of new Set(rows.map((x) => x.sessionId))) for (const p of await ctx.stores.sessions.listParticipants(sid)) people.set(p.id, p);
    const board: FollowupBoard = {
      items: rows.map((i) => {
        const v = itemView(i, people);
        return { ...v, sessionId: i.sessionId, sessionTitle: i.sessionTitle, state: boardState(v, today) };
      }),
    };
    res.json(board);
  });
  return r;
}

function checkinRoutes(ctx: AppContext): express.Router {
  const r = privateRouter();
  const plans = () => ctx.stores.followup.plans;

  /** The item behind a check-in key, if the key's person may still report on it. */
  const itemOf = async (key: string, res: Response): Promise<{ view: CheckinView; itemId: string; sessionId: string; person: ParticipantRecord } | null> => {
    const link = await plans().checkinLink(hashLinkKey(key));
    const item = link ? await plans().getItem(link.itemId) : null;
    const person = link ? await ctx.stores.sessions.getParticipant(link.participantId) : null;
    const session = item ? await ctx.stores.sessions.getSession(item.sessionId) : null;
    if (!link || !item || !person || !session || person.revoked || !itemConcerns(item.owner, { participantId: person.id, role: person.role, side: person.side })) {
      sendError(res, { code: ErrorCode.NOT_FOUND, message: 'This check-in link does not work (the item may have been removed from the plan).' });
      return null;
    }
    const people = new Map((await ctx.stores.sessions.listParticipants(item.sessionId)).map((p) => [p.id, p]));
    return { view: { sessionTitle: session.title, item: itemView(item, people) }, itemId: item.id, sessionId: item.sessionId, person };
  };

  r.post('/checkin/open', async (req: Request, res) => {
    const body = parseRequest(z.object({ key: linkKeySchema }).strict(), req.body, res);
    if (!body) return;
    const found = await itemOf(body.key, res);
    if (found) res.json(found.view);
  });

  r.post('/checkin', async (req, res) => {
    const body = parseRequest(checkinBodySchema, req.body, res, FIELD_WORDS);
    if (!body) return;
    const found = await itemOf(body.key, res);
    if (!found) return;
    await plans().setStatus(found.itemId, body.status, body.note, Date.now());
    void ctx.audit(found.sessionId, { id: found.person.id, name: found.person.displayName }, 'followup.checkin', { itemId: found.itemId, status: body.status });
    const again = await itemOf(body.key, res);
    if (again) res.json(again.view);
  });
  return r;
}
