/**
 * Suggest mode for editors ("track my changes"): typed and pasted text is inserted with a
 * `suggestInsert` mark and deleted text is only marked `suggestDelete`, with the author and time,
 * so others accept or reject it exactly like a party's suggestion. Deleting one's own pending
 * insertion removes it for real. Structural edits (Enter, joins) are held back while suggesting.
 * Parties type in suggest mode too (always): their connection accepts only their own suggestion
 * marks (server/src/agreement/suggestGuard.ts), so anything else they could do is held back here.
 * A replacement (select, then type or paste) is ONE suggestion: the deletion and the insertion
 * share one id, so they are listed, accepted and rejected together.
 */
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { AGREEMENT_MARKS, type Author } from '@mediation/shared';

type View = Editor['view'];

/** Marks the transactions suggest mode builds, so the guard below lets them through. */
const SUGGESTION_META = 'agreementSuggestion';

const newSuggestionId = () => `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
const SUGGESTION_MARKS: readonly string[] = [AGREEMENT_MARKS.insert, AGREEMENT_MARKS.delete, AGREEMENT_MARKS.comment];

function attrsFor(author: Author) {
  return { id: newSuggestionId(), authorId: author.id, authorName: author.name, at: Date.now() };
}

/** Inserts `text` at the selection as a suggestion (the selected text, if any, proposed for deletion). */
function suggestText(view: View, editor: Editor, author: Author, from: number, to: number, text: string): boolean {
  const { state } = view;
  const { schema } = state;
  const ins = schema.marks[AGREEMENT_MARKS.insert];
  const del = schema.marks[AGREEMENT_MARKS.delete];
  if (!ins || !del || !state.doc.resolve(to).parent.isTextblock) return true;
  let tr = state.tr;
  // Continue my own adjacent insertion as one suggestion rather than one per keystroke.
  const before = state.doc.resolve(from).nodeBefore;
  const mine = from === to ? before?.marks.find((m) => m.type === ins && m.attrs.authorId === author.id) : undefined;
  const attrs = mine ? mine.attrs : attrsFor(author);
  if (from < to) tr = tr.addMark(from, to, del.create(attrs));
  const inherited = (state.storedMarks ?? state.doc.resolve(from).marks()).filter((m) => !SUGGESTION_MARKS.includes(m.type.name));
  tr = tr.insert(to, schema.text(text, [...inherited, ins.create(attrs)]));
  view.dispatch(tr.setMeta(SUGGESTION_META, true));
  editor.commands.setTextSelection(to + text.length);
  return true;
}

function suggestDeletion(view: View, editor: Editor, author: Author, from: number, to: number, cursorAfter: number): boolean {
  const { state } = view;
  const ins = state.schema.marks[AGREEMENT_MARKS.insert];
  const del = state.schema.marks[AGREEMENT_MARKS.delete];
  if (!ins || !del) return true;
  let tr = state.tr;
  // My own pending insertions are simply removed; everything else is marked for deletion.
  const own: Array<[number, number]> = [];
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (node.isText && node.marks.some((m) => m.type === ins && m.attrs.authorId === author.id)) own.push([Math.max(from, pos), Math.min(to, pos + node.nodeSize)]);
  });
  tr = tr.addMark(from, to, del.create(attrsFor(author)));
  for (const [a, b] of own.reverse()) tr = tr.delete(a, b);
  view.dispatch(tr.setMeta(SUGGESTION_META, true));
  editor.commands.setTextSelection(tr.mapping.map(cursorAfter, -1));
  return true;
}

/** ProseMirror props that implement suggest mode while `author()` returns someone. */
export function suggestModeProps(editor: () => Editor | null, author: () => Author | null) {
  return {
    handleTextInput(view: View, from: number, to: number, text: string): boolean {
      const a = author();
      const e = editor();
      return a && e ? suggestText(view, e, a, from, to, text) : false;
    },
    handleKeyDown(view: View, event: KeyboardEvent): boolean {
      const a = author();
      const e = editor();
      if (!a || !e) return false;
      const { from, to, empty, $from } = view.state.selection;
      if (event.key === 'Enter') return true;
      // Formatting shortcuts (bold, headings, lists…) would change the agreed text, not suggest:
      // held back. Copying, selecting all and moving the caret stay.
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.length === 1 && !['c', 'a'].includes(event.key.toLowerCase())) return true;
      if (event.key !== 'Backspace' && event.key !== 'Delete') return false;
      if (!empty) return suggestDeletion(view, e, a, from, to, from);
      if (event.key === 'Backspace') return $from.parentOffset === 0 ? true : suggestDeletion(view, e, a, from - 1, from, from - 1);
      return $from.parentOffset >= $from.parent.content.size ? true : suggestDeletion(view, e, a, from, from + 1, from + 1);
    },
    handlePaste(view: View, event: ClipboardEvent): boolean {
      const a = author();
      const e = editor();
      if (!a || !e) return false;
      const text = event.clipboardData?.getData('text/plain')?.replace(/\s*\n\s*/g, ' ') ?? '';
      const { from, to } = view.state.selection;
      return text ? suggestText(view, e, a, from, to, text) : true;
    },
    handleDrop(): boolean {
      return author() !== null;
    },
    handleDOMEvents: {
      /** Cutting copies the text and suggests deleting it (a real cut would delete it). */
      cut(view: View, event: ClipboardEvent): boolean {
        const a = author();
        const e = editor();
        if (!a || !e) return false;
        const { from, to, empty } = view.state.selection;
        event.preventDefault();
        if (empty) return true;
        event.clipboardData?.setData('text/plain', view.state.doc.textBetween(from, to, '\n'));
        return suggestDeletion(view, e, a, from, to, from);
      },
    },
  };
}

/**
 * For people who may not change the text directly (parties, observers, anyone before their rights
 * have loaded): the local document changes only by suggestions built above or by what arrives from
 * the server. Anything else (an extension's automatic fix-up such as the trailing paragraph after
 * a closing table, an IME composition, spellcheck's replacement, a drop) is refused here, because
 * the server would refuse it too, and a change the server never has leaves this copy diverged.
 */
export const localChangeGuard = (mayEditText: () => boolean) => Extension.create({
  name: 'localChangeGuard',
  addProseMirrorPlugins() {
    return [new Plugin({
      filterTransaction: (tr: Transaction) => !tr.docChanged || mayEditText() || !!tr.getMeta(SUGGESTION_META) || !!tr.getMeta(ySyncPluginKey),
    })];
  },
});
