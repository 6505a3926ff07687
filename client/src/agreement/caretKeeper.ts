/**
 * Keeps the caret where a person just put it when a collaborator's change lands.
 *
 * The browser moves the caret at once (a click, End, an arrow key), but the editor reads the new
 * position only on the next `selectionchange` event. After a remote change, the Yjs binding puts
 * back the selection the editor last knew, so a change landing in between sent the caret back to
 * where it had been, and the next keystrokes went there: mid-word, in another paragraph
 * (yjs/y-prosemirror#146, open upstream). Two attorneys co-editing the agreement hit this.
 *
 * Before every Yjs transaction, the editor's selection is brought up to the DOM's. The binding
 * reads the selection in its own `beforeAllTransactions` listener, so this one must run first:
 * the extension's priority puts its plugin, whose view registers the listener, before the
 * Collaboration extension's (priority 1000).
 */
import { Extension } from '@tiptap/core';
import { Plugin, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type * as Y from 'yjs';

/** The DOM's caret or range, when it is inside the editor and differs from the editor's text
 * selection; null otherwise (nothing to do). */
export function domSelectionAhead(view: EditorView): TextSelection | null {
  if (view.composing || !view.hasFocus()) return null;
  const { selection, doc } = view.state;
  if (!(selection instanceof TextSelection)) return null;
  const dom = view.dom.ownerDocument.getSelection();
  if (!dom?.anchorNode || !dom.focusNode || !view.dom.contains(dom.anchorNode) || !view.dom.contains(dom.focusNode)) return null;
  let anchor: number;
  let head: number;
  try {
    anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
    head = view.posAtDOM(dom.focusNode, dom.focusOffset);
  } catch {
    return null; // inside a widget (a collaborator's caret) or a node the view does not map
  }
  if (anchor === selection.anchor && head === selection.head) return null;
  if (anchor < 0 || head < 0 || anchor > doc.content.size || head > doc.content.size) return null;
  if (!doc.resolve(anchor).parent.inlineContent || !doc.resolve(head).parent.inlineContent) return null;
  return TextSelection.create(doc, anchor, head);
}

export const caretKeeper = (doc: Y.Doc) => Extension.create({
  name: 'caretKeeper',
  priority: 1001,
  addProseMirrorPlugins() {
    return [new Plugin({
      view(view) {
        const catchUp = () => {
          const ahead = domSelectionAhead(view);
          // A selection-only transaction: the binding writes nothing to the document for it.
          if (ahead) view.dispatch(view.state.tr.setSelection(ahead));
        };
        doc.on('beforeAllTransactions', catchUp);
        return { destroy: () => doc.off('beforeAllTransactions', catchUp) };
      },
    })];
  },
});
