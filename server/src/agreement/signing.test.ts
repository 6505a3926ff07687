import { describe, expect, it } from 'vitest';
import { normaliseSignerName, typedNameMatches } from '@mediation/shared';

describe('typed signature names', () => {
  it('ignore case, whitespace and diacritics', () => {
    expect(typedNameMatches('  jose   muller-capek ', 'José Müller-Čapek')).toBe(true);
    expect(typedNameMatches('LUKASZ ZOLC', 'Łukasz Żółć')).toBe(true);
    expect(typedNameMatches('Łukasz Żółć', 'Łukasz Żółć')).toBe(true);
    expect(normaliseSignerName('Ana\tClaimant')).toBe('ana claimant');
  });

  it('still tell different names apart', () => {
    expect(typedNameMatches('Ana Maria Claimant', 'Ana Claimant')).toBe(false);
    expect(typedNameMatches('Jose Muller Capek', 'José Müller-Čapek')).toBe(false);
    expect(typedNameMatches('Ben', 'Ben Respondent')).toBe(false);
  });
});
