/**
 * Satisfaction surveys (issue 14): at the end of a session every party, attorney and mediator
 * gets a survey in their role's variant (RSI/ABA-style items, NPS 0-10, free text; the mediator a
 * short self-report), on the ended page and by email, with one reminder after three days.
 *
 * Anonymous by default: the answer is stored with the session, case, dispute type, variant and
 * month only, never the person, their link or the moment; the person's survey keeps one flag,
 * "answered" (so nobody answers twice). Aggregates follow the three-answer rule (report.ts).
 *
 * - GET  /api/sessions/:sessionId/survey          the caller's form (after the end)
 * - POST /api/sessions/:sessionId/survey          answer it with one's own link
 * - GET  /api/sessions/:sessionId/survey/report   mediators: aggregates
 * - POST /api/surveys/open | /api/surveys/answer  the same by an emailed key
 */
import express, { type Response } from 'express';
import {
  DEFAULT_LANGUAGE, ErrorCode, SELF_REPORT_ITEMS, SURVEY_ITEMS, VARIANT_ITEMS, fail, linkKeySchema, ok, surveyAnswerBodySchema, surveyVariantOf,
  type Result, type SurveyForm, type SurveyVariant,
} from '@mediation/shared';
import { z } from 'zod';
import { msg } from '../i18n/catalog.js';
import { languageOfParticipant } from '../i18n/personLanguage.js';
import type { AppContext, ParticipantRecord, SessionRecord } from '../contracts.js';
import type { Feature } from '../features.js';
import { authedOf, requireMediator, requireParticipant } from '../http/auth.js';
import { sendError } from '../http/errors.js';
import { privateRouter } from '../http/privateRouter.js';
import { parseRequest } from '../http/parse.js';
import { Scheduler, registerScheduler, type JobHandler } from '../jobs/scheduler.js';
import { sessionAddresses } from '../people/addresses.js';
import { surveyReport } from './report.js';
import { hashKey, newKey } from './keys.js';

const REMINDER_AFTER_MS = 3 * 24 * 3600_000;
const FIELD_WORDS: Record<string, string> = { recommend: 'Choose a number from 0 to 10.', comment: 'Comments are at most 2,000 characters.' };

export interface SurveyOptions {
  clock?: () => number;
}

const ITEM_TEXT: Record<string, string> = { ...SURVEY_ITEMS, ...SELF_REPORT_ITEMS };

function formOf(variant: SurveyVariant, session: SessionRecord, answered: boolean): SurveyForm {
  return {
    variant, sessionTitle: session.title, answered, asksRecommend: variant !== 'mediator',
    items: VARIANT_ITEMS[variant].map((key) => ({ key, text: ITEM_TEXT[key]! })),
  };
}

export function surveysFeature(opts: SurveyOptions = {}): Feature {
  let scheduler: Scheduler | null = null;
  let ctxRef: AppContext | null = null;
  return {
    name: 'surveys',
    attach(ctx) {
      ctxRef = ctx;
      const s: Scheduler = new Scheduler({ store: ctx.stores.followup.jobs, log: ctx.log, clock: opts.clock, handlers: surveyJobs(ctx) });
      scheduler = s;
      ctx.onClose(registerScheduler(ctx, s));
      ctx.express.use('/api/sessions/:sessionId/survey', sessionRoutes(ctx));
      ctx.express.use('/api/surveys', keyRoutes(ctx));
      s.start();
    },
    onPhaseChanged(e) {
      if (e.to !== 'ended' || !scheduler || !ctxRef) return;
      const s = scheduler;
      const log = ctxRef.log;
      const now = s.clock();
      void (async () => {
        await s.schedule(`survey.send:${e.sessionId}`, 'survey.send', now, { sessionId: e.sessionId });
        await s.schedule(`survey.remind:${e.sessionId}`, 'survey.remind', now + REMINDER_AFTER_MS, { sessionId: e.sessionId });
      })().catch((err: unknown) => log.error({ err, sessionId: e.sessionId }, 'could not schedule the survey'));
    },
    async close() {
      await scheduler?.close();
    },
  };
}

/** The caller's survey, made on first use (the end-of-session job makes everyone's). */
async function ensureSurvey(ctx: AppContext, p: ParticipantRecord, now: number): Promise<Result<{ variant: SurveyVariant; answered: boolean }>> {
  const variant = surveyVariantOf(p.role);
  if (!variant) return fail(ErrorCode.NOT_FOUND, 'There is no survey for observers and interpreters.');
  await ctx.stores.followup.surveys.addLink({ sessionId: p.sessionId, participantId: p.id, variant, answered: false, createdAt: now });
  const link = await ctx.stores.followup.surveys.linkOf(p.sessionId, p.id);
  return ok({ variant: link!.variant, answered: link!.answered });
}

async function answer(ctx: AppContext, session: SessionRecord, participantId: string, variant: SurveyVariant, body: z.output<typeof surveyAnswerBodySchema>): Promise<Result<void>> {
  const allowed = new Set(VARIANT_ITEMS[variant]);
  const unknown = Object.keys(body.ratings).find((k) => !allowed.has(k));
  if (unknown) return fail(ErrorCode.BAD_REQUEST, `“${unknown}” is not a question of this survey.`);
  if (variant === 'mediator' && body.recommend !== null) return fail(ErrorCode.BAD_REQUEST, 'The self-report has no recommendation question.');
  if (Object.keys(body.ratings).length === 0 && body.recommend === null && body.comment === '') return fail(ErrorCode.BAD_REQUEST, 'Answer at least one question.');
  const sc = await ctx.stores.followup.plans.sessionCase(session.id);
  const stored = await ctx.stores.followup.surveys.answer(session.id, participantId, {
    sessionId: session.id, caseId: sc?.caseId ?? null, practiceId: sc?.practiceId ?? null, disputeType: sc?.disputeType ?? 'Not recorded',
    variant, month: new Date(session.endedAt ?? Date.now()).toISOString().slice(0, 7), ratings: body.ratings, recommend: body.recommend, comment: body.comment,
  });
  return stored ? ok(undefined) : fail(ErrorCode.CONFLICT, 'This survey was answered already. Thank you!');
}

