/** Refused requests in the person's language: the server's English words in English, the code's sentence otherwise. */
import { describe, expect, it } from 'vitest';
import { useMemoryLanguageStore } from './testLanguageStore';
import { ErrorCode } from '@mediation/shared';
import { chooseLanguage } from './index';
import { errorText } from './errorText';
import en from './locales/en/errors.json';

useMemoryLanguageStore();

describe('errorText', () => {
  it('shows the server’s own words in English, and the code’s sentence when there are none', () => {
    expect(errorText({ code: 'SESSION_FULL', message: 'This session is full (12 people).' })).toBe('This session is full (12 people).');
    expect(errorText({ code: 'FROZEN', message: ' ' })).toBe('The agreement is frozen for signature, so it cannot be changed now.');
  });

  it('shows the code’s sentence in Spanish instead of the server’s English', async () => {
    await chooseLanguage('es');
    expect(errorText({ code: 'SESSION_FULL', message: 'This session is full (12 people).' })).toBe('La sesión está completa. Pida al mediador que le haga sitio.');
    expect(errorText({ code: 'RATE_LIMITED', message: 'Too many chat messages.' })).toMatch(/^Demasiadas solicitudes/);
  });

  it('has a sentence for every error code a client can get', () => {
    expect(Object.keys(en.code).sort()).toEqual(Object.values(ErrorCode).sort());
  });
});
