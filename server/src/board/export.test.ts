import { describe, expect, it } from 'vitest';
import type { Card } from '@mediation/shared';
import { boardToMarkdown, boardToPdf } from './export.js';

const card = (id: string, kind: Card['kind'], text: string, extra: Partial<Card> = {}): Card => ({
  id, kind, text, x: 0, y: 0, clusterId: null, authorId: 'ana_123456', authorName: 'Ana', authorSide: 'Claimant', colour: '#2563eb', createdAt: 1, promoted: null, ...extra,
});
const header = { sessionTitle: 'Smith v. Jones', boardTitle: 'Joint board', exportedAt: new Date('2026-01-02T03:04:05Z') };

describe('board export', () => {
  it('writes clusters, then ungrouped cards by kind, with sides and links, as Markdown', () => {
    const md = boardToMarkdown({
      cards: [card('opt1', 'option', 'Pay in instalments', { clusterId: 'cl1' }), card('int1', 'interest', 'Certainty', { authorSide: 'Respondent' }),
        card('opt2', 'option', 'Secret', { authorSide: null, promoted: { anonymous: true, fromSpace: null, fromCardId: null } })],
      clusters: [{ id: 'cl1', name: 'Money', x: 0, y: 0 }],
      links: [{ id: 'l1', optionId: 'opt1', interestId: 'int1' }],
    }, header);
    expect(md).toContain('# Joint board');
    expect(md).toMatch(/## Money\n\n### Options\n\n- Pay in instalments — _Claimant_/);
    expect(md).toMatch(/## Not grouped[\s\S]*- Secret — _promoted from a caucus_[\s\S]*### Interests\n\n- Certainty — _Respondent_/);
    expect(md).toContain('- "Pay in instalments" serves "Certainty"');
  });

  it('says so when the board is empty, and renders a PDF', async () => {
    expect(boardToMarkdown({ cards: [], clusters: [], links: [] }, header)).toContain('_The board is empty._');
    const pdf = await boardToPdf({ cards: [card('o', 'option', 'x')], clusters: [], links: [] }, header);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
