/** The sessions feature: create a session with invite links, inspect a link, manage invites, the
 * audit log (HTTP under /api). */
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import {
  bindingProblem,
  ErrorCode,
  createInviteBodySchema,
  createSessionBodySchema,
  idSchema,
  reissueLinkBodySchema,
  retainedUntil,
  sessionSettingsSchema,
  type CreateSessionResponse,
  type InviteInfo,
  type InviteLink,
  type InviteSpec,
} from '@mediation/shared';
import type { AppContext, ParticipantRecord } from '../contracts.js';
import type { Feature } from '../features.js';
import { mayCutOff } from '../auth/authority.js';
import { nameHolder, nameTaken, repeatedName } from '../auth/names.js';
import { authedOf, requireMediator, requireParticipant } from '../http/auth.js';
import { sendError } from '../http/errors.js';
import { parseRequest } from '../http/parse.js';
import { newId } from '../ids.js';
import { languageOfParticipant } from '../i18n/personLanguage.js';


export function sessionsFeature(): Feature {
  return { name: 'sessions', attach: (ctx) => void ctx.express.use('/api', createApiRouter(ctx)) };
}

export function inviteLink(ctx: AppContext, p: ParticipantRecord): InviteLink {
  return {
    participantId: p.id,
    displayName: p.displayName,
    role: p.role,
    side: p.side,
    plannedSpace: p.plannedSpace,
    ...(p.interpretsFor ? { interpretsFor: p.interpretsFor } : {}),
    ...(p.interpretationLanguage ? { interpretationLanguage: p.interpretationLanguage } : {}),
    link: `${ctx.config.publicUrl}/join#t=${p.token}`,
    token: p.token,
    expiresAt: p.expiresAt,
    revoked: p.revoked,
  };
}

/**
 * An interpreter or captioner invited for someone: the person must be in the session (a party,
 * attorney or observer), and the invitee takes the side they serve (shared `bindingProblem`).
 */
function boundInvite<S extends InviteSpec>(spec: S, people: readonly ParticipantRecord[]): { ok: true; spec: S } | { ok: false; message: string } {
  if (!spec.interpretsFor) return { ok: true, spec };
  const r = bindingProblem(spec, spec.interpretsFor, people);
  return r.ok ? { ok: true, spec: { ...spec, side: r.side } } : r;
}

