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
  /** Set by the server on a caucus card once the mediator shared it to the joint board, so the
   * caucus sees that it was shared and when (and the mediator cannot share it twice). */
  shared: z.object({ at: z.number(), jointCardId: boardItemIdSchema }).nullable().optional(),
});
export type Card = z.infer<typeof cardSchema>;

/** A card's footprint on the canvas (the client draws it this size; placement keeps cards apart). */
export const CARD_SIZE = { w: 190, h: 170, gap: 14, margin: 20 } as const;

/**
 * The first free grid slot, row by row, `columns` wide: a slot is free when no card's footprint
 * overlaps it. Used by the server for promoted cards (so two promotions never land on top of each
 * other) and by the client for new cards.
 */
export function freeSpot(cards: ReadonlyArray<Pick<Card, 'x' | 'y'>>, columns = 5): { x: number; y: number } {
  const { w, h, gap, margin } = CARD_SIZE;
  const taken = (x: number, y: number) => cards.some((c) => Math.abs(c.x - x) < w && Math.abs(c.y - y) < h);
  for (let row = 0; ; row++) {
    for (let col = 0; col < Math.max(1, columns); col++) {
      const x = margin + col * (w + gap);
      const y = margin + row * (h + gap);
      if (!taken(x, y)) return { x, y };
    }
  }
}

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

/** Author side colours: mediators slate, neutral grey, each side a stable colour from its label.
 * The side label on a card is 12 px bold text in this colour, so every one must reach WCAG AA
 * (4.5:1) on every card background (checked by board.test.ts). The 600-weight shades did not
 * (amber 3.15:1, cyan 3.64:1), hence the 700 shades. */
export const SIDE_COLOURS = ['#2563eb', '#b91c1c', '#047857', '#b45309', '#7c3aed', '#be185d', '#0e7490', '#4d7c0f'] as const;
/** Card backgrounds by kind (the client paints them from here, so the contrast check is real). */
export const CARD_BACKGROUNDS: Record<CardKind, string> = { option: '#fffef5', interest: '#f3f8ff', position: '#fff5f5', question: '#f7f4ff' };
export const MEDIATOR_COLOUR = '#475569';
export const NEUTRAL_COLOUR = '#6b7280';

export function colourFor(role: Role, side: Side): string {
  if (isMediatorRole(role)) return MEDIATOR_COLOUR;
  if (!side) return NEUTRAL_COLOUR;
  let h = 0;
  for (const ch of side.toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return SIDE_COLOURS[h % SIDE_COLOURS.length]!;
}

/** WCAG 2.x relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const n = parseInt(hex.replace('#', ''), 16);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => lin(v / 255)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * A text colour for a card's side label: the card's own colour, darkened until it reads at 4.5:1
 * on every card background. Cards store their colour when written, so cards from before the
 * darker palette (or anything odd in the document) still get a readable label.
 */
export function labelColour(colour: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(colour)) return NEUTRAL_LABEL;
  const worst = (c: string) => Math.min(...Object.values(CARD_BACKGROUNDS).map((bg) => contrastRatio(c, bg)));
  let [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
  let c = colour.toLowerCase();
  for (let i = 0; i < 40 && worst(c) < 4.5; i++) {
    [r, g, b] = [r, g, b].map((v) => Math.floor(v * 0.92)) as [number, number, number];
    c = `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  }
  return c;
}
const NEUTRAL_LABEL = '#374151';

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
  /** The version of this option's score the writer last saw (0: none yet). If someone on the side
   * scored since, the write is refused with CONFLICT and `scoreConflictSchema`, changing nothing. */
  baseVersion: z.number().int().min(0),
}).strict();
export type PutScoreBody = z.infer<typeof putScoreBodySchema>;

/** GET /api/sessions/:sessionId/board/scores?space=… : the caller's side's own scores. */
export const myScoresResponseSchema = z.object({
  side: z.string(),
  scores: z.record(boardItemIdSchema, scoreValueSchema),
  /** Each option's score version (cleared scores keep theirs); a write names the one it saw. */
  versions: z.record(boardItemIdSchema, z.number().int().min(0)).default({}),
});
export type MyScoresResponse = z.infer<typeof myScoresResponseSchema>;

/** One option's score for a side as it is now: what a conflict returns and the live notice carries. */
export const sideScoreSchema = z.object({
  space: spaceIdSchema,
  optionId: boardItemIdSchema,
  value: scoreValueSchema.nullable(),
  version: z.number().int().min(0),
  /** Who on the side set it last (a display name; empty if never scored). */
  byName: z.string().max(60),
  at: z.number(),
});
export type SideScore = z.infer<typeof sideScoreSchema>;

/** Body of a 409 answer to a stale score write: the error and the value that stands. */
export const scoreConflictSchema = z.object({
  error: z.object({ code: z.literal('CONFLICT'), message: z.string() }),
  current: sideScoreSchema,
});

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
/** 201 with the new joint card; 200 with the existing one when this card was shared before
 * (promotion is idempotent per source card). */
export const promoteResponseSchema = z.object({ card: cardSchema, alreadyShared: z.boolean().default(false) });

/** DELETE /api/sessions/:sessionId/board/cards/:cardId?space=… (author or mediator). */
export const boardQuerySchema = z.object({ space: spaceIdSchema }).strict();
export const boardExportQuerySchema = z.object({ space: spaceIdSchema, format: z.enum(['md', 'pdf']).default('md') }).strict();
