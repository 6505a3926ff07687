/**
 * Frozen means not editable. While the agreement is frozen for signature, any change a client
 * makes to it over the websocket (typing, deleting, formatting, suggestion marks, comment
 * anchors) is undone at once, so the text stays the version people sign and no signature is
 * voided by a stray keystroke. Only the mediator's explicit unfreeze (`POST /unfreeze`, which says
 * that it voids the signatures) opens it again.
 *
 * Yjs applies an update whole, so it cannot be refused half way; like the board guard, the undo
 * runs synchronously inside the same apply (a Y.UndoManager scoped to the agreement and tracking
 * only client connections), and `SharedDoc` sends the other clients the update and its undo
 * merged into one, so they never see the change, while the writer is sent the undo and its
 * editor snaps back. Server-side changes (origin strings) are not tracked: while frozen, the
 * service refuses the ones that would change the text (template, restore) with FROZEN.
 */
import * as Y from 'yjs';
import { writerOf } from '../docWriter.js';
import type { DocWriter } from '../features.js';
import { fragmentOf } from './model.js';

export interface FrozenGuardHooks {
  /** Whether the agreement of this document is frozen right now. */
  frozen(): boolean;
  /** Told after a writer's change was undone. */
  undone?(writer: DocWriter): void;
}

export function guardFrozen(doc: Y.Doc, hooks: FrozenGuardHooks): () => void {
  const undo = new Y.UndoManager(fragmentOf(doc), {
    // Every client transaction on its own, never merged with the one before.
    captureTimeout: 0,
    // Filled per transaction below: only a person's connection is tracked, never the server.
    trackedOrigins: new Set<unknown>(),
    captureTransaction: (tr) => writerOf(tr.origin) !== null && hooks.frozen(),
  });
  // The UndoManager tracks origins by identity; a client connection is added for the length of
  // its own transaction only, so no connection object is kept after it closes.
  const before = (tr: Y.Transaction) => {
    if (writerOf(tr.origin)) undo.trackedOrigins.add(tr.origin);
  };
  // Registered after the UndoManager's own handler, so the transaction is on its stack here.
  const after = (tr: Y.Transaction) => {
    const writer = writerOf(tr.origin);
    if (!writer) return;
    undo.trackedOrigins.delete(tr.origin);
    if (undo.undoStack.length === 0) return;
    while (undo.undoStack.length > 0) undo.undo();
    undo.clear();
    hooks.undone?.(writer);
  };
  doc.on('beforeTransaction', before);
  doc.on('afterTransaction', after);
  return () => {
    doc.off('beforeTransaction', before);
    doc.off('afterTransaction', after);
    undo.destroy();
  };
}