export function createApiRouter(ctx: AppContext): express.Router {
  // Strict and case-sensitive like the app (see app.ts): one spelling per path.
  const router = express.Router({ caseSensitive: true, strict: true });
  const auth = requireParticipant(ctx);
  // Creating sessions is open (no accounts), so it is the endpoint most worth rate limiting.
  // SESSION_CREATES_PER_MINUTE exists for benchmarks that create 100 sessions from one address
  // (the signalling bench); the default stays 30 per address and minute.
  const createsPerMinute = z.coerce.number().int().min(1).max(10_000).default(30).parse(process.env.SESSION_CREATES_PER_MINUTE);
  const createLimiter = rateLimit({ windowMs: 60_000, limit: createsPerMinute, standardHeaders: 'draft-8', legacyHeaders: false,
    handler: (_req, res) => sendError(res, { code: ErrorCode.RATE_LIMITED, message: 'Too many sessions created; wait a minute.' }) });

  router.post('/sessions', createLimiter, async (req, res) => {
    const body = parseRequest(createSessionBodySchema, req.body, res);
    if (!body) return;
    // Checked before anything is stored: a refused session leaves nothing behind.
    const repeated = repeatedName([body.mediatorName, ...body.invites.map((i) => i.displayName)]);
    if (repeated) return sendError(res, nameTaken(repeated).error);
    // Nobody has an id yet: an interpreter invited with the session serves a side.
    const specs: InviteSpec[] = [];
    for (const spec of body.invites) {
      const bound = boundInvite(spec, []);
      if (!bound.ok) return sendError(res, { code: ErrorCode.BAD_REQUEST, message: bound.message });
      specs.push(bound.spec);
    }
    const sessionId = newId();
    const settings = sessionSettingsSchema.parse({ capacity: ctx.config.sessionCapacity, ...body.settings });
    await ctx.stores.sessions.createSession({ id: sessionId, title: body.title, settings, lobbyMessage: 'The mediator will bring you in shortly.', createdAt: Date.now(), endedAt: null });
    const mediator = await ctx.createInvite(sessionId, { displayName: body.mediatorName, role: 'mediator', side: null }, body.linkTtlHours);
    const invites: ParticipantRecord[] = [];
    for (const spec of specs) invites.push(await ctx.createInvite(sessionId, spec, body.linkTtlHours));
    await ctx.audit(sessionId, { id: mediator.id, name: mediator.displayName }, 'session.created', { title: body.title, invites: invites.length });
    const response: CreateSessionResponse = { sessionId, title: body.title, mediator: inviteLink(ctx, mediator), invites: invites.map((p) => inviteLink(ctx, p)) };
    res.status(201).json(response);
  });

  /** What the join page shows before joining. Errors say exactly what is wrong with the link. */
  router.get('/invite', auth, async (req, res) => {
    const { session, participant, claims, phase } = authedOf(res);
    // After the end the link still opens the session's record (the ended page offers the signed
    // agreement) for the retention period; `requireParticipant` refuses it once archived.
    const info: InviteInfo = {
      sessionId: session.id, title: session.title, participantId: participant.id, displayName: participant.displayName,
      role: participant.role, side: participant.side, expiresAt: claims.exp * 1000, waitingRoom: session.settings.waitingRoom,
      phase, endedAt: session.endedAt, retainedUntil: retainedUntil(session, ctx.config.retentionDays),
      // The join page's language suggestion (intake answer or the mediator's record; null outside a case).
      language: await languageOfParticipant(ctx, session.id, participant.id),
    };
    res.json(info);
  });

  router.get('/sessions/:sessionId/invites', auth, requireMediator, async (req, res) => {
    res.json({ invites: (await ctx.stores.sessions.listParticipants(authedOf(res).session.id)).map((p) => inviteLink(ctx, p)) });
  });

  router.post('/sessions/:sessionId/invites', auth, requireMediator, async (req, res) => {
    const body = parseRequest(createInviteBodySchema, req.body, res);
    if (!body) return;
    const { session, participant: actor } = authedOf(res);
    const people = await ctx.stores.sessions.listParticipants(session.id);
    const capacityLeft = people.filter((p) => !p.revoked).length < 50;
    if (!capacityLeft) return sendError(res, { code: ErrorCode.SESSION_FULL, message: 'A session can hold at most 50 invitations.' });
    if (nameHolder(people, body.displayName)) return sendError(res, nameTaken(body.displayName).error);
    const bound = boundInvite(body, people);
    if (!bound.ok) return sendError(res, { code: ErrorCode.BAD_REQUEST, message: bound.message });
    const p = await ctx.createInvite(session.id, bound.spec, body.linkTtlHours);
    await ctx.audit(session.id, { id: actor.id, name: actor.displayName }, 'invite.created', { participantId: p.id, role: p.role, side: p.side });
    res.status(201).json(inviteLink(ctx, p));
  });

  // Withdrawing a link stays possible after the end: the link still opens the session's record.
  router.delete('/sessions/:sessionId/participants/:participantId', requireParticipant(ctx, { afterEnd: 'allow-writes' }), requireMediator, async (req, res) => {
    const pid = idSchema.safeParse(req.params.participantId);
    const { session, participant: actor } = authedOf(res);
    const target = pid.success ? await ctx.stores.sessions.getParticipant(pid.data) : null;
    if (!target || target.sessionId !== session.id) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such participant in this session.' });
    const allowed = mayCutOff(actor, target, 'revoke');
    if (!allowed.ok) return sendError(res, allowed.error);
    await ctx.revokeParticipant(session.id, target.id, { id: actor.id, name: actor.displayName });
    res.status(204).end();
  });

  /** A new link for someone who lost theirs or whose link runs out: the same person (id, name, role,
   * side), a new token id and expiry; the old link is refused from now on and its open connections
   * close. A co-mediator cannot re-issue the lead mediator's link, and nobody their own (it would cut
   * them off mid-session). */
  // Also after the end, for the retention period: someone whose link expired can get a new one
  // that opens the session's record (the signed agreement), never the room.
  router.post('/sessions/:sessionId/participants/:participantId/link', requireParticipant(ctx, { afterEnd: 'allow-writes' }), requireMediator, async (req, res) => {
    const pid = idSchema.safeParse(req.params.participantId);
    const { session, participant: actor, phase } = authedOf(res);
    const body = parseRequest(reissueLinkBodySchema, req.body, res);
    if (!body) return;
    const target = pid.success ? await ctx.stores.sessions.getParticipant(pid.data) : null;
    if (!target || target.sessionId !== session.id) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such participant in this session.' });
    if (phase === 'archived') return sendError(res, { code: ErrorCode.SESSION_ENDED, message: 'This session’s records are no longer kept for its people, so a new link would not open anything.' });
    if (target.revoked) return sendError(res, { code: ErrorCode.CONFLICT, message: `${target.displayName} was removed from the session; invite them again instead.` });
    if (target.id === actor.id) return sendError(res, { code: ErrorCode.CONFLICT, message: 'You cannot replace your own link while using it.' });
    if (target.role === 'mediator' && actor.role !== 'mediator') {
      return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'Only the lead mediator can replace the lead mediator’s link.' });
    }
    const p = await ctx.reissueLink(session.id, target.id, body.linkTtlHours);
    await ctx.audit(session.id, { id: actor.id, name: actor.displayName }, 'invite.reissued', { participantId: p.id, expiresAt: p.expiresAt });
    res.json(inviteLink(ctx, p));
  });

  router.get('/sessions/:sessionId/audit', auth, requireMediator, async (req, res) => {
    const entries = await ctx.stores.sessions.listAudit(authedOf(res).session.id);
    if (req.query.format === 'csv') {
      // Spreadsheets run a cell starting with = + - @ (or tab/CR before one) as a formula, and
      // display names are typed by invitees: such cells get a leading ' so they stay text.
      const esc = (v: unknown) => `"${String(v).replace(/^[=+\-@\t\r]/, "'$&").replaceAll('"', '""')}"`;
      const lines = ['at,actor,action,detail', ...entries.map((e) => [new Date(e.at).toISOString(), e.actorName, e.action, JSON.stringify(e.detail)].map(esc).join(','))];
      res.type('text/csv').attachment(`audit-${authedOf(res).session.id}.csv`).send(lines.join('\n'));
      return;
    }
    res.json({ entries });
  });

  return router;
}
