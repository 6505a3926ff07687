import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyInfo } from './shortcuts';

const key = (k: string, over: Partial<KeyInfo> = {}): KeyInfo => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, inTextField: false, ...over });

describe('call shortcuts', () => {
  it('Ctrl+D and Ctrl+E (or Cmd) toggle microphone and camera, even while typing', () => {
    expect(shortcutFor(key('d', { ctrlKey: true }))).toBe('mic');
    expect(shortcutFor(key('E', { metaKey: true }))).toBe('cam');
    expect(shortcutFor(key('d', { ctrlKey: true, inTextField: true }))).toBe('mic');
  });

  it('M and V work only outside text fields, and never with other modifiers', () => {
    expect(shortcutFor(key('m'))).toBe('mic');
    expect(shortcutFor(key('v'))).toBe('cam');
    expect(shortcutFor(key('m', { inTextField: true }))).toBeNull();
    expect(shortcutFor(key('v', { altKey: true }))).toBeNull();
    expect(shortcutFor(key('d', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutFor(key('x', { ctrlKey: true }))).toBeNull();
  });
});
