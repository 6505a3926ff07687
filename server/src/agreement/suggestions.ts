/**
 * Suggestions live in the document as marks on the text they propose to insert or delete
 * (`suggestInsert` / `suggestDelete`, attributes: id, author, time), so every editor renders them
 * in place, inside lists and tables alike. Accepting or rejecting turns them into plain text or
 * removes them.
 */
import * as Y from 'yjs';
import { AGREEMENT_MARKS, type Author, type SuggestionDecision, type SuggestionView } from '@mediation/shared';
import { fragmentOf, toYNodes, type PMNode } from './model.js';
import { marksAt, resolveInsertPoint, textSlices, walk } from './positions.js';

export interface SuggestionAttrs {
  id: string;
  authorId: string;
  authorName: string;
  at: number;
  /** Set when whole blocks were proposed (a clause from a draft): rejecting removes the blocks. */
  block?: boolean;
}

export class DocPositionError extends Error {}

const attrsOf = (id: string, author: Author, at: number): SuggestionAttrs => ({ id, authorId: author.id, authorName: author.name, at });

/** Proposes inserting `text` at `pos`, keeping the formatting of the surrounding text. */
export function suggestInsert(doc: Y.Doc, pos: number, text: string, author: Author, id: string, at = Date.now()): void {
  const point = resolveInsertPoint(fragmentOf(doc), pos);
  if (!point) throw new DocPositionError('That position is not inside text.');
  doc.transact(() => {
    const mark = { [AGREEMENT_MARKS.insert]: attrsOf(id, author, at) };
    if ('text' in point) {
      const inherited = marksAt(point.text, point.offset);
      delete inherited[AGREEMENT_MARKS.insert];
      delete inherited[AGREEMENT_MARKS.delete];
      delete inherited[AGREEMENT_MARKS.comment];
      point.text.insert(point.offset, text, { ...inherited, ...mark });
    } else {
      const t = new Y.XmlText();
      point.block.insert(point.index, [t]);
      t.insert(0, text, mark);
    }
  });
}

/** Proposes deleting the text in [from, to) (text in several blocks, list items or cells too). */
export function suggestDelete(doc: Y.Doc, from: number, to: number, author: Author, id: string, at = Date.now()): void {
  const slices = textSlices(fragmentOf(doc), from, to);
  if (slices.length === 0) throw new DocPositionError('There is no text in that range.');
  doc.transact(() => {
    for (const s of slices) s.text.format(s.offset, s.length, { [AGREEMENT_MARKS.delete]: attrsOf(id, author, at) });
  });
}

export function suggestReplace(doc: Y.Doc, from: number, to: number, text: string, author: Author, id: string, at = Date.now()): void {
  // Validate both halves before changing anything, so a bad request leaves the document unchanged.
  const frag = fragmentOf(doc);
  if (textSlices(frag, from, to).length === 0) throw new DocPositionError('There is no text in that range.');
  if (!resolveInsertPoint(frag, to)) throw new DocPositionError('That position is not inside text.');
  doc.transact(() => {
    suggestDelete(doc, from, to, author, id, at);
    suggestInsert(doc, to, text, author, id, at);
  });
}

interface MarkedRun {
  text: Y.XmlText;
  offset: number;
  length: number;
  str: string;
  insert?: SuggestionAttrs;
  del?: SuggestionAttrs;
}

function markedRuns(doc: Y.Doc): MarkedRun[] {
  const out: MarkedRun[] = [];
  walk(fragmentOf(doc), 0, {
    text({ text }) {
      let p = 0;
      for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        const len = typeof op.insert === 'string' ? op.insert.length : 1;
        const ins = op.attributes?.[AGREEMENT_MARKS.insert] as SuggestionAttrs | undefined;
        const del = op.attributes?.[AGREEMENT_MARKS.delete] as SuggestionAttrs | undefined;
        if (ins || del) out.push({ text, offset: p, length: len, str: typeof op.insert === 'string' ? op.insert : '', insert: ins, del });
        p += len;
      }
    },
  });
  return out;
}

