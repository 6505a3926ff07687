/**
 * Editor schema additions the agreement needs beyond StarterKit: suggestion and comment marks
 * (written by the server with these exact names and attributes), page-break hints, and plain
 * table nodes. The Yjs binding drops anything the schema does not know, so these must exist in
 * every editor that opens the agreement, including read-only ones.
 */
import { Mark, Node, mergeAttributes } from '@tiptap/core';
import { AGREEMENT_MARKS } from '@mediation/shared';

const objectAttr = (name: string) => ({ default: null, parseHTML: (el: HTMLElement) => el.getAttribute(`data-${name}`), renderHTML: () => ({}) });

function suggestionMark(name: string, tag: string, className: string) {
  return Mark.create({
    name,
    inclusive: false,
    addAttributes() {
      return {
        id: objectAttr('id'),
        authorId: objectAttr('author-id'),
        authorName: { default: null, renderHTML: (a: { authorName?: string; at?: number }) => ({ title: `${a.authorName ?? ''} ${a.at ? new Date(a.at).toLocaleString() : ''}`.trim() }) },
        at: objectAttr('at'),
        block: objectAttr('block'),
      };
    },
    parseHTML() { return [{ tag: `${tag}.${className}` }]; },
    renderHTML({ HTMLAttributes }) { return [tag, mergeAttributes(HTMLAttributes, { class: className }), 0]; },
  });
}

export const SuggestInsert = suggestionMark(AGREEMENT_MARKS.insert, 'ins', 'suggest-insert');
export const SuggestDelete = suggestionMark(AGREEMENT_MARKS.delete, 'del', 'suggest-delete');

export const CommentMark = Mark.create({
  name: AGREEMENT_MARKS.comment,
  inclusive: false,
  addAttributes() {
    return { threadId: { default: null, renderHTML: (a: { threadId?: string }) => ({ 'data-thread': a.threadId }) } };
  },
  parseHTML() { return [{ tag: 'span[data-thread]' }]; },
  renderHTML({ HTMLAttributes }) { return ['span', mergeAttributes(HTMLAttributes, { class: 'comment-anchor' }), 0]; },
});

/** A hint where the printed agreement should start a new page (exports honour it). */
export const PageBreak = Node.create({
  name: 'pageBreak',
  group: 'block',
  atom: true,
  parseHTML() { return [{ tag: 'div[data-page-break]' }]; },
  renderHTML() { return ['div', { 'data-page-break': '', class: 'page-break' }]; },
});

const cellAttrs = () => ({ colspan: { default: 1 }, rowspan: { default: 1 }, colwidth: { default: null } });
export const Table = Node.create({ name: 'table', group: 'block', content: 'tableRow+', isolating: true, parseHTML: () => [{ tag: 'table' }], renderHTML: () => ['table', ['tbody', 0]] });
export const TableRow = Node.create({ name: 'tableRow', content: '(tableCell | tableHeader)*', parseHTML: () => [{ tag: 'tr' }], renderHTML: () => ['tr', 0] });
export const TableCell = Node.create({ name: 'tableCell', content: 'block+', isolating: true, addAttributes: cellAttrs, parseHTML: () => [{ tag: 'td' }], renderHTML: () => ['td', 0] });
export const TableHeader = Node.create({ name: 'tableHeader', content: 'block+', isolating: true, addAttributes: cellAttrs, parseHTML: () => [{ tag: 'th' }], renderHTML: () => ['th', 0] });

export const agreementExtensions = [SuggestInsert, SuggestDelete, CommentMark, PageBreak, Table, TableRow, TableCell, TableHeader];
