/**
 * Race: the mediator moves a party back and forth while the party streams, types and toggles
 * mute as fast as it can. After every move acknowledgement the old space's consumers of that party
 * are gone on the worker, and once the watcher's socket is flushed nothing of the party reaches it.
 */
import { describe, expect, it } from 'vitest';
import { JOINT } from '@mediation/shared';
import { consumersByProducer, roomOf } from '../helpers/mediaDump.js';
import { createTestSession } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { joinWithMedia, must, type TestClient } from '../helpers/socketClient.js';

const fx = useRoomServer();
const open = fx.open;

describe('moving a party while they stream and type', () => {
  it('closes the old space’s consumers before the ack and lets nothing of the party reach the old space after it', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const m = await open(s.mediator.link);
    const ana = await open(s.invites[0]!.link);
    const ben = await open(s.invites[1]!.link);
    await joinWithMedia(m);
    const anaMedia = await joinWithMedia(ana);
    await joinWithMedia(ben);
    const anaId = s.invites[0]!.participantId;
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    await ben.waitFor('media:newConsumer', (x) => x.participantId === anaId && x.kind === 'video');

    // Ana keeps busy for the whole test: typing, muting, unmuting.
    let busy = true;
    let sentByAna = 0;
    const chatter = (async () => {
      while (busy) {
        await Promise.all([
          ana.request('typing:set', { active: true }),
          ana.request('media:pauseProducer', { producerId: anaMedia.producers[0]! }),
          ana.request('media:resumeProducer', { producerId: anaMedia.producers[0]! }),
          ana.request('typing:set', { active: false }),
        ]);
        sentByAna += 4;
      }
    })();

    const room = roomOf(fx.app, s.sessionId);
    for (let round = 0; round < 8; round++) {
      must(await m.request('control:move', { participantIds: [anaId], to: caucus }));
      // On the worker, right at the ack: no consumer carries Ana's media anywhere (she is alone there).
      const byProducer = await consumersByProducer(fx.app, s.sessionId);
      for (const pid of anaMedia.producers) expect(byProducer.get(pid) ?? []).toEqual([]);
      expect(room.members.get(anaId)!.media.consumers.size).toBe(0);
      // Flush Ben's socket, then watch it while Ana keeps going.
      must(await ben.request('chat:history', {}));
      const mark = ben.received.length;
      await new Promise((r) => setTimeout(r, 60));
      must(await ben.request('chat:history', {}));
      const after = ben.received.slice(mark);
      const fromAna = after.filter((r) => JSON.stringify(r.payload).includes(anaId) && r.event !== 'room:state');
      expect(fromAna).toEqual([]);
      // Every consumer Ben ever had of Ana was closed before the flush.
      const benOfAna = ben.of('media:newConsumer').filter((x) => x.participantId === anaId).map((x) => x.consumerId);
      const closed = new Set(ben.received.slice(0, mark).filter((r) => r.event === 'media:consumerClosed').map((r) => (r.payload as { consumerId: string }).consumerId));
      for (const id of benOfAna) expect(closed.has(id)).toBe(true);

      must(await m.request('control:move', { participantIds: [anaId], to: JOINT }));
      await ben.waitFor('media:newConsumer', (x) => x.participantId === anaId && x.kind === 'video' && !benOfAna.includes(x.consumerId));
    }
    busy = false;
    await chatter;
    expect(sentByAna).toBeGreaterThan(8);
  });
});
