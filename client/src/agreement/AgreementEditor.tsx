/** A Tiptap editor bound to one Yjs document (the joint agreement or a side's private draft). */
import { useEffect, useRef } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { useTranslation } from 'react-i18next';
import { Extension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import { yCursorPlugin } from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { AGREEMENT_FIELD, type Author } from '@mediation/shared';
import { agreementExtensions } from './extensions';
import { localChangeGuard, suggestModeProps } from './suggestMode';
import { caretKeeper } from './caretKeeper';
import { addColumnAfter, addRowAfter, insertTable } from './tableCommands';

/**
 * Who else is in the document and where their caret is. The `user` of every awareness state is
 * stamped by the server from the person's link (participantId, name, role, side, colour), so the
 * name and colour shown are the room's, not whatever a browser claims.
 */
export function caretFor(user: { name?: unknown; colour?: unknown; color?: unknown }): HTMLElement {
  const colour = typeof user.colour === 'string' ? user.colour : typeof user.color === 'string' ? user.color : '#888';
  const caret = document.createElement('span');
  caret.className = 'collab-caret';
  caret.style.borderColor = colour;
  // The name is drawn by CSS from an attribute, not as text: it must not become part of the
  // document's text (copying, reading the page's text, find-in-page).
  const label = document.createElement('span');
  label.className = 'collab-caret-label';
  label.style.background = colour;
  label.dataset.name = typeof user.name === 'string' ? user.name : 'Someone';
  caret.append(label);
  return caret;
}

const collaborationCarets = (awareness: Awareness) => Extension.create({
  name: 'collaborationCarets',
  addProseMirrorPlugins() {
    return [yCursorPlugin(awareness, {
      cursorBuilder: caretFor,
      selectionBuilder: (user: { colour?: string }) => ({ style: `background-color: ${user.colour ?? '#888'}33`, class: 'collab-selection' }),
    })];
  },
});

/** `mayEditText`: this person's link may change the text itself (not only suggest or read). */
export function AgreementEditor({ doc, awareness = null, editable, mayEditText, label, onEditor, suggestAs = null }: { doc: Y.Doc; awareness?: Awareness | null; editable: boolean; mayEditText: boolean; label: string; onEditor(e: Editor | null): void; suggestAs?: Author | null }) {
  // The view's props are fixed when it is created; they read the current mode through refs.
  const suggestRef = useRef<Author | null>(suggestAs);
  suggestRef.current = suggestAs;
  const mayEditRef = useRef(mayEditText);
  mayEditRef.current = mayEditText;
  const editorRef = useRef<Editor | null>(null);
  const editor = useEditor({
    // Yjs carries history; the local undo stack would fight remote edits.
    extensions: [
      StarterKit.configure({ undoRedo: false }),
      Collaboration.configure({ document: doc, field: AGREEMENT_FIELD }),
      caretKeeper(doc),
      ...agreementExtensions,
      localChangeGuard(() => mayEditRef.current),
      ...(awareness ? [collaborationCarets(awareness)] : []),
    ],
    editable,
    editorProps: {
      attributes: { class: 'agreement-doc', 'aria-label': label, 'data-testid': 'agreement-editor' },
      ...suggestModeProps(() => editorRef.current, () => suggestRef.current),
    },
  }, [doc, awareness]);
  editorRef.current = editor;
  useEffect(() => { editor?.setEditable(editable); }, [editor, editable]);
  useEffect(() => { onEditor(editor); return () => onEditor(null); }, [editor, onEditor]);
  return <EditorContent editor={editor} />;
}

/** Formatting buttons for editors. Each says in words what it does (screen readers announce the
 * label, sighted people get it as a tooltip); the symbol is only a visual shorthand. */
export function FormatBar({ editor, disabled = false }: { editor: Editor; disabled?: boolean }) {
  const { t } = useTranslation('agreement');
  // WCAG 2.5.3 (label in name): a symbol with letters or digits ("H2", "+row") is what a speech-
  // control user will say, so the accessible name contains it too (not in parentheses: speech
  // software and axe both drop parenthesised words).
  const btn = (symbol: string, label: string, run: () => void, active?: boolean) => (
    <button type="button" title={label} aria-label={/[A-Za-z0-9]/.test(symbol) && !label.toLowerCase().startsWith(symbol.toLowerCase()) ? `${label}, ${symbol}` : label} aria-pressed={active} disabled={disabled} onMouseDown={(e) => e.preventDefault()} onClick={run}>
      <span aria-hidden="true">{symbol}</span>
    </button>
  );
  const chain = () => editor.chain().focus();
  return (
    <div className="agreement-toolbar" role="toolbar" aria-label={t('format.toolbar')}>
      {btn('B', t('format.bold'), () => chain().toggleBold().run(), editor.isActive('bold'))}
      {btn('I', t('format.italic'), () => chain().toggleItalic().run(), editor.isActive('italic'))}
      {btn('H2', t('format.heading'), () => chain().toggleHeading({ level: 2 }).run(), editor.isActive('heading', { level: 2 }))}
      {btn('1.', t('format.numbered'), () => chain().toggleOrderedList().run(), editor.isActive('orderedList'))}
      {btn('→', t('format.indent'), () => chain().sinkListItem('listItem').run())}
      {btn('←', t('format.outdent'), () => chain().liftListItem('listItem').run())}
      {btn('•', t('format.bulleted'), () => chain().toggleBulletList().run(), editor.isActive('bulletList'))}
      {btn('⤓', t('format.pageBreak'), () => chain().insertContent({ type: 'pageBreak' }).run())}
      {btn('▦', t('format.table'), () => insertTable(editor))}
      {btn('+row', t('format.row'), () => addRowAfter(editor))}
      {btn('+col', t('format.column'), () => addColumnAfter(editor))}
    </div>
  );
}
