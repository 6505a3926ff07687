/**
 * Active speaker isolation with real RTP: a loud microphone in a caucus lights up "speaking" only
 * for the people in that caucus; mediators elsewhere learn only that the caucus is talking (for the
 * control tower), and parties elsewhere learn nothing at all.
 */
import { describe, expect, it } from 'vitest';
import { JOINT, type RoomView } from '@mediation/shared';
import { roomOf } from '../helpers/mediaDump.js';
import { startLoudAudio } from '../helpers/rtpAudio.js';
import { createTestSession } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { must, type TestClient } from '../helpers/socketClient.js';

const fx = useRoomServer();
const open = async (link: string) => {
  const c = await fx.open(link);
  must(await c.request('session:join', {}));
  return c;
};

describe('who is speaking', () => {
  it('is told only inside the speaker’s space, and to mediators elsewhere only as "that caucus is talking"', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const m = await open(s.mediator.link);
    const ana = await open(s.invites[0]!.link);
    const ben = await open(s.invites[1]!.link);
    const lee = await open(s.invites[2]!.link);
    const [anaId] = [s.invites[0]!.participantId];
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    must(await m.request('control:move', { participantIds: [anaId, s.invites[2]!.participantId], to: caucus }));

    const sender = await startLoudAudio(roomOf(fx.app, s.sessionId), anaId);
    try {
      await lee.waitFor('media:speaking', (x) => x.participantIds.includes(anaId), 5000);
      await ana.waitFor('media:speaking', (x) => x.participantIds.includes(anaId), 5000);
      const tower = await m.waitFor('room:state', (v) => v.spaces.find((x) => x.id === caucus)?.talking === true, 5000);
      expect(tower.spaces.find((x) => x.id === JOINT)?.talking).toBe(false);
      must(await ben.request('chat:history', {}));
      must(await m.request('chat:history', {}));
      // The mediator in joint and Ben in joint never hear who speaks in the caucus.
      expect(m.of('media:speaking').some((x) => x.participantIds.includes(anaId))).toBe(false);
      expect(ben.of('media:speaking').some((x) => x.participantIds.includes(anaId))).toBe(false);
      for (const v of ben.of('room:state') as RoomView[]) for (const sp of v.spaces) expect(sp.talking).toBeUndefined();

      // Ana comes back to joint still talking: now joint hears it, the caucus no longer does.
      must(await m.request('control:move', { participantIds: [anaId], to: JOINT }));
      must(await lee.request('chat:history', {}));
      const leeMark = lee.received.length;
      await ben.waitFor('media:speaking', (x) => x.participantIds.includes(anaId), 5000);
      await new Promise((r) => setTimeout(r, 500));
      must(await lee.request('chat:history', {}));
      expect(lee.received.slice(leeMark).filter((r) => r.event === 'media:speaking' && (r.payload as { participantIds: string[] }).participantIds.includes(anaId))).toEqual([]);
    } finally {
      await sender.stop();
    }
  });
});
