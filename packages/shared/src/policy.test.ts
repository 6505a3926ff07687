import { describe, expect, it } from 'vitest';
import { ROLES, isMediatorRole, type SpaceId } from './domain.js';
import { can, canReceive, whereaboutsFor, type Channel } from './policy.js';

const SPACES: SpaceId[] = ['lobby', 'joint', 'caucus:aaaa', 'caucus:bbbb'];
const CHANNELS: Channel[] = ['media', 'speaking', 'typing', 'chat', 'timer', 'presence', 'broadcast', 'doc', 'activity'];

describe('canReceive', () => {
  it('never lets a non-mediator receive anything from a space they are not in', () => {
    for (const role of ROLES.filter((r) => !isMediatorRole(r)))
      for (const mine of SPACES)
        for (const source of SPACES)
          for (const ch of CHANNELS)
            if (mine !== source) expect(canReceive({ id: 'v', role, space: mine }, source, ch), `${role} in ${mine} <- ${source} ${ch}`).toBe(false);
  });

  it('gives the waiting room nothing at all, not even from the waiting room', () => {
    for (const ch of CHANNELS) expect(canReceive({ id: 'v', role: 'party', space: 'lobby' }, 'lobby', ch)).toBe(false);
  });

  it('lets a mediator hear and see only the space they are in', () => {
    for (const ch of ['media', 'speaking', 'typing'] as Channel[]) {
      expect(canReceive({ id: 'm', role: 'mediator', space: 'joint' }, 'caucus:aaaa', ch)).toBe(false);
      expect(canReceive({ id: 'm', role: 'comediator', space: 'caucus:aaaa' }, 'caucus:aaaa', ch)).toBe(true);
    }
  });

  it('lets mediators read every space chat, timer and presence, and only they get activity', () => {
    for (const ch of ['chat', 'timer', 'presence', 'doc'] as Channel[]) expect(canReceive({ id: 'm', role: 'mediator', space: 'joint' }, 'caucus:bbbb', ch)).toBe(true);
    expect(canReceive({ id: 'p', role: 'party', space: 'caucus:bbbb' }, 'caucus:bbbb', 'activity')).toBe(false);
    expect(canReceive({ id: 'm', role: 'comediator', space: 'joint' }, 'caucus:bbbb', 'activity')).toBe(true);
  });

  it('lets members of a space receive everything said in it', () => {
    for (const ch of CHANNELS.filter((c) => c !== 'activity')) expect(canReceive({ id: 'p', role: 'party', space: 'caucus:aaaa' }, 'caucus:aaaa', ch)).toBe(true);
  });
});

describe('whereaboutsFor', () => {
  it('tells a party only that someone is "in a caucus", never which one', () => {
    expect(whereaboutsFor({ id: 'p', role: 'party', space: 'joint' }, 'caucus:aaaa')).toBe('caucus');
    expect(whereaboutsFor({ id: 'p', role: 'party', space: 'caucus:bbbb' }, 'caucus:aaaa')).toBe('caucus');
    expect(whereaboutsFor({ id: 'p', role: 'party', space: 'caucus:aaaa' }, 'caucus:aaaa')).toBe('caucus:aaaa');
    expect(whereaboutsFor({ id: 'm', role: 'mediator', space: 'joint' }, 'caucus:aaaa')).toBe('caucus:aaaa');
  });
});

describe('can', () => {
  it('keeps control with mediators and co-mediators only', () => {
    for (const role of ROLES) expect(can(role, 'control')).toBe(isMediatorRole(role));
  });
  it('keeps observers read-only', () => {
    for (const a of ['produce', 'chat', 'editBoard', 'editAgreement', 'suggestAgreement', 'sign', 'knock'] as const) expect(can('observer', a)).toBe(false);
  });
  it('lets everyone, observers included, write privately to the mediators', () => {
    for (const role of ROLES) expect(can(role, 'messageMediator')).toBe(true);
  });
  it('lets attorneys and mediators edit the agreement, and parties only suggest', () => {
    expect(can('attorney', 'editAgreement')).toBe(true);
    expect(can('mediator', 'editAgreement')).toBe(true);
    expect(can('party', 'editAgreement')).toBe(false);
    expect(can('party', 'suggestAgreement')).toBe(true);
  });
});
