import { describe, expect, it } from 'vitest';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, stampIdentity, type AwarenessUser } from './identity.js';

const ben: AwarenessUser = { participantId: 'ben_123456', name: 'Ben Respondent', role: 'party', side: 'Respondent', colour: '#0891b2' };

describe('awareness identity stamping', () => {
  it('replaces whatever user a client claims with the identity from its token, keeping the rest of its state', () => {
    const update = encodeAwarenessUpdate([{ clientId: 7, clock: 3, state: { user: { name: 'Maria Mediator', role: 'mediator' }, editing: 'card-1' } }]);
    const owns = new Set<number>();
    const out = stampIdentity(update, ben, owns, () => false)!;
    expect(decodeAwarenessUpdate(out.update)).toEqual([{ clientId: 7, clock: 3, state: { user: ben, editing: 'card-1' } }]);
    expect([...owns]).toEqual([7]);
  });

  it('drops entries for awareness ids another connection already speaks for', () => {
    const update = encodeAwarenessUpdate([
      { clientId: 1, clock: 1, state: { cursor: { x: 1, y: 2 } } },
      { clientId: 2, clock: 1, state: { cursor: { x: 3, y: 4 } } },
    ]);
    const out = stampIdentity(update, ben, new Set(), (id) => id === 2)!;
    expect(decodeAwarenessUpdate(out.update).map((e) => e.clientId)).toEqual([1]);
    expect(stampIdentity(encodeAwarenessUpdate([{ clientId: 2, clock: 1, state: {} }]), ben, new Set(), () => true)).toBeNull();
  });

  it('passes removals (null state) through unstamped', () => {
    const out = stampIdentity(encodeAwarenessUpdate([{ clientId: 9, clock: 4, state: null }]), ben, new Set([9]), () => false)!;
    expect(decodeAwarenessUpdate(out.update)).toEqual([{ clientId: 9, clock: 4, state: null }]);
  });

  it('throws on a truncated update so the connection can be closed', () => {
    const good = encodeAwarenessUpdate([{ clientId: 1, clock: 1, state: { a: 1 } }]);
    expect(() => stampIdentity(good.subarray(0, good.length - 3), ben, new Set(), () => false)).toThrow();
  });
});
