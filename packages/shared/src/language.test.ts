import { describe, expect, it } from 'vitest';
import { toLanguage } from './language.js';

describe('toLanguage', () => {
  it('reduces a BCP 47 tag to a supported language', () => {
    expect(toLanguage('es-MX')).toBe('es');
    expect(toLanguage('ES')).toBe('es');
    expect(toLanguage('es_419')).toBe('es');
    expect(toLanguage('en-GB')).toBe('en');
  });
  it('answers null for unsupported or empty tags', () => {
    expect(toLanguage('fr-FR')).toBeNull();
    expect(toLanguage('')).toBeNull();
    expect(toLanguage(undefined)).toBeNull();
    expect(toLanguage('e')).toBeNull();
  });
});
