import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '@mediation/shared';
import { catalogKeys, catalogValue, kindInSentence, msg, type MessageKey } from './catalog.js';
import { languageFromAnswers, recordedLanguage } from './personLanguage.js';
import { whenFor } from './when.js';

describe('server message catalog', () => {
  it('every language has the same keys, none empty, with the same placeholders', () => {
    const en = catalogKeys('en');
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const lng of LANGUAGES) {
      expect(catalogKeys(lng)).toEqual(en);
      for (const k of en as MessageKey[]) {
        expect(catalogValue(lng, k).trim()).not.toBe('');
        expect(vars(catalogValue(lng, k))).toEqual(vars(catalogValue('en', k)));
      }
    }
  });
  it('fills placeholders and refuses a missing one', () => {
    expect(msg('es', 'invitation.subject', { kind: 'Sesión de mediación', case: 'Díaz c. Pérez' })).toBe('Invitación: Sesión de mediación – Díaz c. Pérez');
    expect(() => msg('en', 'greeting')).toThrow(/needs \{\{name\}\}/);
    expect(kindInSentence('es', 'main')).toBe('sesión de mediación');
  });
});

describe('times in emails', () => {
  const at = Date.UTC(2027, 0, 15, 9, 30);
  it('English without a known zone reads exactly as before (UTC, named)', () => {
    expect(whenFor('en', at)).toBe('15 Jan 2027, 09:30 UTC');
  });
  it('Spanish, and the person\'s own zone when known', () => {
    expect(whenFor('es', at)).toBe('15 ene 2027, 09:30 UTC');
    expect(whenFor('es', at, 'Europe/Madrid')).toBe('15 ene 2027, 10:30 CET (Europe/Madrid)');
    expect(whenFor('en', at, 'America/Mexico_City')).toMatch(/^15 Jan 2027, 03:30 (CST|GMT-6) \(America\/Mexico_City\)$/);
  });
  it('an unknown zone falls back to UTC instead of failing the email', () => {
    expect(whenFor('en', at, 'Mars/Olympus')).toBe('15 Jan 2027, 09:30 UTC');
  });
});

describe('a person\'s language', () => {
  it('their own intake answer wins over the mediator\'s record', () => {
    expect(recordedLanguage({ language: 'es' }, { language: 'en' })).toBe('es');
    expect(recordedLanguage({ language: null }, { language: 'es' })).toBe('es');
    expect(recordedLanguage(null, { language: null })).toBeNull();
  });
  it('an interpreter language named in the intake suggests it', () => {
    expect(languageFromAnswers({ interpreter: { needed: true, language: 'Español (México)' } })).toBe('es');
    expect(languageFromAnswers({ interpreter: { needed: true, language: 'Polish' } })).toBeNull();
    expect(languageFromAnswers({ interpreter: { needed: false, language: 'Spanish' } })).toBeNull();
  });
});
