/** PDF from rendered blocks, with pdfkit (an embedded Unicode font, real text layer). */
import { PDF_FONT as FONT } from '../export/fonts.js';
import { startPdf } from '../export/pdfDocument.js';
import type { Block, Run } from './render.js';

const fontOf = (r: Run) => (r.bold && r.italic ? FONT.boldItalic : r.bold ? FONT.bold : r.italic ? FONT.italic : FONT.regular);
const HEADING_SIZE = [18, 14, 12, 11];

export function blocksToPdf(blocks: Block[], title: string): Promise<Buffer> {
  const { doc, bytes: done } = startPdf(title);
  const left = doc.page.margins.left;
  const width = () => doc.page.width - doc.page.margins.left - doc.page.margins.right;

  const writeRuns = (runs: Run[], x: number, w: number, size = 11, prefix = '') => {
    const all: Run[] = prefix ? [{ text: prefix }, ...runs] : runs;
    const parts = all.filter((r) => r.text.length > 0);
    if (parts.length === 0) { doc.font(FONT.regular).fontSize(size).text(' ', x, doc.y, { width: w }); return; }
    parts.forEach((r, i) => {
      doc.font(fontOf(r)).fontSize(size).fillColor(r.suggestion === 'insert' ? '#1a7f37' : r.suggestion === 'delete' ? '#b42318' : 'black');
      const opts = { width: w, continued: i < parts.length - 1, underline: !!(r.underline || r.suggestion === 'insert'), strike: !!(r.strike || r.suggestion === 'delete') };
      if (i === 0) doc.text(r.text, x, doc.y, opts);
      else doc.text(r.text, opts);
    });
    doc.fillColor('black');
  };

  for (const b of blocks) {
    if (b.kind === 'pageBreak') { doc.addPage(); continue; }
    if (b.kind === 'heading') {
      doc.moveDown(0.6);
      writeRuns(b.runs.map((r) => ({ ...r, bold: true })), left, width(), HEADING_SIZE[Math.min(b.level, 4) - 1]);
      doc.moveDown(0.3);
    } else if (b.kind === 'paragraph') {
      const indent = 18 * b.depth;
      writeRuns(b.runs, left + indent, width() - indent, 11, b.label ? `${b.label} ` : '');
      doc.moveDown(0.3);
    } else {
      const cols = Math.max(1, ...b.rows.map((r) => r.cells.length));
      const colW = width() / cols;
      for (const row of b.rows) {
        doc.font(row.header ? FONT.bold : FONT.regular).fontSize(10);
        const texts = row.cells.map((c) => c.map((runs) => runs.map((r) => r.text).join('')).join('\n'));
        const h = Math.max(14, ...texts.map((t) => doc.heightOfString(t || ' ', { width: colW - 8 }))) + 6;
        if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
        const y = doc.y;
        texts.forEach((t, i) => {
          doc.rect(left + i * colW, y, colW, h).strokeColor('#999999').stroke();
          doc.text(t, left + i * colW + 4, y + 3, { width: colW - 8 });
        });
        doc.x = left;
        doc.y = y + h;
      }
      doc.moveDown(0.5);
    }
  }
  doc.end();
  return done;
}
