import { describe, expect, it } from 'vitest';
import { nextChoice, resolveTheme, storedChoice, THEME_KEY } from './theme';

describe('theme', () => {
  it('follows the system until the person chooses, then keeps the choice', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('reads only known values from storage, and survives storage that throws', () => {
    expect(storedChoice({ getItem: (k) => (k === THEME_KEY ? 'dark' : null) })).toBe('dark');
    expect(storedChoice({ getItem: () => 'purple' })).toBe('system');
    expect(storedChoice({ getItem: () => { throw new Error('denied'); } })).toBe('system');
    expect(storedChoice(null)).toBe('system');
  });

  it('the toggle switches to the opposite of what is shown', () => {
    expect(nextChoice('dark')).toBe('light');
    expect(nextChoice('light')).toBe('dark');
  });
});
