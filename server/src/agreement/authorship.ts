/**
 * Suggestions typed in an editor's suggest mode arrive over the Yjs websocket with author
 * attributes set by that editor's browser. The server's identity wins, but only for what the
 * update actually *introduces*: the Tiptap/y-prosemirror binding rewrites existing marks when a
 * user splits a paragraph, indents or pastes next to them, so an update from Kim routinely carries
 * Ana's pending suggestion marks. Judging every mark by "is the author the sender" reassigned
 * Ana's suggestion to Kim. So the server keeps a ledger of the attributes each suggestion id was
 * first given (by the server, or stamped with the writer's identity when a writer introduced it):
 * - an id new in this update is stamped with the writer (authorId, authorName; the client's time
 *   is kept when it is a number);
 * - a known id whose marks in the update differ in authorId, authorName or time from the ledger
 *   is put back to the ledger's attributes (a forged name with the right id is corrected, and a
 *   rewrite of someone else's suggestion cannot take it over);
 * - a known id carried unchanged is left alone.
 * The ledger also remembers which comment threads are anchored, so a freeze can refuse new
 * anchors without touching the ones that existed.
 */
import * as Y from 'yjs';
import { AGREEMENT_MARKS, type Author } from '@mediation/shared';
import { fragmentOf } from './model.js';
import type { SuggestionAttrs } from './suggestions.js';
import { walk } from './positions.js';

const SUGGESTION_KEYS = new Set<string>([AGREEMENT_MARKS.insert, AGREEMENT_MARKS.delete]);

/** The attributes that say who suggested and when; compared together. */
export interface SuggestionStamp {
  authorId: string;
  authorName: string;
  at: number;
}

interface FormatMark {
  key: string;
  value: Record<string, unknown>;
}

const stampOf = (v: Record<string, unknown>): SuggestionStamp => ({ authorId: String(v.authorId), authorName: String(v.authorName), at: Number(v.at) });
const sameStamp = (a: SuggestionStamp, b: SuggestionStamp): boolean => a.authorId === b.authorId && a.authorName === b.authorName && a.at === b.at;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** Formatting attributes (mark starts) an update sets, in update order. */
function formatsIn(update: Uint8Array): FormatMark[] {
  const out: FormatMark[] = [];
  for (const s of Y.decodeUpdate(update).structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentFormat)) continue;
    const { key, value } = s.content as Y.ContentFormat & { value: unknown };
    if (isObject(value)) out.push({ key, value });
  }
  return out;
}

/** Suggestion marks an update sets: suggestion id -> the author the mark claims. */
export function suggestionMarksIn(update: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of formatsIn(update)) if (SUGGESTION_KEYS.has(f.key)) out.set(String(f.value.id), String(f.value.authorId));
  return out;
}

/** What an update from a writer needs from the server. */
export interface MarkReview {
  /** Suggestion id -> the stamp its marks must carry (only ids with a differing run in the update). */
  restamp: Map<string, SuggestionStamp>;
  /** Suggestion ids that first appear in this update. */
  newSuggestions: Set<string>;
  /** Comment thread ids first anchored in this update. */
  newThreads: Set<string>;
}

interface Ledger {
  suggestions: Map<string, SuggestionStamp>;
  threads: Set<string>;
}

/** Per-document record of every suggestion's stamp and every anchored thread the server has seen. */
export class MarkLedger {
  private readonly docs = new Map<string, Ledger>();

  /**
   * Reviews one applied update and records what it introduces. `writer` is the websocket's
   * participant, or null for the server's own changes (trusted as they are). `doc` is the
   * document the update was applied to, read only when this document has no ledger yet.
   */
  review(docName: string, doc: Y.Doc, update: Uint8Array, writer: Author | null): MarkReview {
    const ledger = this.docs.get(docName) ?? this.build(docName, doc, update);
    const review: MarkReview = { restamp: new Map(), newSuggestions: new Set(), newThreads: new Set() };
    for (const { key, value } of formatsIn(update)) {
      if (key === AGREEMENT_MARKS.comment) {
        const threadId = String(value.threadId);
        if (!ledger.threads.has(threadId)) {
          ledger.threads.add(threadId);
          if (writer) review.newThreads.add(threadId);
        }
        continue;
      }
      if (!SUGGESTION_KEYS.has(key)) continue;
      const id = String(value.id);
      const claimed = stampOf(value);
      const known = ledger.suggestions.get(id);
      if (!writer) {
        // The server's own changes (API suggestions, proposals, restamps) set the stamp.
        ledger.suggestions.set(id, claimed);
        continue;
      }
      let expected = known;
      if (!expected) {
        expected = { authorId: writer.id, authorName: writer.name, at: Number.isFinite(claimed.at) ? claimed.at : Date.now() };
        ledger.suggestions.set(id, expected);
        review.newSuggestions.add(id);
      }
      if (!sameStamp(claimed, expected)) review.restamp.set(id, expected);
    }
    return review;
  }

