/**
 * Server-side rules for board documents, applied to every update a client sends:
 * - a card's author fields are the server's word: a new card is stamped with the sender's
 *   identity, and nobody can rewrite the author of an existing card;
 * - a card may be deleted only by its author or a mediator: any other delete is undone at once;
 * - whether a card was promoted from a caucus, or shared to the joint board, is the server's word
 *   too (`promoted`, `shared`): a client can neither forge nor clear it.
 * Yjs applies an update whole, so a forbidden change cannot be filtered out of it; the correction
 * is made synchronously inside the observer (Yjs runs it as a follow-up transaction of the same
 * apply), and `SharedDoc` sends the client's update and the correction to everyone else as one
 * merged update, so no other client ever sees the forbidden state. The HTTP delete route is what
 * the client uses; this guard covers clients that bypass it.
 */
import * as Y from 'yjs';
import { BOARD_MAPS, canDeleteCard, cardSchema, colourFor, type Card } from '@mediation/shared';
import { writerOf } from '../docWriter.js';

export const GUARD_ORIGIN = 'board-guard';

export function guardBoard(doc: Y.Doc): void {
  const cards = doc.getMap<unknown>(BOARD_MAPS.cards);
  cards.observe((event, tr) => {
    const writer = writerOf(tr.origin);
    if (!writer) return;
    const p = { id: writer.participantId, role: writer.role, displayName: writer.displayName, side: writer.side };
    const fixes: Array<() => void> = [];
    for (const [id, change] of event.changes.keys) {
      const now = cards.get(id);
      if (change.action === 'delete') {
        const old = cardSchema.safeParse(change.oldValue);
        if (old.success && !canDeleteCard({ id: p.id, role: p.role }, old.data)) fixes.push(() => cards.set(id, old.data));
        continue;
      }
      const parsed = cardSchema.safeParse(now);
      if (!parsed.success) {
        const old = change.action === 'update' ? cardSchema.safeParse(change.oldValue) : null;
        fixes.push(() => (old?.success ? cards.set(id, old.data) : cards.delete(id)));
        continue;
      }
      const card = parsed.data;
      const old = change.action === 'update' ? cardSchema.safeParse(change.oldValue) : null;
      const expected: Pick<Card, 'authorId' | 'authorName' | 'authorSide' | 'colour' | 'promoted' | 'shared'> = old?.success
        ? pickAuthor(old.data)
        : { authorId: p.id, authorName: p.displayName, authorSide: p.side, colour: colourFor(p.role, p.side), promoted: null, shared: null };
      if (card.authorId !== expected.authorId || card.authorName !== expected.authorName || card.authorSide !== expected.authorSide ||
          card.colour !== expected.colour || JSON.stringify(card.promoted) !== JSON.stringify(expected.promoted) ||
          JSON.stringify(card.shared ?? null) !== JSON.stringify(expected.shared ?? null) || card.id !== id) {
        fixes.push(() => cards.set(id, { ...card, ...expected, id }));
      }
    }
    // Synchronously, not in a microtask: the correction must be part of the same apply so that
    // SharedDoc can hold the client's update back and send both together.
    if (fixes.length > 0) Y.transact(doc, () => fixes.forEach((f) => f()), GUARD_ORIGIN);
  });
}

const pickAuthor = (c: Card) => ({ authorId: c.authorId, authorName: c.authorName, authorSide: c.authorSide, colour: c.colour, promoted: c.promoted, shared: c.shared ?? null });
