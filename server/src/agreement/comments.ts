/** Comment anchors: a `comment` mark (attribute `threadId`) on the commented text, so the anchor
 * moves with edits around it. The thread itself (who said what) is a server record. */
import * as Y from 'yjs';
import { AGREEMENT_MARKS } from '@mediation/shared';
import { fragmentOf } from './model.js';
import { textOfRange, textSlices, walk } from './positions.js';
import { DocPositionError } from './suggestions.js';

/** Marks [from, to) as the anchor of `threadId`; returns the quoted text. */
export function anchorComment(doc: Y.Doc, from: number, to: number, threadId: string): string {
  const frag = fragmentOf(doc);
  const slices = textSlices(frag, from, to);
  if (slices.length === 0) throw new DocPositionError('There is no text in that range.');
  const quote = textOfRange(frag, from, to);
  doc.transact(() => {
    for (const s of slices) s.text.format(s.offset, s.length, { [AGREEMENT_MARKS.comment]: { threadId } });
  });
  return quote;
}

/** The current text a thread is anchored to ('' once the text is gone). */
export function anchoredText(doc: Y.Doc, threadId: string): string {
  let out = '';
  walk(fragmentOf(doc), 0, {
    text({ text }) {
      for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, { threadId?: string }> }>) {
        if (typeof op.insert === 'string' && op.attributes?.[AGREEMENT_MARKS.comment]?.threadId === threadId) out += op.insert;
      }
    },
  });
  return out;
}