function sessionRoutes(ctx: AppContext): express.Router {
  const r = privateRouter([requireParticipant(ctx, { afterEnd: 'allow-writes' })], { mergeParams: true });
  const ended = (res: Response): boolean => {
    if (authedOf(res).session.endedAt !== null) return true;
    sendError(res, { code: ErrorCode.CONFLICT, message: 'The survey opens when the session ends.' });
    return false;
  };

  r.get('/', async (_req, res) => {
    if (!ended(res)) return;
    const { session, participant } = authedOf(res);
    const s = await ensureSurvey(ctx, participant, Date.now());
    if (!s.ok) return sendError(res, s.error);
    res.json(formOf(s.data.variant, session, s.data.answered));
  });

  r.post('/', async (req, res) => {
    const body = parseRequest(surveyAnswerBodySchema, req.body, res, FIELD_WORDS);
    if (!body || !ended(res)) return;
    const { session, participant } = authedOf(res);
    const s = await ensureSurvey(ctx, participant, Date.now());
    if (!s.ok) return sendError(res, s.error);
    const done = await answer(ctx, session, participant.id, s.data.variant, body);
    if (!done.ok) return sendError(res, done.error);
    res.status(201).json(formOf(s.data.variant, session, true));
  });

  r.get('/report', requireMediator, async (_req, res) => {
    const { session } = authedOf(res);
    const sc = await ctx.stores.followup.plans.sessionCase(session.id);
    const own = await ctx.stores.followup.surveys.answersOfSession(session.id);
    const practice = sc ? await ctx.stores.followup.surveys.answersOfPractice(sc.practiceId) : own;
    res.json(surveyReport(session, sc?.caseId ?? null, practice, own));
  });
  return r;
}

function keyRoutes(ctx: AppContext): express.Router {
  const r = privateRouter();
  const byKey = async (key: string, res: Response) => {
    const link = await ctx.stores.followup.surveys.linkByKey(hashKey(key));
    const session = link ? await ctx.stores.sessions.getSession(link.sessionId) : null;
    if (!link || !session) {
      sendError(res, { code: ErrorCode.NOT_FOUND, message: 'This survey link does not work. Open it from the email again.' });
      return null;
    }
    return { link, session };
  };
  r.post('/open', async (req, res) => {
    const body = parseRequest(z.object({ key: linkKeySchema }).strict(), req.body, res);
    if (!body) return;
    const found = await byKey(body.key, res);
    if (found) res.json(formOf(found.link.variant, found.session, found.link.answered));
  });
  r.post('/answer', async (req, res) => {
    const body = parseRequest(surveyAnswerBodySchema.extend({ key: linkKeySchema }), req.body, res, FIELD_WORDS);
    if (!body) return;
    const found = await byKey(body.key, res);
    if (!found) return;
    const done = await answer(ctx, found.session, found.link.participantId, found.link.variant, body);
    if (!done.ok) return sendError(res, done.error);
    res.status(201).json(formOf(found.link.variant, found.session, true));
  });
  return r;
}

function surveyJobs(ctx: AppContext): Record<string, JobHandler> {
  /** Emails each person with a survey a fresh key to it (unless answered), for case sessions. */
  const mail = (reminder: boolean): JobHandler => async (job, now) => {
    const sessionId = String(job.payload.sessionId);
    const session = await ctx.stores.sessions.getSession(sessionId);
    if (!session) return;
    const sc = await ctx.stores.followup.plans.sessionCase(sessionId);
    const addresses = sc ? await sessionAddresses(ctx, sessionId) : new Map<string, { email: string }>();
    for (const p of await ctx.stores.sessions.listParticipants(sessionId)) {
      if (p.revoked) continue;
      const s = await ensureSurvey(ctx, p, now);
      const to = addresses.get(p.id)?.email;
      if (!s.ok || s.data.answered || !sc || !to) continue;
      const { key, keyHash } = newKey();
      await ctx.stores.followup.surveys.addKey(keyHash, sessionId, p.id);
      const link = `${ctx.config.publicUrl}/survey#k=${key}`;
      const self = s.data.variant === 'mediator';
      // In the person's language (their intake answer or the mediator's record; English otherwise).
      const lng = (await languageOfParticipant(ctx, sessionId, p.id)) ?? DEFAULT_LANGUAGE;
      const title = { session: session.title };
      const text = [
        msg(lng, 'greeting', { name: p.displayName }), '',
        msg(lng, reminder ? 'survey.reminder' : self ? 'survey.self' : 'survey.ask', title),
        '',
        msg(lng, self ? 'survey.selfPrivacy' : 'survey.privacy'),
        '', link,
      ].join('\n');
      const subject = msg(lng, self ? 'survey.subjectSelf' : 'survey.subjectFeedback', title);
      await ctx.mailer.send({ practiceId: sc.practiceId, caseId: sc.caseId, to, subject: reminder ? msg(lng, 'survey.subjectReminder', { subject }) : subject, text, calendar: null });
    }
  };
  return { 'survey.send': mail(false), 'survey.remind': mail(true) };
}
