import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect';

describe('detectLanguage: explicit choice > intake suggestion > browser > English', () => {
  it('the explicit choice wins over everything', () => {
    expect(detectLanguage({ stored: 'en', suggested: 'es', browser: ['es-MX'] })).toBe('en');
    expect(detectLanguage({ stored: 'es', suggested: 'en', browser: ['en-US'] })).toBe('es');
  });
  it('then the intake suggestion', () => {
    expect(detectLanguage({ stored: null, suggested: 'es', browser: ['en-US'] })).toBe('es');
  });
  it('then the first supported browser language', () => {
    expect(detectLanguage({ stored: null, suggested: null, browser: ['fr-FR', 'es-419', 'en'] })).toBe('es');
  });
  it('an unsupported stored value or suggestion is skipped, not obeyed', () => {
    expect(detectLanguage({ stored: 'klingon', suggested: 'fr', browser: ['es'] })).toBe('es');
  });
  it('falls back to English', () => {
    expect(detectLanguage({ stored: null, browser: ['de-DE'] })).toBe('en');
    expect(detectLanguage({ stored: null, browser: [] })).toBe('en');
  });
});
