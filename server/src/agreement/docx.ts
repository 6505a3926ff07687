/** DOCX from rendered blocks, with the `docx` library. Only the visible text goes in: no tracked
 * changes, no comments part, and neutral document properties (no participant names). */
import { BorderStyle, Document, HeadingLevel, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Block, Run } from './render.js';

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const;

function textRuns(runs: Run[]): TextRun[] {
  const out: TextRun[] = [];
  for (const r of runs) {
    r.text.split('\n').forEach((part, i) => {
      out.push(new TextRun({
        text: part,
        break: i > 0 ? 1 : undefined,
        bold: r.bold,
        italics: r.italic,
        underline: r.underline || r.suggestion === 'insert' ? {} : undefined,
        strike: r.strike || r.suggestion === 'delete',
        color: r.suggestion ? (r.suggestion === 'insert' ? '1a7f37' : 'b42318') : undefined,
      }));
    });
  }
  return out;
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };

export async function blocksToDocx(blocks: Block[], title: string): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [];
  for (const b of blocks) {
    if (b.kind === 'heading') children.push(new Paragraph({ heading: HEADINGS[Math.min(b.level, 4) - 1], children: textRuns(b.runs) }));
    else if (b.kind === 'paragraph') {
      // Clause numbers are written as text so Word shows exactly the numbering the parties agreed.
      const label = b.label ? [new TextRun({ text: `${b.label}\t` })] : [];
      children.push(new Paragraph({ indent: b.depth ? { left: 360 * b.depth, hanging: b.label ? 360 : 0 } : undefined, children: [...label, ...textRuns(b.runs)] }));
    } else if (b.kind === 'pageBreak') children.push(new Paragraph({ children: [new PageBreak()] }));
    else if (b.kind === 'table') {
      children.push(new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: b.rows.map((row) => new TableRow({
          tableHeader: row.header,
          children: row.cells.map((cell) => new TableCell({
            borders: { top: border, bottom: border, left: border, right: border },
            children: (cell.length ? cell : [[]]).map((runs) => new Paragraph({ children: textRuns(row.header ? runs.map((r) => ({ ...r, bold: true })) : runs) })),
          })),
        })),
      }));
    }
  }
  const doc = new Document({
    title,
    creator: 'Mediation room',
    lastModifiedBy: 'Mediation room',
    description: '',
    revision: 1,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
