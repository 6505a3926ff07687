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

  // Most routes are one service call on a checked body, on one item `:id`, or both.
  type Run<A extends unknown[]> = (caller: Caller, ...args: A) => Promise<Result<unknown>>;
  const withBody = <T extends z.ZodType>(path: string, schema: T, run: Run<[z.output<T>]>, status = 200) =>
    r.post(path, async (req, res) => {
      const body = parse(schema, req.body, res);
      if (body) reply(res, await run(callerOf(res), body), status);
    });
  const onItem = (path: string, run: Run<[string]>, status = 200) =>
    r.post(path, async (req, res) => {
      const id = param(req, 'id', res);
      if (id) reply(res, await run(callerOf(res), id), status);
    });
  const onItemWithBody = <T extends z.ZodType>(path: string, schema: T, run: Run<[string, z.output<T>]>, status = 200) =>
    r.post(path, async (req, res) => {
      const id = param(req, 'id', res);
      const body = id && parse(schema, req.body, res);
      if (id && body) reply(res, await run(callerOf(res), id, body), status);
    });

  r.get('/', async (_req, res) => reply(res, await service.state(callerOf(res))));

  withBody('/template', templateBodySchema, (c, body) => service.applyTemplate(c, body.replace));
  withBody('/suggestions', suggestionBodySchema, (c, body) => service.suggest(c, body), 201);
  withBody('/suggestions/by-author', bulkDecisionBodySchema, (c, body) => service.decideAll(c, body.authorId, body.decision));

  r.post('/suggestions/:id/:decision', async (req, res) => {
    const id = param(req, 'id', res);
    if (!id) return;
    const decision = parse(suggestionDecisionSchema, req.params.decision, res);
    if (decision) reply(res, await service.decide(callerOf(res), id, decision));
  });

  withBody('/threads', createThreadBodySchema, (c, body) => service.createThread(c, body.from, body.to, body.body), 201);
  onItemWithBody('/threads/:id/replies', replyBodySchema, (c, id, body) => service.reply(c, id, body.body), 201);
  onItem('/threads/:id/resolve', (c, id) => service.setThreadStatus(c, id, 'resolved'));
  onItem('/threads/:id/reopen', (c, id) => service.setThreadStatus(c, id, 'open'));

  withBody('/versions', createVersionBodySchema, (c, body) => service.createVersion(c, body.name), 201);
  onItem('/versions/:id/restore', (c, id) => service.restore(c, id), 201);

  r.get('/redline/:from/:to', async (req, res) => {
    const from = param(req, 'from', res);
    const to = from && param(req, 'to', res);
    if (from && to) reply(res, await service.redline(callerOf(res), from, to));
  });

  withBody('/freeze', freezeBodySchema, (c, body) => service.freeze(c, body.name), 201);
  /** Open a frozen agreement for changes again (mediators); voids every signature, so `confirm: true`. */
  withBody('/unfreeze', unfreezeBodySchema, (c) => service.unfreeze(c));
  withBody('/sign', signBodySchema, (c, body) => service.sign(c, body), 201);

  withBody('/proposals', proposalBodySchema, (c, body) => service.propose(c, body.draftSpace, body.from, body.to), 201);
  onItemWithBody('/proposals/:id/approve', approveProposalBodySchema, (c, id, body) => service.decideProposal(c, id, true, body.at));
  onItem('/proposals/:id/reject', (c, id) => service.decideProposal(c, id, false));

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
