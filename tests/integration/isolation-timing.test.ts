/**
 * Timing side channels: the joint room must not be able to time what happens in a caucus. Before
 * this was fixed, every talking flip, hand raise, knock, mute, timer and rename inside a caucus
 * pushed the joint room a `room:state` identical to the previous one, so a joint observer could
 * count and time the caucus's speech. A member now gets a frame only when what THEY may see changed.
 */
import { describe, expect, it } from 'vitest';
import { JOINT } from '@mediation/shared';
import { roomOf } from '../helpers/mediaDump.js';
import { startLoudAudio } from '../helpers/rtpAudio.js';
import { createTestSession } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { joinWithMedia, must, type TestClient } from '../helpers/socketClient.js';

const fx = useRoomServer();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const open = async (link: string) => {
  const c = await fx.open(link);
  must(await c.request('session:join', {}));
  return c;
};
const talking = (c: TestClient, space: string, value: boolean, since: number) =>
  c.waitFor('room:state', (v) => v.spaces.find((s) => s.id === space)?.talking === value, 8000, since);

describe('what happens in a caucus, as seen from the joint room', () => {
  it('sends a joint observer zero frames while a caucus talks, knocks, mutes, raises a hand, runs a timer, chats and is renamed', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const [ana, ben, lee] = [s.invites[0]!, s.invites[1]!, s.invites[2]!];
    const m = await open(s.mediator.link);
    const anaC = await fx.open(ana.link);
    const anaMedia = await joinWithMedia(anaC, { produce: true });
    const leeC = await open(lee.link);
    // Ben is the joint observer, with a receive transport so any media leak would show too.
    const benC = await fx.open(ben.link);
    await joinWithMedia(benC, { produce: false });
    const caucusA = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    const caucusB = must(await m.request('control:createSpace', { name: 'Side room' })).space;
    must(await m.request('control:move', { participantIds: [ana.participantId, lee.participantId], to: caucusA }));
    // Let the move's consumer closings reach Ben, then start recording.
    await sleep(500);
    must(await benC.request('chat:history', {}));
    const mark = benC.received.length;
    const towerMark = m.received.length;

    // 1. Speech: Ana talks, stops, talks, stops (the tower sees each flip).
    const room = roomOf(fx.app, s.sessionId);
    for (let i = 0; i < 2; i++) {
      const since = m.received.length;
      const sender = await startLoudAudio(room, ana.participantId);
      await talking(m, caucusA, true, since);
      await sender.stop();
      await talking(m, caucusA, false, since);
    }
    // 2. A knock, answered with a reply (the mediator stays in joint).
    const knock = must(await anaC.request('knock:send', { message: 'Can we talk?' })).knock;
    must(await m.request('control:answerKnock', { knockId: knock.id, reply: 'In five minutes.' }));
    // 3. Mute and unmute, a raised and lowered hand, typing and a chat line in the caucus.
    const mic = anaMedia.producers[0]!;
    must(await anaC.request('media:pauseProducer', { producerId: mic }));
    must(await anaC.request('media:resumeProducer', { producerId: mic }));
    must(await leeC.request('hand:set', { raised: true }));
    must(await leeC.request('hand:set', { raised: false }));
    must(await leeC.request('typing:set', { active: true }));
    must(await leeC.request('typing:set', { active: false }));
    must(await leeC.request('chat:send', { to: { kind: 'space' }, text: 'Our bottom line is 9,000.' }));
    // 4. Timers on the caucus: set, cleared, and one that runs out.
    must(await m.request('control:setTimer', { space: caucusA, seconds: 600, label: 'Think it over' }));
    must(await m.request('control:setTimer', { space: caucusA, seconds: null }));
    must(await m.request('control:setTimer', { space: caucusA, seconds: 1, label: 'Quick' }));
    await anaC.waitFor('timer:expired', (e) => e.space === caucusA, 4000);
    // 5. Renames, a broadcast into the caucus, a move between caucuses, a planned assignment.
    must(await m.request('control:renameSpace', { space: caucusA, name: 'Ana and counsel' }));
    must(await m.request('control:broadcast', { to: caucusA, text: 'Ten minutes left.' }));
    must(await m.request('control:move', { participantIds: [lee.participantId], to: caucusB }));
    must(await m.request('control:move', { participantIds: [lee.participantId], to: caucusA }));
    must(await m.request('control:planAssignment', { participantId: ana.participantId, space: caucusB }));
    await sleep(700);

    // The tower did see all of this (the test drove real changes)...
    expect(m.received.length - towerMark).toBeGreaterThan(10);
    // ...and Ben in joint received nothing at all: not one frame.
    expect(benC.received.slice(mark).map((r) => r.event)).toEqual([]);
    expect(m.received.at(-1)).toBeDefined();
    expect(must(await benC.request('chat:history', {})).messages.every((x) => x.thread === JOINT)).toBe(true);
  });

  it('still tells a joint member at once what they may see: someone entering or leaving joint, a joint hand raised', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const [ana, ben] = [s.invites[0]!, s.invites[1]!];
    const m = await open(s.mediator.link);
    const benC = await open(ben.link);
    const anaC = await open(ana.link);
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    let since = benC.received.length;
    must(await m.request('control:move', { participantIds: [ana.participantId], to: caucus }));
    await benC.waitFor('room:state', (v) => v.participants.find((p) => p.id === ana.participantId)?.whereabouts === 'caucus', 3000, since);
    since = benC.received.length;
    must(await m.request('control:move', { participantIds: [ana.participantId], to: JOINT }));
    await benC.waitFor('room:state', (v) => v.participants.find((p) => p.id === ana.participantId)?.whereabouts === JOINT, 3000, since);
    since = benC.received.length;
    must(await anaC.request('hand:set', { raised: true }));
    await benC.waitFor('room:state', (v) => v.participants.find((p) => p.id === ana.participantId)?.handRaised === true, 3000, since);
    // A frame is never a repeat of the one before it.
    const views = benC.of('room:state').map((v) => JSON.stringify(v));
    for (let i = 1; i < views.length; i++) expect(views[i]).not.toBe(views[i - 1]);
  });

  it('gives a reconnecting member a fresh view even when nothing changed', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const ben = s.invites[1]!;
    await open(s.mediator.link);
    const first = await open(ben.link);
    const before = first.of('room:state').length;
    expect(before).toBeGreaterThan(0);
    first.close();
    await sleep(200);
    const again = await fx.open(ben.link);
    must(await again.request('session:join', {}));
    await again.waitFor('room:state', () => true, 3000);
  });
});
