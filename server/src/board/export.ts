/** A readable summary of a board, as Markdown or PDF. Scores are private and never exported. */
import PDFDocument from 'pdfkit';
import { PDF_FONT, useUnicodeFonts } from '../export/fonts.js';
import type { Card, CardKind } from '@mediation/shared';
import type { BoardSnapshot } from './model.js';

const KIND_TITLES: Record<CardKind, string> = { option: 'Options', interest: 'Interests', position: 'Positions', question: 'Questions' };
const KIND_ORDER: CardKind[] = ['option', 'interest', 'position', 'question'];

export interface ExportHeader {
  sessionTitle: string;
  boardTitle: string;
  exportedAt: Date;
}

const byline = (c: Card) => (c.authorSide ? `${c.authorSide}` : c.promoted?.anonymous ? 'promoted from a caucus' : c.authorName);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Sections: each named cluster, then unclustered cards; inside each, cards grouped by kind. */
function sections(board: BoardSnapshot): Array<{ title: string; groups: Array<{ kind: CardKind; cards: Card[] }> }> {
  const groupsOf = (cards: Card[]) => KIND_ORDER.map((kind) => ({ kind, cards: cards.filter((c) => c.kind === kind) })).filter((g) => g.cards.length > 0);
  const clusterIds = new Set(board.clusters.map((c) => c.id));
  const out = board.clusters.map((cl) => ({ title: cl.name, groups: groupsOf(board.cards.filter((c) => c.clusterId === cl.id)) }));
  const loose = board.cards.filter((c) => !c.clusterId || !clusterIds.has(c.clusterId));
  if (loose.length > 0) out.push({ title: board.clusters.length > 0 ? 'Not grouped' : 'Cards', groups: groupsOf(loose) });
  return out.filter((s) => s.groups.length > 0);
}

function linkLines(board: BoardSnapshot): string[] {
  const text = new Map(board.cards.map((c) => [c.id, oneLine(c.text)]));
  return board.links.filter((l) => text.has(l.optionId) && text.has(l.interestId)).map((l) => `"${text.get(l.optionId)}" serves "${text.get(l.interestId)}"`);
}

export function boardToMarkdown(board: BoardSnapshot, h: ExportHeader): string {
  const lines = [`# ${h.boardTitle}`, '', `${h.sessionTitle} · exported ${h.exportedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`, ''];
  if (board.cards.length === 0) lines.push('_The board is empty._', '');
  for (const s of sections(board)) {
    lines.push(`## ${s.title}`, '');
    for (const g of s.groups) {
      lines.push(`### ${KIND_TITLES[g.kind]}`, '');
      for (const c of g.cards) lines.push(`- ${oneLine(c.text) || '(empty)'} — _${byline(c)}_`);
      lines.push('');
    }
  }
  const links = linkLines(board);
  if (links.length > 0) lines.push('## Links', '', ...links.map((l) => `- ${l}`), '');
  return lines.join('\n');
}

export function boardToPdf(board: BoardSnapshot, h: ExportHeader): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: h.boardTitle } });
    // Card authors' names and card text are Unicode: the built-in Helvetica garbles most of them.
    useUnicodeFonts(doc);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(PDF_FONT.bold).fontSize(18).text(h.boardTitle);
    doc.font(PDF_FONT.regular).fontSize(10).fillColor('#555').text(`${h.sessionTitle} · exported ${h.exportedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`).fillColor('#000');
    doc.moveDown();
    if (board.cards.length === 0) doc.fontSize(11).text('The board is empty.');
    for (const s of sections(board)) {
      doc.moveDown(0.5).font(PDF_FONT.bold).fontSize(14).text(s.title);
      for (const g of s.groups) {
        doc.moveDown(0.3).font(PDF_FONT.bold).fontSize(11).text(KIND_TITLES[g.kind]);
        doc.font(PDF_FONT.regular).fontSize(11);
        for (const c of g.cards) {
          doc.fillColor(c.colour).text('• ', { continued: true }).fillColor('#000').text(`${oneLine(c.text) || '(empty)'} — ${byline(c)}`);
        }
      }
    }
    const links = linkLines(board);
    if (links.length > 0) {
      doc.moveDown(0.5).font(PDF_FONT.bold).fontSize(14).text('Links');
      doc.font(PDF_FONT.regular).fontSize(11);
      for (const l of links) doc.text(`• ${l}`);
    }
    doc.end();
  });
}