export function listSuggestions(doc: Y.Doc): SuggestionView[] {
  const byId = new Map<string, SuggestionView>();
  const touch = (a: SuggestionAttrs) => {
    let s = byId.get(a.id);
    if (!s) byId.set(a.id, (s = { id: a.id, kind: 'insert', author: { id: a.authorId, name: a.authorName }, at: a.at, inserted: '', deleted: '' }));
    return s;
  };
  for (const r of markedRuns(doc)) {
    if (r.insert) touch(r.insert).inserted += r.str;
    if (r.del) touch(r.del).deleted += r.str;
  }
  for (const s of byId.values()) s.kind = s.inserted && s.deleted ? 'replace' : s.inserted ? 'insert' : 'delete';
  return [...byId.values()].sort((a, b) => a.at - b.at);
}

/** Accepts or rejects one suggestion. Returns false when there is no such suggestion. */
export function decideSuggestion(doc: Y.Doc, id: string, decision: SuggestionDecision): boolean {
  const runs = markedRuns(doc).filter((r) => r.insert?.id === id || r.del?.id === id);
  if (runs.length === 0) return false;
  doc.transact(() => {
    if (decision === 'reject') removeProposedBlocks(doc, id);
    // Right to left, so earlier offsets in the same text stay valid.
    for (const r of runs.reverse()) {
      if (r.text.doc === null) continue; // removed with its block
      if (r.insert?.id === id) {
        if (decision === 'accept') r.text.format(r.offset, r.length, { [AGREEMENT_MARKS.insert]: null });
        else r.text.delete(r.offset, r.length);
      } else if (r.del?.id === id) {
        if (decision === 'accept') r.text.delete(r.offset, r.length);
        else r.text.format(r.offset, r.length, { [AGREEMENT_MARKS.delete]: null });
      }
    }
  });
  return true;
}

/** Accepts or rejects every suggestion by one author; returns how many. */
export function decideByAuthor(doc: Y.Doc, authorId: string, decision: SuggestionDecision): number {
  const ids = listSuggestions(doc).filter((s) => s.author.id === authorId).map((s) => s.id);
  doc.transact(() => { for (const id of ids) decideSuggestion(doc, id, decision); });
  return ids.length;
}

/** Top-level blocks whose every character is this suggestion's proposed insertion. */
function removeProposedBlocks(doc: Y.Doc, id: string): void {
  const frag = fragmentOf(doc);
  const doomed: number[] = [];
  frag.toArray().forEach((child, index) => {
    if (!(child instanceof Y.XmlElement)) return;
    let all = true;
    let any = false;
    walk(child, 0, {
      text({ text }) {
        for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
          const ins = op.attributes?.[AGREEMENT_MARKS.insert] as SuggestionAttrs | undefined;
          if (ins?.id === id && ins.block) any = true;
          else all = false;
        }
      },
    });
    if (any && all) doomed.push(index);
  });
  for (const index of doomed.reverse()) frag.delete(index, 1);
}

/** Inserts whole blocks (a clause from a draft) as a proposed insertion by `author`. */
export function suggestBlocks(doc: Y.Doc, blocks: PMNode[], author: Author, id: string, topLevelIndex: number, at = Date.now()): void {
  const mark = { type: AGREEMENT_MARKS.insert, attrs: { ...attrsOf(id, author, at), block: true } };
  const withMark = (n: PMNode): PMNode => n.type === 'text'
    ? { ...n, marks: [...(n.marks ?? []).filter((m) => m.type !== AGREEMENT_MARKS.insert && m.type !== AGREEMENT_MARKS.delete && m.type !== AGREEMENT_MARKS.comment), mark] }
    : { ...n, content: n.content?.map(withMark) };
  const frag = fragmentOf(doc);
  doc.transact(() => frag.insert(Math.min(Math.max(0, topLevelIndex), frag.length), toYNodes(blocks.map(withMark))));
}
