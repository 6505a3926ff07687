/**
 * Board HTTP routes under /api/sessions/:sessionId/board. Everything that must not live in the
 * shared document (private scores) or needs the server's authority (promote, delete, export)
 * goes through here; every body and query is validated with the shared zod schemas.
 */
import express, { type Request, type Response } from 'express';
import * as Y from 'yjs';
import {
  boardExportQuerySchema, boardQuerySchema, BOARD_MAPS, canDeleteCard, docName, docNameOf, docNameSchema, ErrorCode, generationQuerySchema, freeSpot,
  NEUTRAL_COLOUR, promoteBodySchema, putScoreBodySchema, type AppError, type Card, type DocAccess, type DocRef, type SideScore, type SpaceId,
} from '@mediation/shared';
import type { z } from 'zod';
import type { AppContext } from '../contracts.js';
import type { Feature } from '../features.js';
import { authedOf, requireMediator, requireParticipant, type Authed } from '../http/auth.js';
import { sendError } from '../http/errors.js';
import { parseRequest } from '../http/parse.js';
import { newId } from '../ids.js';
import { metrics } from '../metrics.js';
import { boardToMarkdown, boardToPdf } from './export.js';
import { guardBoard } from './guard.js';
import { deleteCard, getCard, readBoard } from './model.js';
import { notifySide, SCORING_ROLES } from './notify.js';
import type { ScoreEntry } from './scores.js';

/** Promoted cards go on a grid this many cards wide (the board scrolls for the rest). */
const JOINT_COLUMNS = 4;

/** The brainstorming board: server rules on every board document, private side scores, promotion
 * from a caucus to the joint board, export. The documents themselves live in the `docs` port. */
export function boardFeature(): Feature {
  return {
    name: 'board',
    attach: attachBoard,
    onDocumentLoaded: ({ name, doc }) => {
      if (docNameSchema.safeParse(name).data?.kind === 'board') guardBoard(doc);
    },
  };
}

