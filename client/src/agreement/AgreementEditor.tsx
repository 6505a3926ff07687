/** A Tiptap editor bound to one Yjs document (the joint agreement or a side's private draft). */
import { useEffect, useRef } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import type * as Y from 'yjs';
import { AGREEMENT_FIELD, type Author } from '@mediation/shared';
import { agreementExtensions } from './extensions';
import { suggestModeProps } from './suggestMode';
import { addColumnAfter, addRowAfter, insertTable } from './tableCommands';

export function AgreementEditor({ doc, editable, label, onEditor, suggestAs = null }: { doc: Y.Doc; editable: boolean; label: string; onEditor(e: Editor | null): void; suggestAs?: Author | null }) {
  // The view's props are fixed when it is created; they read the current mode through refs.
  const suggestRef = useRef<Author | null>(suggestAs);
  suggestRef.current = suggestAs;
  const editorRef = useRef<Editor | null>(null);
  const editor = useEditor({
    // Yjs carries history; the local undo stack would fight remote edits.
    extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ document: doc, field: AGREEMENT_FIELD }), ...agreementExtensions],
    editable,
    editorProps: {
      attributes: { class: 'agreement-doc', 'aria-label': label, 'data-testid': 'agreement-editor' },
      ...suggestModeProps(() => editorRef.current, () => suggestRef.current),
    },
  }, [doc]);
  editorRef.current = editor;
  useEffect(() => { editor?.setEditable(editable); }, [editor, editable]);
  useEffect(() => { onEditor(editor); return () => onEditor(null); }, [editor, onEditor]);
  return <EditorContent editor={editor} />;
}

/** Formatting buttons for editors. */
export function FormatBar({ editor }: { editor: Editor }) {
  const btn = (label: string, title: string, run: () => void, active = false) => (
    <button type="button" title={title} aria-pressed={active} onMouseDown={(e) => e.preventDefault()} onClick={run}>{label}</button>
  );
  const chain = () => editor.chain().focus();
  return (
    <div className="agreement-toolbar" role="toolbar" aria-label="Formatting">
      {btn('B', 'Bold', () => chain().toggleBold().run(), editor.isActive('bold'))}
      {btn('I', 'Italic', () => chain().toggleItalic().run(), editor.isActive('italic'))}
      {btn('H2', 'Section heading', () => chain().toggleHeading({ level: 2 }).run(), editor.isActive('heading', { level: 2 }))}
      {btn('1.', 'Numbered clauses', () => chain().toggleOrderedList().run(), editor.isActive('orderedList'))}
      {btn('→', 'Sub-clause (indent)', () => chain().sinkListItem('listItem').run())}
      {btn('←', 'Outdent', () => chain().liftListItem('listItem').run())}
      {btn('•', 'Bulleted list', () => chain().toggleBulletList().run(), editor.isActive('bulletList'))}
      {btn('⤓', 'Page break hint', () => chain().insertContent({ type: 'pageBreak' }).run())}
      {btn('▦', 'Insert table', () => insertTable(editor))}
      {btn('+row', 'Add a table row below', () => addRowAfter(editor))}
      {btn('+col', 'Add a table column to the right', () => addColumnAfter(editor))}
    </div>
  );
}
