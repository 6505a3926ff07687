/**
 * Cases of the signed-in mediator's practice: list by stage, create (with the conflict check),
 * read, add people (checked again), record conflict decisions, move the stage, create sessions
 * and email their invitations; and the practice's outbox. Every case id is looked up within the
 * caller's practice: another practice's case is answered exactly like an unknown one (404).
 */
import express from 'express';
import {
  ErrorCode, addPeopleBodySchema, conflictDecisionBodySchema, createCaseBodySchema, createCaseSessionBodySchema, idSchema,
  sendInvitesBodySchema, updateCaseBodySchema, type ConflictCheck,
} from '@mediation/shared';
import type { z } from 'zod';
import type { AppContext } from '../contracts.js';
import { sendError } from '../http/errors.js';
import { parseRequest } from '../http/parse.js';
import { newId } from '../ids.js';
import type { CasePersonRecord, CaseRecord, HistoryRecord } from '../storage/practiceTypes.js';
import { caseOf, caseSessionOf } from './caseLookup.js';
import { createCaseSession, joinAsCoMediator, sendInvitations } from './caseSessions.js';
import { findConflicts } from './conflicts.js';
import type { SessionReminders } from './reminders.js';
import { requireSignedIn, signedInOf, type SignedIn } from '../auth/signedIn.js';
import { caseDetail, historyText } from './views.js';

type PersonInput = z.output<typeof createCaseBodySchema>['people'][number];