function attachBoard(ctx: AppContext): void {
  const docs = { read: <T>(name: string, fn: (d: Y.Doc) => T) => ctx.docs.read(name, fn), change: (name: string, origin: string, fn: (d: Y.Doc) => void) => ctx.docs.change(name, origin, fn) };
  const scores = ctx.stores.scores;
  /** Promotions in progress by source card: a second request for the same card waits for the
   * first and gets its card, so double clicks and racing mediators make one joint card. */
  const promoting = new Map<string, Promise<{ ok: true; card: Card; created: boolean } | { ok: false; error: AppError }>>();
  const router = express.Router({ mergeParams: true });
  router.use(requireParticipant(ctx));

  const parse = <S extends z.ZodType>(schema: S, value: unknown, res: Response): z.output<S> | null => parseRequest(schema, value, res) ?? null;
  const boardRef = (a: Authed, space: SpaceId): DocRef | null => {
    const r = docNameSchema.safeParse(docName(a.session.id, 'board', space));
    return r.success ? r.data : null;
  };
  /** The caller's current access to a board, or an error response and null. A caucus board is its
   * current generation unless `generation` names an earlier one (readable by its audience and
   * mediators only; see collab/generations.ts). */
  const access = async (a: Authed, space: SpaceId, res: Response, need: 'read' | 'write', generation?: number): Promise<{ ref: DocRef; name: string; level: DocAccess } | null> => {
    const parsed = boardRef(a, space);
    if (!parsed) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such board.' }), null;
    const ref = generation === undefined ? await ctx.docs.current(parsed) : { ...parsed, generation };
    const level = await ctx.docs.accessOf({ claims: a.claims, participant: a.participant }, ref);
    if (level === 'none' || (need === 'write' && level !== 'write')) {
      return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'You cannot use this board from where you are.' }), null;
    }
    return { ref, name: docNameOf(ref), level };
  };
  /** The caller, their `?space=` and that board, when they may use it as `need`; null once refused. */
  const boardOfQuery = async (req: Request, res: Response, need: 'read' | 'write') => {
    const a = authedOf(res);
    const q = parse(boardQuerySchema, req.query, res);
    const b = q && (await access(a, q.space, res, need));
    return q && b ? { a, space: q.space, b } : null;
  };
  const scoringSide = (a: Authed, res: Response): string | null => {
    if (!SCORING_ROLES.has(a.participant.role) || !a.participant.side) {
      return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'Only a side scores options.' }), null;
    }
    return a.participant.side;
  };

  router.get('/scores', async (req: Request, res: Response) => {
    const a = authedOf(res);
    const q = parse(boardQuerySchema, req.query, res);
    if (!q) return;
    const side = scoringSide(a, res);
    if (!side || !(await access(a, q.space, res, 'read'))) return;
    res.json({ side, ...(await scores.ownSide(a.session.id, q.space, side)) });
  });

  router.put('/scores', async (req: Request, res: Response) => {
    const a = authedOf(res);
    const body = parse(putScoreBodySchema, req.body, res);
    if (!body) return;
    const side = scoringSide(a, res);
    if (!side) return;
    const b = await access(a, body.space, res, 'write');
    if (!b) return;
    const card = await docs.read(b.name, (d) => getCard(d, body.optionId));
    if (!card || card.kind !== 'option') return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such option on this board.' });
    const wrote = await scores.set({ sessionId: a.session.id, space: body.space, optionId: body.optionId, side }, body.value, a.participant.id, body.baseVersion);
    const current = await sideScore(a, body.space, body.optionId, wrote.ok ? wrote.entry : wrote.current);
    if (!wrote.ok) {
      const message = current.byName ? `${current.byName} changed this score a moment ago; yours was not saved.` : 'This score changed a moment ago; yours was not saved.';
      metrics.rejected.inc({ code: ErrorCode.CONFLICT });
      return void res.status(409).json({ error: { code: ErrorCode.CONFLICT, message }, current });
    }
    await notifySide(ctx, a.session.id, side, a.participant.id, current);
    res.json({ side, ...(await scores.ownSide(a.session.id, body.space, side)) });
  });

  router.get('/overlap', requireMediator, async (req: Request, res: Response) => {
    const found = await boardOfQuery(req, res, 'read');
    if (!found) return;
    const { a, space, b } = found;
    const sides = [...new Set((await ctx.stores.sessions.listParticipants(a.session.id)).filter((p) => !p.revoked && SCORING_ROLES.has(p.role) && p.side).map((p) => p.side!))];
    const ids = new Set(await scores.acceptableToAll(a.session.id, space, sides));
    const options = await docs.read(b.name, (d) => readBoard(d).cards.filter((c) => c.kind === 'option' && ids.has(c.id)).map((c) => ({ id: c.id, text: c.text })));
    await ctx.audit(a.session.id, { id: a.participant.id, name: a.participant.displayName }, 'board.overlapRevealed', { space, options: options.length });
    res.json({ sides: sides.length, options });
  });

  router.post('/promote', requireMediator, async (req: Request, res: Response) => {
    const a = authedOf(res);
    const body = parse(promoteBodySchema, req.body, res);
    if (!body) return;
    const from = await access(a, body.fromSpace, res, 'read');
    if (!from) return;
    const to = await access(a, 'joint', res, 'write');
    if (!to) return;
    const key = `${a.session.id}/${body.fromSpace}/${body.cardId}`;
    let pending = promoting.get(key);
    const first = !pending;
    if (!pending) {
      pending = promote(a, from.name, to.name, body.fromSpace, body.cardId, body.anonymous).finally(() => promoting.delete(key));
      promoting.set(key, pending);
    }
    const out = await pending;
    if (!out.ok) return sendError(res, out.error);
    const created = first && out.created;
    res.status(created ? 201 : 200).json({ card: out.card, alreadyShared: !created });
  });

  /**
   * Copies a caucus card to the joint board once. The source card records the copy (`shared`),
   * which is both what makes a second promotion return the same joint card and what tells the
   * caucus its card was shared. If the joint copy was deleted since, a new one is made.
   */
  async function promote(a: Authed, fromName: string, toName: string, fromSpace: SpaceId, cardId: string, anonymous: boolean) {
    const source = await docs.read(fromName, (d) => getCard(d, cardId));
    if (!source) return { ok: false as const, error: { code: ErrorCode.NOT_FOUND, message: 'No such card on that caucus board.' } };
    if (source.shared) {
      const existing = await docs.read(toName, (d) => getCard(d, source.shared!.jointCardId));
      if (existing) return { ok: true as const, card: existing, created: false };
    }
    const card: Card = {
      ...source,
      id: newId(),
      clusterId: null,
      createdAt: Date.now(),
      shared: null,
      ...(anonymous
        ? { authorId: a.participant.id, authorName: 'Mediator', authorSide: null, colour: NEUTRAL_COLOUR, promoted: { anonymous: true, fromSpace: null, fromCardId: null } }
        : { promoted: { anonymous: false, fromSpace, fromCardId: source.id } }),
    };
    // The free spot is found inside the change, against the board as it is then, so cards
    // promoted at the same moment each get their own place.
    await docs.change(toName, 'board-promote', (d) => {
      const spot = freeSpot(readBoard(d).cards, JOINT_COLUMNS);
      card.x = spot.x;
      card.y = spot.y;
      d.getMap(BOARD_MAPS.cards).set(card.id, card);
    });
    await docs.change(fromName, 'board-promote', (d) => {
      const now = getCard(d, cardId);
      if (now) d.getMap(BOARD_MAPS.cards).set(cardId, { ...now, shared: { at: card.createdAt, jointCardId: card.id } });
    });
    await ctx.audit(a.session.id, { id: a.participant.id, name: a.participant.displayName }, 'board.promoted', { fromSpace, cardId: source.id, newCardId: card.id, anonymous });
    return { ok: true as const, card, created: true };
  }

  const nameOf = async (sessionId: string, participantId: string): Promise<string> => {
    const p = participantId ? await ctx.stores.sessions.getParticipant(participantId) : null;
    return p && p.sessionId === sessionId ? p.displayName : '';
  };
  const sideScore = async (a: Authed, space: SpaceId, optionId: string, e: ScoreEntry): Promise<SideScore> =>
    ({ space, optionId, value: e.value, version: e.version, byName: await nameOf(a.session.id, e.by), at: e.at });

  router.delete('/cards/:cardId', async (req: Request, res: Response) => {
    const found = await boardOfQuery(req, res, 'write');
    if (!found) return;
    const { a, b } = found;
    const cardId = String(req.params.cardId);
    const card = await docs.read(b.name, (d) => getCard(d, cardId));
    if (!card) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such card.' });
    if (!canDeleteCard({ id: a.participant.id, role: a.participant.role }, card)) {
      return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'Only its author or a mediator can delete a card.' });
    }
    await docs.change(b.name, 'board-delete', (d) => deleteCard(d, cardId));
    res.json({ deleted: cardId });
  });

  router.get('/export', async (req: Request, res: Response) => {
    const a = authedOf(res);
    // `generation` (an earlier caucus generation) is read on its own; the export schema is strict.
    const { generation, ...exportQuery } = req.query;
    const q = parse(boardExportQuerySchema, exportQuery, res);
    if (!q) return;
    const g = parse(generationQuerySchema, { generation }, res);
    if (!g) return;
    const b = await access(a, q.space, res, 'read', g.generation);
    if (!b) return;
    const board = await docs.read(b.name, (d: Y.Doc) => readBoard(d));
    const header = { sessionTitle: a.session.title, boardTitle: q.space === 'joint' ? 'Joint board' : 'Caucus board', exportedAt: new Date() };
    const base = `board-${q.space.replace(':', '-')}`;
    if (q.format === 'pdf') {
      res.type('application/pdf').attachment(`${base}.pdf`).send(await boardToPdf(board, header));
    } else {
      res.type('text/markdown').attachment(`${base}.md`).send(boardToMarkdown(board, header));
    }
  });

  ctx.express.use('/api/sessions/:sessionId/board', router);
}
