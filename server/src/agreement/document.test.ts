import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentHash, plainText, render, textOf } from './render.js';
import { fragmentOf, isEmptyDoc, readDoc, replaceDoc, type PMNode } from './model.js';
import { agreementTemplate } from './template.js';
import { docSize, resolveInsertPoint, textOfRange } from './positions.js';

const people = [
  { displayName: 'Maria Mediator', role: 'mediator' as const, side: null },
  { displayName: 'Ana Claimant', role: 'party' as const, side: 'Claimant' },
  { displayName: 'Ben Respondent', role: 'party' as const, side: 'Respondent' },
  { displayName: 'J. Lee', role: 'attorney' as const, side: 'Claimant' },
  { displayName: 'Olive Observer', role: 'observer' as const, side: null },
];

const p = (t: string): PMNode => ({ type: 'paragraph', content: [{ type: 'text', text: t }] });

function docWith(nodes: PMNode[]): Y.Doc {
  const doc = new Y.Doc();
  replaceDoc(doc, nodes);
  return doc;
}

describe('the agreement template', () => {
  it('has every section the issue names, filled from the participants', () => {
    const text = textOf(agreementTemplate('Smith v. Jones', people, new Date('2026-01-02T00:00:00Z')));
    for (const section of ['Parties', 'Recitals', 'Terms', 'Payment schedule', 'Confidentiality', 'Release', 'Disputes about this agreement', 'Signatures']) {
      expect(text).toContain(section);
    }
    expect(text).toContain('1. Ana Claimant (the "Claimant")');
    expect(text).toContain('2. Ben Respondent (the "Respondent")');
    expect(text).toContain('Mediator: Maria Mediator');
    expect(text).toContain('J. Lee | Attorney | Claimant');
    expect(text).not.toContain('Olive Observer');
  });

  it('numbers clauses and sub-clauses and keeps tables and page breaks', () => {
    const blocks = render(agreementTemplate('T', people));
    const labels = blocks.flatMap((b) => (b.kind === 'paragraph' && b.label ? [b.label] : []));
    expect(labels).toContain('1.1.');
    expect(labels).toContain('1.2.');
    expect(blocks.filter((b) => b.kind === 'table')).toHaveLength(2);
    expect(blocks.some((b) => b.kind === 'pageBreak')).toBe(true);
  });
});

describe('the Yjs document model', () => {
  it('round-trips ProseMirror JSON through the Y.XmlFragment Tiptap binds to', () => {
    const nodes = agreementTemplate('T', people, new Date(0));
    const doc = docWith(nodes);
    expect(fragmentOf(doc).length).toBe(nodes.length);
    expect(textOf(readDoc(doc))).toBe(textOf(nodes));
    expect(contentHash(readDoc(doc))).toBe(contentHash(nodes));
  });

  it('survives a Yjs update round trip to another replica', () => {
    const a = docWith(agreementTemplate('T', people, new Date(0)));
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(textOf(readDoc(b))).toBe(textOf(readDoc(a)));
  });

  it('knows an empty document from a written one', () => {
    expect(isEmptyDoc([])).toBe(true);
    expect(isEmptyDoc([{ type: 'paragraph' }])).toBe(true);
    expect(isEmptyDoc([p('x')])).toBe(false);
  });
});

describe('the content hash', () => {
  it('is a stable SHA-256 that changes with any text or formatting change', () => {
    const base = [p('Pay 100 on Monday.')];
    expect(contentHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(base)).toBe(contentHash([p('Pay 100 on Monday.')]));
    expect(contentHash([p('Pay 101 on Monday.')])).not.toBe(contentHash(base));
    expect(contentHash([{ type: 'paragraph', content: [{ type: 'text', text: 'Pay 100 on Monday.', marks: [{ type: 'bold' }] }] }])).not.toBe(contentHash(base));
  });

  it('ignores comment anchors and pending insertions, which are not agreed text', () => {
    const base = [p('Pay 100.')];
    const commented: PMNode[] = [{ type: 'paragraph', content: [{ type: 'text', text: 'Pay 100.', marks: [{ type: 'comment', attrs: { threadId: 't1' } }] }] }];
    const suggested: PMNode[] = [{ type: 'paragraph', content: [{ type: 'text', text: 'Pay 100.' }, { type: 'text', text: ' Or more.', marks: [{ type: 'suggestInsert', attrs: { id: 's' } }] }] }];
    expect(contentHash(commented)).toBe(contentHash(base));
    expect(contentHash(suggested)).toBe(contentHash(base));
  });
});

describe('ProseMirror positions over the Yjs tree', () => {
  it('matches ProseMirror sizes: 2 per block, 1 per character and per leaf node', () => {
    const doc = docWith([p('ab'), { type: 'pageBreak' }, { type: 'orderedList', content: [{ type: 'listItem', content: [p('cd')] }] }]);
    // p(ab)=4, pageBreak=1, ol(li(p(cd)))=2+2+4=8
    expect(docSize(fragmentOf(doc))).toBe(13);
    expect(textOfRange(fragmentOf(doc), 1, 3)).toBe('ab');
    // Inside the list item paragraph: ol opens at 5, li at 6, p at 7, text starts at 8.
    expect(textOfRange(fragmentOf(doc), 8, 10)).toBe('cd');
  });

  it('resolves insert points inside text and empty paragraphs, never between blocks', () => {
    const doc = docWith([p('ab'), { type: 'paragraph' }]);
    const frag = fragmentOf(doc);
    expect(resolveInsertPoint(frag, 1)).toMatchObject({ offset: 0 });
    expect(resolveInsertPoint(frag, 3)).toMatchObject({ offset: 2 });
    expect(resolveInsertPoint(frag, 5)).toMatchObject({ index: 0 });
    expect(resolveInsertPoint(frag, 4)).toBeNull();
    expect(resolveInsertPoint(frag, 0)).toBeNull();
  });
});

describe('plain text', () => {
  it('renders numbered lists, bullets and table rows one per line', () => {
    const nodes: PMNode[] = [
      { type: 'orderedList', attrs: { start: 1 }, content: [
        { type: 'listItem', content: [p('First'), { type: 'orderedList', content: [{ type: 'listItem', content: [p('Sub')] }] }] },
        { type: 'listItem', content: [p('Second')] },
      ] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [p('Dot')] }] },
    ];
    expect(plainText(render(nodes))).toBe('1. First\n1.1. Sub\n2. Second\n\u2022 Dot');
  });
});
