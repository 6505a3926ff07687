/** Small table commands for the agreement (insert a table, add a row or a column), written
 * against the editor state so no table library is needed for these basics. */
import type { Editor } from '@tiptap/core';

export function insertTable(editor: Editor, rows = 2, cols = 3): boolean {
  const cell = (type: 'tableHeader' | 'tableCell') => ({ type, attrs: { colspan: 1, rowspan: 1 }, content: [{ type: 'paragraph' }] });
  const row = (type: 'tableHeader' | 'tableCell') => ({ type: 'tableRow', content: Array.from({ length: cols }, () => cell(type)) });
  return editor.chain().focus().insertContent({ type: 'table', content: [row('tableHeader'), ...Array.from({ length: rows - 1 }, () => row('tableCell'))] }).run();
}

/** Adds an empty row after the row holding the cursor. */
export function addRowAfter(editor: Editor): boolean {
  const { state } = editor;
  const $from = state.selection.$from;
  for (let d = $from.depth; d > 0; d--) {
    const node = $from.node(d);
    if (node.type.name !== 'tableRow') continue;
    const { tableCell, tableRow, paragraph } = state.schema.nodes;
    if (!tableCell || !tableRow || !paragraph) return false;
    const cells: ReturnType<typeof tableCell.create>[] = [];
    node.forEach((c) => { cells.push(tableCell.create({ colspan: c.attrs.colspan, rowspan: 1 }, paragraph.create())); });
    editor.view.dispatch(state.tr.insert($from.after(d), tableRow.create(null, cells)));
    return true;
  }
  return false;
}

/** Adds an empty column after the column holding the cursor, in every row. */
export function addColumnAfter(editor: Editor): boolean {
  const { state } = editor;
  const $from = state.selection.$from;
  let cellDepth = -1;
  for (let d = $from.depth; d > 0; d--) if (['tableCell', 'tableHeader'].includes($from.node(d).type.name)) { cellDepth = d; break; }
  if (cellDepth < 0) return false;
  const column = $from.index(cellDepth - 1);
  const table = $from.node(cellDepth - 2);
  const tableStart = $from.start(cellDepth - 2);
  const { paragraph } = state.schema.nodes;
  if (!paragraph) return false;
  let tr = state.tr;
  // Insert from the last row up so earlier positions stay valid.
  const rows: Array<{ pos: number; node: typeof table }> = [];
  table.forEach((row, offset) => rows.push({ pos: tableStart + offset, node: row }));
  for (const { pos, node } of rows.reverse()) {
    let cellPos = pos + 1;
    for (let i = 0; i <= Math.min(column, node.childCount - 1); i++) cellPos += node.child(i).nodeSize;
    const like = node.child(Math.min(column, node.childCount - 1));
    tr = tr.insert(cellPos, like.type.create({ colspan: 1, rowspan: 1 }, paragraph.create()));
  }
  editor.view.dispatch(tr);
  return true;
}
