import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorComment, anchoredText } from './comments.js';
import { readDoc, replaceDoc, type PMNode } from './model.js';
import { contentHash } from './render.js';
import { DocPositionError } from './suggestions.js';

const p = (t: string): PMNode => ({ type: 'paragraph', content: [{ type: 'text', text: t }] });
const docWith = (nodes: PMNode[]) => { const d = new Y.Doc(); replaceDoc(d, nodes); return d; };

describe('comment anchors', () => {
  it('marks the commented range and quotes it, without changing the agreed content', () => {
    const d = docWith([p('Pay 100 by Friday.')]);
    const before = contentHash(readDoc(d));
    expect(anchorComment(d, 5, 8, 't1')).toBe('100');
    expect(anchoredText(d, 't1')).toBe('100');
    expect(contentHash(readDoc(d))).toBe(before);
  });

  it('moves with edits made before the anchor', () => {
    const d = docWith([p('Pay 100 by Friday.')]);
    anchorComment(d, 5, 8, 't1');
    const text = d.getXmlFragment('default').get(0) as Y.XmlElement;
    (text.get(0) as Y.XmlText).insert(0, 'Please ');
    expect(anchoredText(d, 't1')).toBe('100');
  });

  it('refuses a range with no text', () => {
    const d = docWith([p('a'), p('b')]);
    expect(() => anchorComment(d, 3, 4, 't')).toThrow(DocPositionError);
  });
});
