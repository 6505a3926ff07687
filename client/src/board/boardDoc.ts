/**
 * Board operations on the shared Y.Doc (layout in packages/shared/src/board.ts). Records are
 * plain JSON replaced whole, so every operation is one `set` inside one transaction.
 * The server stamps author fields from the token; the client fills them only so its own view is
 * right before the server's echo arrives.
 */
import * as Y from 'yjs';
import { BOARD_MAPS, cardSchema, clusterSchema, colourFor, linkSchema, type Card, type CardKind, type Cluster, type Link, type Role, type Side } from '@mediation/shared';

export interface Author {
  id: string;
  displayName: string;
  role: Role;
  side: Side;
}

export interface BoardState {
  cards: Card[];
  clusters: Cluster[];
  links: Link[];
}

export const newItemId = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const cards = (doc: Y.Doc) => doc.getMap<unknown>(BOARD_MAPS.cards);
const clusters = (doc: Y.Doc) => doc.getMap<unknown>(BOARD_MAPS.clusters);
const links = (doc: Y.Doc) => doc.getMap<unknown>(BOARD_MAPS.links);

/** What is valid in the doc, in creation order; anything malformed is ignored. */
export function readBoardState(doc: Y.Doc): BoardState {
  const valid = <T>(m: Y.Map<unknown>, p: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T[] => {
    const out: T[] = [];
    for (const v of m.values()) {
      const r = p.safeParse(v);
      if (r.success) out.push(r.data);
    }
    return out;
  };
  return {
    cards: valid<Card>(cards(doc), cardSchema).sort((a, b) => a.createdAt - b.createdAt),
    clusters: valid<Cluster>(clusters(doc), clusterSchema),
    links: valid<Link>(links(doc), linkSchema),
  };
}

export function addCard(doc: Y.Doc, author: Author, kind: CardKind, text: string, x: number, y: number): Card {
  const card: Card = {
    id: newItemId(), kind, text: text.slice(0, 500), x, y, clusterId: null,
    authorId: author.id, authorName: author.displayName, authorSide: author.side, colour: colourFor(author.role, author.side),
    createdAt: Date.now(), promoted: null,
  };
  cards(doc).set(card.id, card);
  return card;
}

function updateCard(doc: Y.Doc, id: string, patch: Partial<Pick<Card, 'text' | 'x' | 'y' | 'clusterId' | 'kind'>>): void {
  const r = cardSchema.safeParse(cards(doc).get(id));
  if (!r.success) return;
  cards(doc).set(id, { ...r.data, ...patch });
}

export const moveCard = (doc: Y.Doc, id: string, x: number, y: number) => updateCard(doc, id, { x: Math.round(x), y: Math.round(y) });
export const editCard = (doc: Y.Doc, id: string, text: string) => updateCard(doc, id, { text: text.slice(0, 500) });
export const setCardCluster = (doc: Y.Doc, id: string, clusterId: string | null) => updateCard(doc, id, { clusterId });

export function addCluster(doc: Y.Doc, name: string, x = 0, y = 0): Cluster | null {
  const r = clusterSchema.safeParse({ id: newItemId(), name, x, y });
  if (!r.success) return null;
  clusters(doc).set(r.data.id, r.data);
  return r.data;
}

export function renameCluster(doc: Y.Doc, id: string, name: string): void {
  const r = clusterSchema.safeParse({ ...(clusters(doc).get(id) as object), name });
  if (r.success) clusters(doc).set(id, r.data);
}

/** Removes a cluster; its cards stay, ungrouped. */
export function removeCluster(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    clusters(doc).delete(id);
    for (const c of readBoardState(doc).cards) if (c.clusterId === id) updateCard(doc, c.id, { clusterId: null });
  });
}

/** Links an option to an interest it serves; refuses anything else and duplicates. */
export function linkOptionToInterest(doc: Y.Doc, optionId: string, interestId: string): Link | null {
  const state = readBoardState(doc);
  const option = state.cards.find((c) => c.id === optionId && c.kind === 'option');
  const interest = state.cards.find((c) => c.id === interestId && c.kind === 'interest');
  if (!option || !interest) return null;
  if (state.links.some((l) => l.optionId === optionId && l.interestId === interestId)) return null;
  const link: Link = { id: newItemId(), optionId, interestId };
  links(doc).set(link.id, link);
  return link;
}

export const unlink = (doc: Y.Doc, linkId: string) => links(doc).delete(linkId);
