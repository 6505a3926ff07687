/** Reading and writing the board document on the server (export, promote, delete, scores). */
import * as Y from 'yjs';
import { BOARD_MAPS, cardSchema, clusterSchema, linkSchema, type Card, type Cluster, type Link } from '@mediation/shared';

export interface BoardSnapshot {
  cards: Card[];
  clusters: Cluster[];
  links: Link[];
}

/** Records that fail their schema (a misbehaving client) are left out, never trusted. */
export function readBoard(doc: Y.Doc): BoardSnapshot {
  const pick = <T>(map: Y.Map<unknown>, parse: (v: unknown) => { success: boolean; data?: T }): T[] => {
    const out: T[] = [];
    for (const v of map.values()) {
      const r = parse(v);
      if (r.success) out.push(r.data as T);
    }
    return out;
  };
  return {
    cards: pick(doc.getMap(BOARD_MAPS.cards), (v) => cardSchema.safeParse(v)).sort((a, b) => a.createdAt - b.createdAt),
    clusters: pick(doc.getMap(BOARD_MAPS.clusters), (v) => clusterSchema.safeParse(v)),
    links: pick(doc.getMap(BOARD_MAPS.links), (v) => linkSchema.safeParse(v)),
  };
}

export function getCard(doc: Y.Doc, id: string): Card | null {
  const r = cardSchema.safeParse(doc.getMap(BOARD_MAPS.cards).get(id));
  return r.success ? r.data : null;
}

/** Removes a card and every link that points at it, in the caller's transaction. */
export function deleteCard(doc: Y.Doc, id: string): void {
  doc.getMap(BOARD_MAPS.cards).delete(id);
  const links = doc.getMap<unknown>(BOARD_MAPS.links);
  for (const [linkId, v] of links.entries()) {
    const l = linkSchema.safeParse(v);
    if (!l.success || l.data.optionId === id || l.data.interestId === id) links.delete(linkId);
  }
}
