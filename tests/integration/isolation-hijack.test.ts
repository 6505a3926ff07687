/**
 * Hijack attempts by people with valid links: ids from another space or another session, and
 * mediator-only commands. Each gets a typed error (FORBIDDEN for another space's media ids in this
 * session; NOT_FOUND for another session's, which are never looked at), no consumer is created (the
 * worker's router dump is compared), and the room is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, type RoomView } from '@mediation/shared';
import { consumersByProducer, roomOf, routerTransportIds } from '../helpers/mediaDump.js';
import { createTestSession } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { dtlsParameters, joinWithMedia, must, rtpParametersFor, type TestClient } from '../helpers/socketClient.js';

const fx = useRoomServer();
const open = fx.open;

const roomView = async (c: TestClient): Promise<RoomView> => must(await c.request('session:join', {})).room;
function expectError(r: { ok: boolean; error?: { code: string } }, code: string) {
  expect(r.ok).toBe(false);
  expect(r.error?.code).toBe(code);
}
const sorted = (m: Map<string, string[]>) => JSON.stringify([...m.entries()].map(([k, v]) => [k, [...v].sort()]).sort());

describe('a party trying to reach into a caucus', () => {
  it('cannot consume, resume, connect, produce or pause with the caucus’s ids, nor use mediator commands', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const m = await open(s.mediator.link);
    const ana = await open(s.invites[0]!.link);
    const ben = await open(s.invites[1]!.link);
    const lee = await open(s.invites[2]!.link);
    await joinWithMedia(m);
    const anaMedia = await joinWithMedia(ana);
    const benMedia = await joinWithMedia(ben);
    const leeMedia = await joinWithMedia(lee);
    const [anaId, benId, leeId] = [s.invites[0]!.participantId, s.invites[1]!.participantId, s.invites[2]!.participantId];
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    must(await m.request('control:move', { participantIds: [anaId, leeId], to: caucus }));
    const anaConsumesLee = await ana.waitFor('media:newConsumer', (c) => c.participantId === leeId && c.kind === 'video' && !ana.of('media:consumerClosed').some((x) => x.consumerId === c.consumerId));
    await lee.waitFor('media:newConsumer', (c) => c.participantId === anaId && c.kind === 'video' && !lee.of('media:consumerClosed').some((x) => x.consumerId === c.consumerId));
    await new Promise((r) => setTimeout(r, 100));

    const viewBefore = await roomView(m);
    const dumpBefore = sorted(await consumersByProducer(fx.app, s.sessionId));
    const transportsBefore = (await routerTransportIds(fx.app, s.sessionId)).sort();
    const caucusTransports = [anaMedia.sendTransportId!, anaMedia.recvTransportId, leeMedia.sendTransportId!, leeMedia.recvTransportId];
    const caucusProducers = [...anaMedia.producers, ...leeMedia.producers];

    for (const transportId of caucusTransports) {
      expectError(await ben.request('media:connectTransport', { transportId, dtlsParameters }), ErrorCode.FORBIDDEN);
      expectError(await ben.request('media:produce', { transportId, kind: 'video', source: 'cam', rtpParameters: rtpParametersFor('video', 4242) }), ErrorCode.FORBIDDEN);
    }
    for (const producerId of caucusProducers) {
      expectError(await ben.request('media:pauseProducer', { producerId }), ErrorCode.FORBIDDEN);
      expectError(await ben.request('media:resumeProducer', { producerId }), ErrorCode.FORBIDDEN);
      expectError(await ben.request('media:closeProducer', { producerId }), ErrorCode.FORBIDDEN);
      // A producer id where a consumer id is expected is not a way in either.
      expectError(await ben.request('media:resumeConsumer', { consumerId: producerId }), ErrorCode.FORBIDDEN);
    }
    expectError(await ben.request('media:resumeConsumer', { consumerId: anaConsumesLee.consumerId }), ErrorCode.FORBIDDEN);
    // Ben's own ids of the wrong kind are merely not found.
    expectError(await ben.request('media:produce', { transportId: benMedia.recvTransportId, kind: 'video', source: 'cam', rtpParameters: rtpParametersFor('video', 4343) }), ErrorCode.NOT_FOUND);
    // Mediator-only commands and self-moves.
    expectError(await ben.request('space:enter', { space: caucus }), ErrorCode.FORBIDDEN);
    expectError(await ben.request('control:move', { participantIds: [benId], to: caucus }), ErrorCode.FORBIDDEN);
    expectError(await ben.request('control:admit', { all: true }), ErrorCode.FORBIDDEN);
    expectError(await ben.request('control:hold', { participantIds: [anaId] }), ErrorCode.FORBIDDEN);
    expectError(await ben.request('control:broadcast', { text: 'I am the mediator now', to: caucus }), ErrorCode.FORBIDDEN);
    expectError(await ben.request('control:closeSpace', { space: caucus, sendTo: 'joint' }), ErrorCode.FORBIDDEN);
    expectError(await ben.request('control:setTimer', { space: caucus, seconds: 1, label: 'x' }), ErrorCode.FORBIDDEN);
    expectError(await ben.request('control:remove', { participantId: anaId }), ErrorCode.FORBIDDEN);
    expectError(await ben.request('chat:send', { to: { kind: 'participant', participantId: anaId }, text: 'psst' }), ErrorCode.FORBIDDEN);
    // Ben's own ids still work (the refusals above were not a broken connection).
    must(await ben.request('media:pauseProducer', { producerId: benMedia.producers[0]! }));
    must(await ben.request('media:resumeProducer', { producerId: benMedia.producers[0]! }));

    expect(sorted(await consumersByProducer(fx.app, s.sessionId))).toBe(dumpBefore);
    expect((await routerTransportIds(fx.app, s.sessionId)).sort()).toEqual(transportsBefore);
    const room = roomOf(fx.app, s.sessionId);
    for (const c of room.members.get(benId)!.media.consumers.values()) expect([anaId, leeId]).not.toContain((c.appData as { ownerId: string }).ownerId);
    expect(await roomView(m)).toEqual(viewBefore);
    expect(ben.transcript()).not.toContain(caucus);
  });
});

describe('someone from another session', () => {
  it('cannot touch this session’s media or people, even as that session’s mediator', async () => {
    const s1 = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const s2 = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const m1 = await open(s1.mediator.link);
    const ana = await open(s1.invites[0]!.link);
    await joinWithMedia(m1);
    const anaMedia = await joinWithMedia(ana);
    const c = await ana.waitFor('media:newConsumer', (x) => x.kind === 'video');
    const m2 = await open(s2.mediator.link);
    const zed = await open(s2.invites[0]!.link);
    await joinWithMedia(m2);
    await joinWithMedia(zed);
    const before1 = await roomView(m1);
    const dump1 = sorted(await consumersByProducer(fx.app, s1.sessionId));

    expectError(await zed.request('media:resumeConsumer', { consumerId: c.consumerId }), ErrorCode.NOT_FOUND);
    expectError(await zed.request('media:connectTransport', { transportId: anaMedia.recvTransportId, dtlsParameters }), ErrorCode.NOT_FOUND);
    expectError(await zed.request('media:pauseProducer', { producerId: anaMedia.producers[0]! }), ErrorCode.NOT_FOUND);
    expectError(await m2.request('control:hold', { participantIds: [s1.invites[0]!.participantId] }), ErrorCode.NOT_FOUND);
    expectError(await m2.request('control:move', { participantIds: [s1.invites[0]!.participantId], to: 'joint' }), ErrorCode.NOT_FOUND);
    expectError(await m2.request('control:remove', { participantId: s1.invites[0]!.participantId }), ErrorCode.NOT_FOUND);
    expectError(await m2.request('chat:send', { to: { kind: 'participant', participantId: s1.invites[0]!.participantId }, text: 'hello' }), ErrorCode.NOT_FOUND);

    expect(await roomView(m1)).toEqual(before1);
    expect(sorted(await consumersByProducer(fx.app, s1.sessionId))).toBe(dump1);
    expect((await fx.app.ctx.stores.sessions.getParticipant(s1.invites[0]!.participantId))!.revoked).toBe(false);
  });
});
