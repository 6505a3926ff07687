import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { agreementExtensions } from './extensions';
// The server writes the template into the Yjs document; the editor must accept every node and mark
// of it, or the Yjs binding would drop them.
import { agreementTemplate } from '../../../server/src/agreement/template';

const schema = getSchema([StarterKit, ...agreementExtensions]);
const people = [
  { displayName: 'Ana', role: 'party' as const, side: 'Claimant' },
  { displayName: 'Lee', role: 'attorney' as const, side: 'Claimant' },
];

describe('the editor schema', () => {
  it('accepts the whole server template (headings, clauses, tables, page break)', () => {
    const doc = schema.nodeFromJSON({ type: 'doc', content: agreementTemplate('T', people) });
    expect(() => doc.check()).not.toThrow();
    expect(doc.textContent).toContain('Settlement Agreement');
  });

  it('accepts suggestion and comment marks with their server attributes', () => {
    const attrs = { id: 's1', authorId: 'ana', authorName: 'Ana', at: 1, block: true };
    const doc = schema.nodeFromJSON({ type: 'doc', content: [{ type: 'paragraph', content: [
      { type: 'text', text: 'new', marks: [{ type: 'suggestInsert', attrs }] },
      { type: 'text', text: 'old', marks: [{ type: 'suggestDelete', attrs }, { type: 'comment', attrs: { threadId: 't1' } }] },
    ] }] });
    expect(() => doc.check()).not.toThrow();
    expect(doc.firstChild!.firstChild!.marks[0]!.attrs).toMatchObject(attrs);
  });
});
