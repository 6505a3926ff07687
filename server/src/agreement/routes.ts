/** HTTP routes of the agreement: every body validated with the shared zod schemas; the author of
 * everything is the bearer token's participant. */
import express, { type Request, type Response } from 'express';
import type { z } from 'zod';
import {
  approveProposalBodySchema, bulkDecisionBodySchema, createThreadBodySchema, createVersionBodySchema, ErrorCode,
  exportQuerySchema, freezeBodySchema, idSchema, proposalBodySchema, replyBodySchema, signBodySchema,
  suggestionBodySchema, suggestionDecisionSchema, templateBodySchema, unfreezeBodySchema, type Result,
} from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import { authedOf, requireParticipant } from '../http/auth.js';
import { sendError } from '../http/errors.js';
import { parseRequest } from '../http/parse.js';
import { exportAgreement } from './export.js';
import type { AgreementService, Caller } from './service.js';

/** What a refused field means to the person who acted (the page shows this message as it is). */
const FIELD_WORDS: Record<string, string> = {
  confirm: 'Tick the box to confirm.',
  typedName: 'Type your full name to sign.',
  versionId: 'That version of the agreement does not exist.',
  hash: 'That is not the version frozen for signature.',
  at: 'That place is not in the agreement text.',
  from: 'Select some text in the agreement first.',
  to: 'Select some text in the agreement first.',
  text: 'Type the text you suggest.',
  body: 'Write something first (at most 4,000 characters).',
  kind: 'That kind of suggestion is not known.',
  format: 'Choose PDF or Word (DOCX).',
  id: 'That item does not exist.',
  authorId: 'That person is not known.',
  decision: 'Choose accept or reject.',
  draftSpace: 'That private draft is not known.',
};

/** The one request parser (http/parse.ts), in this module's words for its fields. */
const parse = <T extends z.ZodType>(schema: T, value: unknown, res: Response): z.output<T> | undefined => parseRequest(schema, value, res, FIELD_WORDS);

function reply<T>(res: Response, r: Result<T>, status = 200): void {
  if (r.ok) res.status(status).json(r.data);
  else sendError(res, r.error);
}

function callerOf(res: Response): Caller {
  const { claims, participant } = authedOf(res);
  return { claims, participant, author: { id: participant.id, name: participant.displayName } };
}

const param = (req: Request, name: string, res: Response): string | undefined => {
  const v = req.params[name];
  if (v === 'current') return v;
  const parsed = idSchema.safeParse(v);
  if (parsed.success) return parsed.data;
  sendError(res, { code: ErrorCode.BAD_REQUEST, message: 'That item does not exist (it may have been removed).' });
  return undefined;
};

export function agreementRouter(ctx: AppContext, service: AgreementService): express.Router {
  const r = express.Router({ mergeParams: true });
  r.use(requireParticipant(ctx));

  r.get('/', async (_req, res) => reply(res, await service.state(callerOf(res))));

  r.post('/template', async (req, res) => {
    const body = parse(templateBodySchema, req.body, res);
    if (body) reply(res, await service.applyTemplate(callerOf(res), body.replace));
  });

  r.post('/suggestions', async (req, res) => {
    const body = parse(suggestionBodySchema, req.body, res);
    if (body) reply(res, await service.suggest(callerOf(res), body), 201);
  });

  r.post('/suggestions/by-author', async (req, res) => {
    const body = parse(bulkDecisionBodySchema, req.body, res);
    if (body) reply(res, await service.decideAll(callerOf(res), body.authorId, body.decision));
  });

  r.post('/suggestions/:id/:decision', async (req, res) => {
    const id = param(req, 'id', res);
    if (!id) return;
    const decision = parse(suggestionDecisionSchema, req.params.decision, res);
    if (decision) reply(res, await service.decide(callerOf(res), id, decision));
  });

  r.post('/threads', async (req, res) => {
    const body = parse(createThreadBodySchema, req.body, res);
    if (body) reply(res, await service.createThread(callerOf(res), body.from, body.to, body.body), 201);
  });

  r.post('/threads/:id/replies', async (req, res) => {
    const id = param(req, 'id', res);
    const body = id && parse(replyBodySchema, req.body, res);
    if (id && body) reply(res, await service.reply(callerOf(res), id, body.body), 201);
  });

  r.post('/threads/:id/resolve', async (req, res) => {
    const id = param(req, 'id', res);
    if (id) reply(res, await service.setThreadStatus(callerOf(res), id, 'resolved'));
  });

  r.post('/threads/:id/reopen', async (req, res) => {
    const id = param(req, 'id', res);
    if (id) reply(res, await service.setThreadStatus(callerOf(res), id, 'open'));
  });

  r.post('/versions', async (req, res) => {
    const body = parse(createVersionBodySchema, req.body, res);
    if (body) reply(res, await service.createVersion(callerOf(res), body.name), 201);
  });

  r.post('/versions/:id/restore', async (req, res) => {
    const id = param(req, 'id', res);
    if (id) reply(res, await service.restore(callerOf(res), id), 201);
  });

  r.get('/redline/:from/:to', async (req, res) => {
    const from = param(req, 'from', res);
    const to = from && param(req, 'to', res);
    if (from && to) reply(res, await service.redline(callerOf(res), from, to));
  });

  r.post('/freeze', async (req, res) => {
    const body = parse(freezeBodySchema, req.body, res);
    if (body) reply(res, await service.freeze(callerOf(res), body.name), 201);
  });

  /** Open a frozen agreement for changes again (mediators); voids every signature, so `confirm: true`. */
  r.post('/unfreeze', async (req, res) => {
    const body = parse(unfreezeBodySchema, req.body, res);
    if (body) reply(res, await service.unfreeze(callerOf(res)));
  });

  r.post('/sign', async (req, res) => {
    const body = parse(signBodySchema, req.body, res);
    if (body) reply(res, await service.sign(callerOf(res), body), 201);
  });

  r.post('/proposals', async (req, res) => {
    const body = parse(proposalBodySchema, req.body, res);
    if (body) reply(res, await service.propose(callerOf(res), body.draftSpace, body.from, body.to), 201);
  });

  r.post('/proposals/:id/approve', async (req, res) => {
    const id = param(req, 'id', res);
    const body = id && parse(approveProposalBodySchema, req.body, res);
    if (id && body) reply(res, await service.decideProposal(callerOf(res), id, true, body.at));
  });

  r.post('/proposals/:id/reject', async (req, res) => {
    const id = param(req, 'id', res);
    if (id) reply(res, await service.decideProposal(callerOf(res), id, false));
  });

  /** GET …/versions/<id|current>/export?format=docx|pdf[&annotate=1] */
  r.get('/versions/:id/export', async (req, res) => {
    const id = param(req, 'id', res);
    const q = id && parse(exportQuerySchema, req.query, res);
    if (!id || !q) return;
    const caller = callerOf(res);
    if ((await service.access(caller)) === 'none') return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'The agreement cannot be downloaded from where you are now.' });
    const sessionId = caller.participant.sessionId;
    await service.settle(sessionId);
    const content = await service.versionContent(sessionId, id);
    if (!content) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such version.' });
    const file = await exportAgreement(ctx, service, sessionId, content, q.format, q.annotate === '1');
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-disposition', `attachment; filename="${file.filename}"`);
    res.send(file.data);
  });

  return r;
}
