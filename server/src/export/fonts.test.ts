import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocksToPdf } from '../agreement/pdf.js';
import { boardToPdf } from '../board/export.js';

const NAMES = ['Łukasz Żółć', 'José Müller-Čapek'];

function pdftotext(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `fonts-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('PDF exports embed a Unicode font', () => {
  it('keep names with Polish, Spanish, German and Czech letters exact in an agreement PDF', async () => {
    const pdf = await blocksToPdf([
      { kind: 'heading', level: 1, runs: [{ text: `Agreement between ${NAMES[0]}` }] },
      { kind: 'paragraph', label: '1.', depth: 0, runs: [{ text: 'and ' }, { text: NAMES[1]!, bold: true }, { text: ' (the “Respondent”)', italic: true }] },
      { kind: 'table', rows: [{ header: true, cells: [[[{ text: 'Name' }]], [[{ text: 'Signed' }]]] }, { header: false, cells: [[[{ text: NAMES[0]! }]], [[{ text: NAMES[1]! }]]] }] },
    ], 'Settlement Agreement');
    const text = pdftotext(pdf);
    for (const n of NAMES) expect(text).toContain(n);
    expect(text).toContain('(the “Respondent”)');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
  });

  it('keep card authors and text exact in a board PDF', async () => {
    const card = (id: string, text: string, authorName: string) => ({
      id, kind: 'option' as const, text, x: 0, y: 0, clusterId: null, authorId: `${id}-author`, authorName, authorSide: null, colour: '#ffd', createdAt: 1, promoted: null,
    });
    const pdf = await boardToPdf(
      { cards: [card('card1', `Pay ${NAMES[1]} in instalments`, NAMES[0]!)], clusters: [], links: [] },
      { sessionTitle: `Żółć v Müller-Čapek`, boardTitle: 'Options', exportedAt: new Date(0) },
    );
    const text = pdftotext(pdf);
    expect(text).toContain(`Pay ${NAMES[1]} in instalments — ${NAMES[0]}`);
    expect(text).toContain('Żółć v Müller-Čapek');
  });
});
