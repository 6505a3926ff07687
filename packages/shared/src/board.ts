/**
 * The option-brainstorming board. One Yjs document per space (`<sid>/board/joint`,
 * `<sid>/board/caucus:<id>`) holding three Y.Maps of plain JSON records, each replaced whole on
 * change (last writer wins per record, which is what a sticky note needs):
 *   cards     id → Card
 *   clusters  id → Cluster (a named group; cards point at it)
 *   links     id → Link (this option serves that interest)
 * Private scores are NOT in the document: they live on the server behind the scores API.
 */
import { z } from 'zod';
import { idSchema, isMediatorRole, sideSchema, spaceIdSchema, type Role, type Side } from './domain.js';
import { humanIdentifier } from './names.js';

export const BOARD_MAPS = { cards: 'cards', clusters: 'clusters', links: 'links' } as const;

export const CARD_KINDS = ['option', 'interest', 'position', 'question'] as const;
export const cardKindSchema = z.enum(CARD_KINDS);
export type CardKind = z.infer<typeof cardKindSchema>;

export const boardItemIdSchema = z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, 'malformed id');

export const cardSchema = z.object({
  id: boardItemIdSchema,
  kind: cardKindSchema,
  text: z.string().max(500),
  x: z.number().finite(),
  y: z.number().finite(),
  clusterId: boardItemIdSchema.nullable(),
  authorId: idSchema,
  authorName: z.string().max(60),
  /** The author's side; null for mediators, neutral roles and anonymised promoted cards. */
  authorSide: sideSchema,
  colour: z.string().max(16),
  createdAt: z.number(),
  /** Set on cards the mediator copied from a caucus board. Anonymous promotions carry no origin
   * at all (the caucus id would name the side). */
  promoted: z.object({ anonymous: z.boolean(), fromSpace: spaceIdSchema.nullable(), fromCardId: boardItemIdSchema.nullable() }).nullable().default(null),
});
export type Card = z.infer<typeof cardSchema>;

export const clusterSchema = z.object({
  id: boardItemIdSchema,
  name: humanIdentifier({ label: 'cluster name', max: 80 }),
  x: z.number().finite(),
  y: z.number().finite(),
});
export type Cluster = z.infer<typeof clusterSchema>;

export const linkSchema = z.object({
  id: boardItemIdSchema,
  /** An option card. */
  optionId: boardItemIdSchema,
  /** An interest card it serves. */
  interestId: boardItemIdSchema,
});
export type Link = z.infer<typeof linkSchema>;

/** Author side colours: mediators slate, neutral grey, each side a stable colour from its label. */
const SIDE_COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d'];
export const MEDIATOR_COLOUR = '#475569';
export const NEUTRAL_COLOUR = '#6b7280';

export function colourFor(role: Role, side: Side): string {
  if (isMediatorRole(role)) return MEDIATOR_COLOUR;
  if (!side) return NEUTRAL_COLOUR;
  let h = 0;
  for (const ch of side.toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return SIDE_COLOURS[h % SIDE_COLOURS.length]!;
}

/** Deleting a card: its author, or a mediator. */
export const canDeleteCard = (viewer: { id: string; role: Role }, card: Pick<Card, 'authorId'>): boolean =>
  card.authorId === viewer.id || isMediatorRole(viewer.role);

/** Private scoring. A side sees only its own; the mediator sees only the overlap. */
export const SCORE_VALUES = ['acceptable', 'maybe', 'unacceptable'] as const;
export const scoreValueSchema = z.enum(SCORE_VALUES);
export type ScoreValue = z.infer<typeof scoreValueSchema>;

/** PUT /api/sessions/:sessionId/board/scores */
export const putScoreBodySchema = z.object({
  /** The board the option is on (joint or the scorer's caucus). */
  space: spaceIdSchema,
  optionId: boardItemIdSchema,
  value: scoreValueSchema.nullable(),
}).strict();
export type PutScoreBody = z.infer<typeof putScoreBodySchema>;

/** GET /api/sessions/:sessionId/board/scores?space=… : the caller's side's own scores. */
export const myScoresResponseSchema = z.object({
  side: z.string(),
  scores: z.record(boardItemIdSchema, scoreValueSchema),
});
export type MyScoresResponse = z.infer<typeof myScoresResponseSchema>;

/** GET /api/sessions/:sessionId/board/overlap?space=… (mediators): options every side marked acceptable. */
export const overlapResponseSchema = z.object({
  /** How many sides exist in the session (the overlap needs all of them). */
  sides: z.number().int(),
  options: z.array(z.object({ id: boardItemIdSchema, text: z.string() })),
});
export type OverlapResponse = z.infer<typeof overlapResponseSchema>;

/** POST /api/sessions/:sessionId/board/promote (mediators). */
export const promoteBodySchema = z.object({
  fromSpace: spaceIdSchema.refine((s) => s.startsWith('caucus:'), 'cards are promoted from a caucus'),
  cardId: boardItemIdSchema,
  anonymous: z.boolean().default(false),
}).strict();
export type PromoteBody = z.input<typeof promoteBodySchema>;
export const promoteResponseSchema = z.object({ card: cardSchema });

/** DELETE /api/sessions/:sessionId/board/cards/:cardId?space=… (author or mediator). */
export const boardQuerySchema = z.object({ space: spaceIdSchema }).strict();
export const boardExportQuerySchema = z.object({ space: spaceIdSchema, format: z.enum(['md', 'pdf']).default('md') }).strict();
