import { describe, expect, it } from 'vitest';
import { readPresence } from './useBoard';

const self = { participantId: 'me', name: 'Me', role: 'party', colour: '#111' };

describe('board presence', () => {
  it('shares which card each person has selected, besides editing and cursor, keeping only well-typed fields', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { selected: 'card-a', editing: null }],
      [2, { user: { participantId: 'ana', name: 'Ana', role: 'party', colour: '#f00' }, selected: 'card-b', editing: 'card-b', cursor: { x: 1, y: 2 } }],
      [3, { user: { participantId: 'ben', name: 'Ben', role: 'party', colour: '#00f' }, selected: { evil: true } }],
      [4, { selected: 'card-c' }], // no stamped identity: not shown
    ]);
    const p = readPresence(states, 1, self);
    expect(p.map((u) => [u.participantId, u.selected, u.editing])).toEqual([
      ['me', 'card-a', null],
      ['ana', 'card-b', 'card-b'],
      ['ben', null, null],
    ]);
  });
});
