import { describe, expect, it } from 'vitest';
import { findConflicts, normaliseOrganisation, type EarlierPerson } from './conflicts.js';

const earlier = (over: Partial<EarlierPerson>): EarlierPerson => ({ caseId: 'case_000001', caseTitle: 'Old case', name: 'Nobody Else', organisation: '', role: 'party', side: 'Claimant', ...over });

describe('normaliseOrganisation', () => {
  it('drops case, accents, punctuation and legal forms', () => {
    expect(normaliseOrganisation('Harbor Bakery, LLC')).toBe('harbor bakery');
    expect(normaliseOrganisation('  HARBOR   bakery ')).toBe('harbor bakery');
    expect(normaliseOrganisation('Café Müller GmbH & Co. KG')).toBe('cafe muller and kg');
    expect(normaliseOrganisation('The Company Ltd.')).toBe('');
  });
});

describe('findConflicts', () => {
  it('finds a person whose name reads the same as someone in an earlier case', () => {
    const m = findConflicts([{ name: 'José  Müller', organisation: '' }], [earlier({ name: 'jose muller', caseTitle: 'Lease dispute', role: 'counsel', side: 'Respondent' })]);
    expect(m).toEqual([{ caseId: 'case_000001', caseTitle: 'Lease dispute', field: 'name', ours: 'José  Müller', theirs: 'jose muller', theirRole: 'counsel', theirSide: 'Respondent' }]);
  });

  it('finds a shared organisation despite legal form and punctuation', () => {
    const m = findConflicts([{ name: 'Tom Brennan', organisation: 'Harbor Bakery, LLC' }], [earlier({ name: 'Sue Harbor', organisation: 'harbor bakery' })]);
    expect(m.map((x) => [x.field, x.ours, x.theirs])).toEqual([['organisation', 'Harbor Bakery, LLC', 'harbor bakery']]);
  });

  it('finds an organisation that was a person’s name in the earlier case (a sole trader)', () => {
    const m = findConflicts([{ name: 'Ana Diaz', organisation: 'PixelForge Studio' }], [earlier({ name: 'PixelForge Studio Ltd' })]);
    expect(m.map((x) => x.field)).toEqual(['organisation']);
  });

  it('finds nothing for different people, and does not match on empty organisations', () => {
    expect(findConflicts([{ name: 'Ana Diaz', organisation: '' }], [earlier({ name: 'Ben Ortiz', organisation: '' })])).toEqual([]);
    expect(findConflicts([{ name: 'Ana Diaz', organisation: 'Ltd' }], [earlier({ name: 'Ben Ortiz', organisation: 'Inc.' })])).toEqual([]);
  });

  it('reports a match once even if the person appears twice in the earlier case', () => {
    const twice = [earlier({ name: 'Ana Diaz' }), earlier({ name: 'ANA DIAZ' })];
    expect(findConflicts([{ name: 'Ana Diaz', organisation: '' }], twice)).toHaveLength(1);
  });
});
