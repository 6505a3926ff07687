/**
 * Suggestions typed in an editor's suggest mode arrive over the Yjs websocket with author
 * attributes set by that editor's browser. The server's identity wins: any suggestion mark in an
 * update whose author is not the connection's participant is re-stamped with the real author.
 */
import * as Y from 'yjs';
import { AGREEMENT_MARKS, type Author } from '@mediation/shared';
import { fragmentOf } from './model.js';
import type { SuggestionAttrs } from './suggestions.js';
import { walk } from './positions.js';

const SUGGESTION_KEYS = new Set<string>([AGREEMENT_MARKS.insert, AGREEMENT_MARKS.delete]);

/** Suggestion marks an update sets: suggestion id -> the author the mark claims. */
export function suggestionMarksIn(update: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of Y.decodeUpdate(update).structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentFormat)) continue;
    const { key, value } = s.content as Y.ContentFormat & { value: SuggestionAttrs | null };
    if (SUGGESTION_KEYS.has(key) && value && typeof value === 'object') out.set(String(value.id), String(value.authorId));
  }
  return out;
}

/** Ids of suggestions this update marks with an author other than `participantId`. */
export function forgedSuggestionIds(update: Uint8Array, participantId: string): Set<string> {
  return new Set([...suggestionMarksIn(update)].filter(([, author]) => author !== participantId).map(([id]) => id));
}

/** Sets the author of the given suggestions to `author`; returns how many runs changed. */
export function restampAuthor(doc: Y.Doc, ids: Set<string>, author: Author): number {
  const fixes: Array<{ text: Y.XmlText; offset: number; length: number; attrs: Record<string, SuggestionAttrs> }> = [];
  walk(fragmentOf(doc), 0, {
    text({ text }) {
      let p = 0;
      for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        const len = typeof op.insert === 'string' ? op.insert.length : 1;
        const attrs: Record<string, SuggestionAttrs> = {};
        for (const key of SUGGESTION_KEYS) {
          const v = op.attributes?.[key] as SuggestionAttrs | undefined;
          if (v && ids.has(v.id) && (v.authorId !== author.id || v.authorName !== author.name)) attrs[key] = { ...v, authorId: author.id, authorName: author.name };
        }
        if (Object.keys(attrs).length) fixes.push({ text, offset: p, length: len, attrs });
        p += len;
      }
    },
  });
  doc.transact(() => { for (const f of fixes) f.text.format(f.offset, f.length, f.attrs); });
  return fixes.length;
}
