import { describe, expect, it } from 'vitest';
import { canReceive, PREJOINED, type Channel } from './policy.js';
import { JOINT, LOBBY, type SpaceId } from './domain.js';

const CHANNELS: Channel[] = ['media', 'speaking', 'typing', 'chat', 'timer', 'presence', 'broadcast', 'doc', 'activity'];
const SPACES: SpaceId[] = [LOBBY, JOINT, 'caucus:a' as SpaceId];

describe('a pre-joined connection (the join page, before the click)', () => {
  it('receives nothing on any channel from any space', () => {
    for (const space of SPACES) for (const channel of CHANNELS) expect(canReceive(PREJOINED, space, channel)).toBe(false);
  });

  it('is told apart from a viewer even when copied (no object identity needed)', () => {
    expect(canReceive({ ...PREJOINED }, JOINT, 'presence')).toBe(false);
    // The control: a real viewer in joint does receive joint presence.
    expect(canReceive({ id: 'p1', role: 'party', space: JOINT }, JOINT, 'presence')).toBe(true);
  });
});
