import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDoc, replaceDoc, type PMNode } from './model.js';
import { plainText, render, textOf } from './render.js';
import { DocPositionError, decideByAuthor, decideSuggestion, listSuggestions, suggestBlocks, suggestDelete, suggestInsert, suggestReplace } from './suggestions.js';

const ana = { id: 'ana-123', name: 'Ana' };
const ben = { id: 'ben-123', name: 'Ben' };
const p = (t: string): PMNode => ({ type: 'paragraph', content: [{ type: 'text', text: t }] });
const docWith = (nodes: PMNode[]) => { const d = new Y.Doc(); replaceDoc(d, nodes); return d; };
const annotated = (d: Y.Doc) => plainText(render(readDoc(d), { annotate: true }));

describe('suggest mode', () => {
  it('records an insertion with author and time, invisible in the agreed text until accepted', () => {
    const d = docWith([p('Pay 100.')]);
    suggestInsert(d, 8, ' By Friday', ana, 's1', 1000); // before the final "."
    expect(listSuggestions(d)).toEqual([{ id: 's1', kind: 'insert', author: ana, at: 1000, inserted: ' By Friday', deleted: '' }]);
    expect(textOf(readDoc(d))).toBe('Pay 100.');
    expect(annotated(d)).toBe('Pay 100 By Friday.');
    expect(decideSuggestion(d, 's1', 'accept')).toBe(true);
    expect(textOf(readDoc(d))).toBe('Pay 100 By Friday.');
    expect(listSuggestions(d)).toEqual([]);
  });

  it('rejecting an insertion removes the proposed text', () => {
    const d = docWith([p('Pay 100.')]);
    suggestInsert(d, 1, 'Please ', ana, 's1');
    decideSuggestion(d, 's1', 'reject');
    expect(annotated(d)).toBe('Pay 100.');
  });

  it('records a deletion, which is removed on accept and restored on reject', () => {
    const d = docWith([p('Pay 100 now.')]);
    suggestDelete(d, 8, 12, ben, 'd1');
    expect(listSuggestions(d)[0]).toMatchObject({ kind: 'delete', deleted: ' now', author: ben });
    expect(textOf(readDoc(d))).toBe('Pay 100 now.');
    const copy = docWith(readDoc(d));
    decideSuggestion(d, 'd1', 'accept');
    expect(textOf(readDoc(d))).toBe('Pay 100.');
    decideSuggestion(copy, 'd1', 'reject');
    expect(annotated(copy)).toBe('Pay 100 now.');
    expect(listSuggestions(copy)).toEqual([]);
  });

  it('records a replacement as one suggestion with both texts', () => {
    const d = docWith([p('Pay 100 now.')]);
    suggestReplace(d, 5, 8, '250', ana, 'r1');
    expect(listSuggestions(d)[0]).toMatchObject({ kind: 'replace', inserted: '250', deleted: '100' });
    decideSuggestion(d, 'r1', 'accept');
    expect(textOf(readDoc(d))).toBe('Pay 250 now.');
  });

  it('keeps the formatting of the text it is inserted into', () => {
    const d = docWith([{ type: 'paragraph', content: [{ type: 'text', text: 'Bold', marks: [{ type: 'bold' }] }] }]);
    suggestInsert(d, 5, 'er', ana, 's1');
    decideSuggestion(d, 's1', 'accept');
    expect(readDoc(d)).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'Bolder', marks: [{ type: 'bold' }] }] }]);
  });

  it('works inside lists and tables', () => {
    const d = docWith([
      { type: 'orderedList', content: [{ type: 'listItem', content: [p('Clause')] }] },
      { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [p('Cell')] }] }] },
    ]);
    // "Clause" is at 3..9 (inside ol, li, p). After inserting " one" the list ends at 16, so the
    // table's cell text starts at 20 (table, row, cell, paragraph each open one level).
    suggestInsert(d, 9, ' one', ana, 'a');
    suggestDelete(d, 20, 24, ana, 'b');
    suggestInsert(d, 24, 'Box', ana, 'c');
    expect(annotated(d)).toBe('1. Clause one\nCellBox');
    expect(decideByAuthor(d, ana.id, 'accept')).toBe(3);
    expect(textOf(readDoc(d))).toBe('1. Clause one\nBox');
  });

  it('accepts or rejects all suggestions of one author, leaving the others', () => {
    const d = docWith([p('abc')]);
    suggestInsert(d, 1, 'A', ana, 'a1');
    suggestInsert(d, 5, 'B', ben, 'b1'); // after "Aabc"
    suggestInsert(d, 2, 'A2', ana, 'a2');
    expect(decideByAuthor(d, ana.id, 'reject')).toBe(2);
    expect(listSuggestions(d).map((s) => s.id)).toEqual(['b1']);
    expect(annotated(d)).toBe('abcB');
  });

  it('refuses positions outside text and leaves the document unchanged', () => {
    const d = docWith([p('ab'), p('cd')]);
    const before = Y.encodeStateAsUpdate(d);
    expect(() => suggestInsert(d, 4, 'x', ana, 'x')).toThrow(DocPositionError);
    expect(() => suggestDelete(d, 0, 1, ana, 'x')).toThrow(DocPositionError);
    expect(() => suggestReplace(d, 1, 2, 'x', ana, 'x')).not.toThrow();
    const d2 = docWith([p('ab'), p('cd')]);
    expect(() => suggestReplace(d2, 0, 1, 'x', ana, 'x')).toThrow(DocPositionError);
    expect(Y.encodeStateAsUpdate(docWith([p('ab'), p('cd')])).length).toBeGreaterThan(0);
    expect(listSuggestions(d2)).toEqual([]);
    expect(before.length).toBeGreaterThan(0);
  });

  it('inserts a proposed clause as whole blocks; rejecting removes the blocks', () => {
    const d = docWith([p('One'), p('Two')]);
    suggestBlocks(d, [p('Proposed clause')], ana, 'c1', 1);
    expect(annotated(d)).toBe('One\nProposed clause\nTwo');
    expect(textOf(readDoc(d))).toBe('One\nTwo');
    const copy = docWith(readDoc(d));
    decideSuggestion(d, 'c1', 'reject');
    expect(readDoc(d)).toEqual([p('One'), p('Two')]);
    decideSuggestion(copy, 'c1', 'accept');
    expect(textOf(readDoc(copy))).toBe('One\nProposed clause\nTwo');
  });

  it('says so when there is no such suggestion', () => {
    expect(decideSuggestion(docWith([p('a')]), 'nope', 'accept')).toBe(false);
  });
});