export function caseRoutes(ctx: AppContext, reminders: SessionReminders): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  const cases = () => ctx.stores.practice.cases;
  router.use(requireSignedIn(ctx));

  const entry = (who: SignedIn, kind: HistoryRecord['kind'], text: string, at = Date.now()): HistoryRecord => ({ at, actorId: who.mediator.id, actorName: who.mediator.name, kind, text });
  const toRecords = (caseId: string, people: PersonInput[], at: number): CasePersonRecord[] => people.map((p) => ({
    id: newId(), caseId, name: p.name, role: p.role, side: p.side, email: p.email, phone: p.phone, organisation: p.organisation, addedAt: at, language: p.language ?? null,
  }));
  const check = async (practiceId: string, caseId: string, people: CasePersonRecord[], reason: ConflictCheck['reason'], at: number): Promise<ConflictCheck> => {
    const matches = findConflicts(people, await cases().peopleOutside(practiceId, caseId));
    // Nothing to decide when nothing matched: the check is recorded as clear by itself.
    return { id: newId(), at, reason, matches, decision: matches.length === 0 ? 'clear' : null, note: matches.length === 0 ? 'No matches.' : '', decidedAt: matches.length === 0 ? at : null, decidedBy: matches.length === 0 ? 'Conflict check' : null };
  };

  router.get('/cases', async (_req, res) => {
    const list = await cases().listCases(signedInOf(res).practice.id);
    res.json({ cases: list.map((c) => ({ id: c.id, title: c.title, disputeType: c.disputeType, stage: c.stage, createdAt: c.createdAt, people: c.people, conflictPending: c.conflictPending })) });
  });

  router.post('/cases', async (req, res) => {
    const body = parseRequest(createCaseBodySchema, req.body, res);
    if (!body) return;
    const who = signedInOf(res);
    const now = Date.now();
    const c: CaseRecord = { id: newId(), practiceId: who.practice.id, title: body.title, disputeType: body.disputeType, stage: 'conflict-check', createdAt: now, createdBy: who.mediator.id };
    const people = toRecords(c.id, body.people, now);
    const k = await check(who.practice.id, c.id, people, 'created', now);
    if (k.decision === 'clear') c.stage = 'intake';
    await cases().createCase(c, people, k, [entry(who, 'case.created', historyText.created(c, people.length), now), entry(who, 'conflict.checked', historyText.checked(k), now)]);
    res.status(201).json(await caseDetail(ctx, c, signedInOf(res).mediator.id));
  });

  router.get('/cases/:caseId', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (c) res.json(await caseDetail(ctx, c, signedInOf(res).mediator.id));
  });

  router.patch('/cases/:caseId', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (!c) return;
    const body = parseRequest(updateCaseBodySchema, req.body, res);
    if (!body) return;
    if (body.stage !== c.stage) {
      await cases().setStage(c.id, body.stage);
      await cases().appendHistory(c.id, entry(signedInOf(res), 'stage.changed', historyText.stage(c.stage, body.stage)));
    }
    res.json(await caseDetail(ctx, { ...c, stage: body.stage }, signedInOf(res).mediator.id));
  });

  router.post('/cases/:caseId/people', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (!c) return;
    const body = parseRequest(addPeopleBodySchema, req.body, res);
    if (!body) return;
    const who = signedInOf(res);
    const now = Date.now();
    const people = toRecords(c.id, body.people, now);
    const k = await check(who.practice.id, c.id, people, 'people-added', now);
    await cases().addPeople(c.id, people, k, [entry(who, 'people.added', historyText.peopleAdded(people), now), entry(who, 'conflict.checked', historyText.checked(k), now)]);
    res.status(201).json(await caseDetail(ctx, c, signedInOf(res).mediator.id));
  });

  router.post('/cases/:caseId/conflict-checks/:checkId/decision', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (!c) return;
    const body = parseRequest(conflictDecisionBodySchema, req.body, res);
    if (!body) return;
    const checkId = idSchema.safeParse(req.params.checkId);
    const existing = checkId.success ? (await cases().listConflictChecks(c.id)).find((k) => k.id === checkId.data) : undefined;
    if (!existing) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such conflict check in this case.' });
    const who = signedInOf(res);
    const now = Date.now();
    if (!(await cases().decideConflict(c.id, existing.id, { decision: body.decision, note: body.note, at: now, by: who.mediator.name }))) {
      return sendError(res, { code: ErrorCode.CONFLICT, message: 'A decision on this conflict check is already recorded.' });
    }
    await cases().appendHistory(c.id, entry(who, 'conflict.decided', historyText.decided(body.decision, body.note), now));
    const stillPending = (await cases().listConflictChecks(c.id)).some((k) => k.decision === null);
    const next = body.decision === 'declined' ? 'declined' : c.stage === 'conflict-check' && !stillPending ? 'intake' : c.stage;
    if (next !== c.stage) {
      await cases().setStage(c.id, next);
      await cases().appendHistory(c.id, entry(who, 'stage.changed', historyText.stage(c.stage, next), now));
    }
    res.json(await caseDetail(ctx, { ...c, stage: next }, who.mediator.id));
  });

  router.post('/cases/:caseId/sessions', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (!c) return;
    const body = parseRequest(createCaseSessionBodySchema, req.body, res);
    if (!body) return;
    const made = await createCaseSession(ctx, signedInOf(res), c, body);
    if (!made.ok) return sendError(res, made.error);
    const fresh = await cases().getCase(c.practiceId, c.id);
    res.status(201).json(await caseDetail(ctx, fresh ?? c, signedInOf(res).mediator.id));
  });

  router.post('/cases/:caseId/sessions/:sessionId/invitations', async (req, res) => {
    const found = await caseSessionOf(ctx, res, req.params.caseId, req.params.sessionId);
    if (!found) return;
    const { c, s } = found;
    const body = parseRequest(sendInvitesBodySchema, req.body, res);
    if (!body) return;
    const sent = await sendInvitations(ctx, signedInOf(res), c, s, body.people);
    if (!sent.ok) return sendError(res, sent.error);
    // Those invited now are reminded 24 hours and 1 hour before their time to join (durable jobs).
    const skipped = new Set(sent.data.skipped.map((x) => x.personId));
    await reminders.scheduleFor(s, (body.people ?? s.invitees.map((i) => i.personId)).filter((id) => !skipped.has(id)));
    res.json(sent.data);
  });

  /** The signed-in mediator's own link into a case session: a co-mediator link made on first ask
   * (the lead mediator already has theirs). */
  router.post('/cases/:caseId/sessions/:sessionId/mediator-link', async (req, res) => {
    const found = await caseSessionOf(ctx, res, req.params.caseId, req.params.sessionId);
    if (!found) return;
    const { c, s } = found;
    const joined = await joinAsCoMediator(ctx, signedInOf(res), s);
    if (!joined.ok) return sendError(res, joined.error);
    res.json(await caseDetail(ctx, c, signedInOf(res).mediator.id));
  });

  router.get('/outbox', async (_req, res) => {
    res.json({ emails: await ctx.mailer.list(signedInOf(res).practice.id) });
  });

  return router;
}


