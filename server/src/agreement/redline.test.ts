import { describe, expect, it } from 'vitest';
import { deletedText, insertedText, redline } from './redline.js';

describe('redline', () => {
  it('shows exactly the inserted and deleted words', () => {
    const parts = redline('1. Pay 100 within 30 days.\n2. Keep it confidential.', '1. Pay 250 within 30 days.\n2. Keep it strictly confidential.');
    expect(deletedText(parts)).toEqual(['100']);
    expect(insertedText(parts)).toEqual(['250', 'strictly ']);
  });

  it('rebuilds both versions from its parts', () => {
    const a = 'Alpha beta gamma.\nDelta.';
    const b = 'Alpha gamma epsilon.\nDelta!\nNew line.';
    const parts = redline(a, b);
    expect(parts.filter((x) => x.type !== 'insert').map((x) => x.text).join('')).toBe(a);
    expect(parts.filter((x) => x.type !== 'delete').map((x) => x.text).join('')).toBe(b);
  });

  it('is all equal for identical versions', () => {
    expect(redline('same text', 'same text')).toEqual([{ type: 'equal', text: 'same text' }]);
  });
});
