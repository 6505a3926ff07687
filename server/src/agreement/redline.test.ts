import { describe, expect, it } from 'vitest';
import type { RedlinePart } from '@mediation/shared';
import { deletedText, insertedText, redline } from './redline.js';

/** The redline of `a` to `b`, checked to lose nothing: without its insertions it is `a`, without its deletions `b`. */
function lossless(a: string, b: string): RedlinePart[] {
  const parts = redline(a, b);
  expect(parts.filter((x) => x.type !== 'insert').map((x) => x.text).join('')).toBe(a);
  expect(parts.filter((x) => x.type !== 'delete').map((x) => x.text).join('')).toBe(b);
  return parts;
}

describe('redline', () => {
  it('shows exactly the inserted and deleted words', () => {
    const parts = redline('1. Pay 100 within 30 days.\n2. Keep it confidential.', '1. Pay 250 within 30 days.\n2. Keep it strictly confidential.');
    expect(deletedText(parts)).toEqual(['100']);
    expect(insertedText(parts)).toEqual(['250', 'strictly ']);
  });

  it('rebuilds both versions from its parts', () => {
    lossless('Alpha beta gamma.\nDelta.', 'Alpha gamma epsilon.\nDelta!\nNew line.');
  });

  it('shows a changed figure as one deleted phrase then one inserted phrase, never interleaved', () => {
    const parts = redline('The Respondent pays $12,400 by June.', 'The Respondent pays $11,800 by June.');
    expect(parts).toEqual([
      { type: 'equal', text: 'The Respondent pays ' },
      { type: 'delete', text: '$12,400' },
      { type: 'insert', text: '$11,800' },
      { type: 'equal', text: ' by June.' },
    ]);
  });

  it('merges neighbouring changed words separated only by spaces or punctuation into one phrase', () => {
    const parts = redline('Pay 100 now, or never.', 'Pay 250 later; or never.');
    expect(deletedText(parts)).toEqual(['100 now,']);
    expect(insertedText(parts)).toEqual(['250 later;']);
  });

  it('keeps changes in different paragraphs apart', () => {
    const parts = redline('Alpha one.\nBeta two.', 'Alpha three.\nBeta four.');
    expect(deletedText(parts)).toEqual(['one.', 'two.']);
    expect(insertedText(parts)).toEqual(['three.', 'four.']);
  });

  it('rebuilds both versions from grouped parts', () => {
    const parts = lossless(
      'Claimant receives $12,400 (twelve thousand four hundred) on 1.6.2026; costs: own.',
      'Claimant receives $11,800 (eleven thousand eight hundred) on 15.6.2026; costs: shared.',
    );
    for (let k = 1; k < parts.length; k++) expect(parts[k - 1]!.type === 'insert' && parts[k]!.type === 'delete').toBe(false);
  });

  it('is all equal for identical versions', () => {
    expect(redline('same text', 'same text')).toEqual([{ type: 'equal', text: 'same text' }]);
  });
});