  forget(docName: string): void {
    this.docs.delete(docName);
  }

  /**
   * Records what a document holds as it loads (before any client update reaches it), so the
   * first update after a restart is judged against the full stored state. Merges: the ledger may
   * already know suggestions whose marks are gone from the document.
   */
  seed(docName: string, doc: Y.Doc): void {
    this.docs.set(docName, this.collect(doc, () => false, this.docs.get(docName)));
  }

  /**
   * First sight of a document whose load was not seen (a DocService without load hooks): its
   * ledger is every formatting item not in this update. Best effort: marks that the update both
   * deleted and re-created (their text moved) are gone from the document by now.
   */
  private build(docName: string, doc: Y.Doc, update: Uint8Array): Ledger {
    const inUpdate = Y.decodeUpdate(update).structs;
    const fromUpdate = (item: Y.Item) => inUpdate.some((s) => s.id.client === item.id.client && item.id.clock >= s.id.clock && item.id.clock < s.id.clock + s.length);
    const ledger = this.collect(doc, fromUpdate);
    this.docs.set(docName, ledger);
    return ledger;
  }

  private collect(doc: Y.Doc, skip: (item: Y.Item) => boolean, into: Ledger = { suggestions: new Map(), threads: new Set() }): Ledger {
    walk(fragmentOf(doc), 0, {
      text({ text }) {
        for (let n = text._start; n; n = n.right) {
          if (!(n.content instanceof Y.ContentFormat) || skip(n)) continue;
          const { key, value } = n.content as Y.ContentFormat & { value: unknown };
          if (!isObject(value)) continue;
          if (key === AGREEMENT_MARKS.comment) into.threads.add(String(value.threadId));
          else if (SUGGESTION_KEYS.has(key) && !into.suggestions.has(String(value.id))) into.suggestions.set(String(value.id), stampOf(value));
        }
      },
    });
    return into;
  }
}

/** Puts the given suggestions' marks back to their stamps; returns how many runs changed. */
export function restampSuggestions(doc: Y.Doc, stamps: Map<string, SuggestionStamp>): number {
  const fixes: Array<{ text: Y.XmlText; offset: number; length: number; attrs: Record<string, SuggestionAttrs> }> = [];
  walk(fragmentOf(doc), 0, {
    text({ text }) {
      let p = 0;
      for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        const len = typeof op.insert === 'string' ? op.insert.length : 1;
        const attrs: Record<string, SuggestionAttrs> = {};
        for (const key of SUGGESTION_KEYS) {
          const v = op.attributes?.[key] as SuggestionAttrs | undefined;
          const want = v ? stamps.get(v.id) : undefined;
          if (v && want && !sameStamp(stampOf(v as unknown as Record<string, unknown>), want)) attrs[key] = { ...v, ...want };
        }
        if (Object.keys(attrs).length) fixes.push({ text, offset: p, length: len, attrs });
        p += len;
      }
    },
  });
  doc.transact(() => { for (const f of fixes) f.text.format(f.offset, f.length, f.attrs); });
  return fixes.length;
}

/** Removes the comment anchors of the given threads (the text stays); returns how many runs changed. */
export function removeCommentAnchors(doc: Y.Doc, threadIds: Set<string>): number {
  const fixes: Array<{ text: Y.XmlText; offset: number; length: number }> = [];
  walk(fragmentOf(doc), 0, {
    text({ text }) {
      let p = 0;
      for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, { threadId?: string } | undefined> }>) {
        const len = typeof op.insert === 'string' ? op.insert.length : 1;
        const t = op.attributes?.[AGREEMENT_MARKS.comment]?.threadId;
        if (t !== undefined && threadIds.has(t)) fixes.push({ text, offset: p, length: len });
        p += len;
      }
    },
  });
  doc.transact(() => { for (const f of fixes) f.text.format(f.offset, f.length, { [AGREEMENT_MARKS.comment]: null }); });
  return fixes.length;
}
