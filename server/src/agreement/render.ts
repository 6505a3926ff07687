/**
 * A flat, format-neutral view of the agreement (headings, numbered paragraphs, tables, page
 * breaks) that the DOCX and PDF exporters, the plain text, the redline and the content hash all
 * share, so "the text of a version" means one thing everywhere.
 */
import crypto from 'node:crypto';
import { AGREEMENT_MARKS } from '@mediation/shared';
import { canonicalJson, cleanNodes, type PMNode } from './model.js';

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  /** Only in annotated renderings. */
  suggestion?: 'insert' | 'delete';
}
export type Block =
  | { kind: 'heading'; level: number; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[]; label: string; depth: number }
  | { kind: 'table'; rows: Array<{ header: boolean; cells: Run[][][] }> }
  | { kind: 'pageBreak' };

export interface RenderOptions {
  /** Keep pending suggestions (marked) instead of the agreed text only. */
  annotate?: boolean;
}

export function render(nodes: PMNode[], opts: RenderOptions = {}): Block[] {
  const source = opts.annotate ? nodes : cleanNodes(nodes);
  const out: Block[] = [];
  for (const n of source) renderBlock(n, out, '', 0, opts);
  return out;
}

function renderBlock(n: PMNode, out: Block[], label: string, depth: number, opts: RenderOptions): void {
  switch (n.type) {
    case 'heading':
      out.push({ kind: 'heading', level: Number(n.attrs?.level ?? 1), runs: runsOf(n, opts) });
      return;
    case 'paragraph':
      out.push({ kind: 'paragraph', runs: runsOf(n, opts), label, depth });
      return;
    case 'pageBreak':
      out.push({ kind: 'pageBreak' });
      return;
    case 'orderedList':
    case 'bulletList': {
      const ordered = n.type === 'orderedList';
      let number = Number(n.attrs?.start ?? 1);
      for (const item of n.content ?? []) {
        // Nested ordered lists continue the parent's number: 2. -> 2.1. -> 2.1.1.
        const itemLabel = ordered ? `${label}${number++}.` : '\u2022';
        let first = true;
        for (const child of item.content ?? []) {
          if (child.type === 'paragraph') { renderBlock(child, out, first ? itemLabel : '', depth + 1, opts); first = false; }
          else renderBlock(child, out, ordered ? itemLabel : label, depth + 1, opts);
        }
      }
      return;
    }
    case 'table':
      out.push({
        kind: 'table',
        rows: (n.content ?? []).map((row) => ({
          header: (row.content ?? []).every((c) => c.type === 'tableHeader'),
          cells: (row.content ?? []).map((cell) => (cell.content ?? []).map((p) => runsOf(p, opts))),
        })),
      });
      return;
    case 'horizontalRule':
      return;
    default:
      // blockquote, codeBlock and other containers: render their children in place.
      for (const child of n.content ?? []) renderBlock(child, out, label, depth, opts);
  }
}

function runsOf(n: PMNode, opts: RenderOptions): Run[] {
  const runs: Run[] = [];
  const visit = (x: PMNode) => {
    if (x.type === 'text') {
      const has = (t: string) => x.marks?.some((m) => m.type === t) ?? false;
      const run: Run = { text: x.text ?? '' };
      if (has('bold')) run.bold = true;
      if (has('italic')) run.italic = true;
      if (has('underline')) run.underline = true;
      if (has('strike')) run.strike = true;
      if (opts.annotate && has(AGREEMENT_MARKS.insert)) run.suggestion = 'insert';
      if (opts.annotate && has(AGREEMENT_MARKS.delete)) run.suggestion = 'delete';
      runs.push(run);
    } else if (x.type === 'hardBreak') runs.push({ text: '\n' });
    else x.content?.forEach(visit);
  };
  n.content?.forEach(visit);
  return runs;
}

export const runsText = (runs: Run[]): string => runs.map((r) => r.text).join('');

/** One line per paragraph/heading/table row; what redlines compare and exports must contain. */
export function plainText(blocks: Block[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'heading') lines.push(runsText(b.runs));
    else if (b.kind === 'paragraph') lines.push(b.label ? `${b.label} ${runsText(b.runs)}` : runsText(b.runs));
    else if (b.kind === 'table') for (const row of b.rows) lines.push(row.cells.map((c) => c.map(runsText).join(' ')).join(' | '));
  }
  return lines.join('\n');
}

export const textOf = (nodes: PMNode[]): string => plainText(render(nodes));

/** SHA-256 of the agreed content (structure, text and formatting; not comments or suggestions). */
export function contentHash(nodes: PMNode[]): string {
  return crypto.createHash('sha256').update(canonicalJson(render(nodes))).digest('hex');
}
