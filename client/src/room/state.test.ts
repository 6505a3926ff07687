import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@mediation/shared';
import { mergeChat } from './state';

const msg = (id: string, at: number): ChatMessage => ({ id, thread: 'joint', fromId: 'ana001', fromName: 'Ana', fromRole: 'party', text: id, at });

describe('mergeChat', () => {
  it('adds new messages in time order', () => {
    expect(mergeChat([msg('b', 2)], [msg('a', 1), msg('c', 3)]).map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });
  it('drops messages already shown (history and live overlap after a move or reconnect)', () => {
    const existing = [msg('a', 1), msg('b', 2)];
    expect(mergeChat(existing, [msg('b', 2), msg('c', 3)]).map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });
  it('returns the same array when nothing is new, so the store does not notify', () => {
    const existing = [msg('a', 1)];
    expect(mergeChat(existing, [msg('a', 1)])).toBe(existing);
  });
});
