import { describe, expect, it } from 'vitest';
import type { ChatMessage, RoomView } from '@mediation/shared';
import { mergeChat, typersHere } from './state';

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

describe('typersHere', () => {
  const person = (id: string, whereabouts: string) => ({ id, displayName: id, role: 'party' as const, side: null, online: true, whereabouts: whereabouts as never });
  const room = (people: ReturnType<typeof person>[]) => ({ self: { space: 'joint' }, participants: people }) as unknown as RoomView;
  it('drops typers who are no longer in the viewer’s space (moved to a caucus or gone)', () => {
    expect(typersHere(['ana001', 'ben001', 'lee001'], room([person('ana001', 'joint'), person('ben001', 'caucus')]))).toEqual(['ana001']);
  });
  it('keeps the same array when everyone typing is still here', () => {
    const typing = ['ana001'];
    expect(typersHere(typing, room([person('ana001', 'joint')]))).toBe(typing);
  });
});
