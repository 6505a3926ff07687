/**
 * The join page's pre-connection (server/src/signalling/media/preconnect.ts) over real socket.io
 * and real mediasoup: a page that has not joined holds connected-ready transports on the session's
 * router and receives nothing at all about the room, whatever happens in it, until it joins; in the
 * waiting room it keeps its transports and still receives nothing about anyone; the join (or the
 * admission) consumes over those same transports; a page that closes without joining leaves no
 * transport behind on the router.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { JOINT, type CreateSessionResponse, type SpaceId } from '@mediation/shared';
import { roomOf, routerTransportIds } from '../helpers/mediaDump.js';
import { createTestSession, type TestServer } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { joinWithMedia, must, startMedia, type TestClient } from '../helpers/socketClient.js';
import { poll } from '../helpers/browser.js';

const fx = useRoomServer();
let app: TestServer;
beforeAll(() => void (app = fx.app));

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
const FAKE_DTLS = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }] };

/** What the join page does while the person looks at their preview. */
async function preconnect(c: TestClient, opts: { send: boolean }) {
  const caps = must(await c.request('media:getRouterCapabilities', {}));
  must(await c.request('media:setRtpCapabilities', { rtpCapabilities: caps.rtpCapabilities as never }));
  const recv = must(await c.request('media:preconnect', { direction: 'recv' }));
  must(await c.request('media:connectTransport', { transportId: recv.id, dtlsParameters: FAKE_DTLS }));
  let send: typeof recv | null = null;
  if (opts.send) {
    send = must(await c.request('media:preconnect', { direction: 'send' }));
    must(await c.request('media:connectTransport', { transportId: send.id, dtlsParameters: FAKE_DTLS }));
    must(await c.request('media:produceData', { transportId: send.id, sctpStreamParameters: { streamId: 0, ordered: true }, label: 'preconnect', protocol: '' }));
  }
  return { recv, send };
}

/** Everything the room can do that might reach someone: talk (produce), chat, type, knock, move. */
async function busyRoom(s: CreateSessionResponse, m: TestClient, ana: TestClient, caucus: SpaceId) {
  must(await m.request('chat:send', { to: { kind: 'space' }, text: 'CANARY joint chat' }));
  must(await ana.request('typing:set', { active: true }));
  must(await m.request('control:move', { participantIds: [s.invites[0]!.participantId], to: caucus }));
  must(await ana.request('chat:send', { to: { kind: 'space' }, text: 'CANARY caucus chat' }));
  must(await ana.request('knock:send', { message: 'CANARY knock' }));
  must(await m.request('control:broadcast', { text: 'CANARY broadcast', to: 'all' }));
  must(await m.request('control:move', { participantIds: [s.invites[0]!.participantId], to: JOINT }));
  // Someone starts sending again (new producers: every member in joint gets consumers).
  const mine = roomOf(app, s.sessionId).members.get(s.mediator.participantId)!.media;
  for (const id of [...mine.producers.keys()]) must(await m.request('media:closeProducer', { producerId: id }));
  const send = [...mine.transports.values()].find((t) => (t.appData as { direction: string }).direction === 'send')!;
  must(
    await m.request('media:produce', {
      transportId: send.id,
      kind: 'audio',
      source: 'mic',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 4242 }] } as never,
    }),
  );
  await settle();
}

describe('the pre-connection', () => {
  it('receives nothing while others talk, move, chat, type and knock, then joins and consumes over the transports it already has', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await fx.open(s.mediator.link);
    const ana = await fx.open(s.invites[0]!.link);
    await joinWithMedia(m);
    await joinWithMedia(ana);
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;

    const ben = await fx.open(s.invites[1]!.link);
    const early = await preconnect(ben, { send: true });
    expect(early.recv.dataConsumer?.label).toBe('preconnect');
    expect(early.send?.dataConsumer).toBeNull();
    expect(await routerTransportIds(app, s.sessionId)).toEqual(expect.arrayContaining([early.recv.id, early.send!.id]));

    await busyRoom(s, m, ana, caucus);
    // Not one notification of any kind: no room state, presence, chat, knock, media, hint.
    expect(ben.wire).toEqual([]);
    expect(roomOf(app, s.sessionId).members.has(s.invites[1]!.participantId)).toBe(false);
    // The room went on as usual meanwhile (the control: someone else did hear it all).
    expect(ana.transcript()).toContain('CANARY joint chat');

    const joined = must(await ben.request('session:join', {}));
    expect(joined.room.self.space).toBe(JOINT);
    const batch = await poll(async () => ben.wire.find((r) => r.event === 'media:consumers')?.payload as { closed: string[]; created: Array<{ consumerId: string; participantId: string }> } | undefined, { what: 'the join to consume' });
    expect(batch.closed).toEqual([]);
    expect(new Set(batch.created.map((c) => c.participantId))).toEqual(new Set([s.mediator.participantId, s.invites[0]!.participantId]));
    // Over the transport made before joining: no new transport was needed.
    const benMedia = roomOf(app, s.sessionId).members.get(s.invites[1]!.participantId)!.media;
    expect(benMedia.recvTransport?.id).toBe(early.recv.id);
    expect([...benMedia.transports.keys()].sort()).toEqual([early.recv.id, early.send!.id].sort());
    const resumed = must(await ben.request('media:resumeConsumers', { consumerIds: batch.created.map((c) => c.consumerId) }));
    expect(resumed.resumed.sort()).toEqual(batch.created.map((c) => c.consumerId).sort());
    // The join's view came before any media, and nothing came before the join.
    expect(ben.wire[0]?.event).toBe('room:state');
  });

  it('keeps its transports in the waiting room, where it never receives anything about anyone, and consumes over them when admitted', async () => {
    const s = await createTestSession(app);
    const m = await fx.open(s.mediator.link);
    const ana = await fx.open(s.invites[0]!.link);
    await joinWithMedia(m);
    must(await ana.request('session:join', {}));
    must(await m.request('control:admit', { participantIds: [s.invites[0]!.participantId] }));
    await startMedia(ana);
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;

    const ben = await fx.open(s.invites[1]!.link);
    const benId = s.invites[1]!.participantId;
    const early = await preconnect(ben, { send: true });
    await busyRoom(s, m, ana, caucus);
    expect(ben.wire).toEqual([]);

    const joined = must(await ben.request('session:join', {}));
    expect(joined.room.self.space).toBe('lobby');
    await busyRoom(s, m, ana, caucus);
    // In the waiting room: only views of the waiting room with nobody but Ben in them.
    for (const r of ben.wire) {
      expect(r.event).toBe('room:state');
      expect((r.payload as { participants: Array<{ id: string }> }).participants.map((p) => p.id)).toEqual([benId]);
    }
    expect(ben.transcript()).not.toContain('CANARY');
    const benMedia = roomOf(app, s.sessionId).members.get(benId)!.media;
    expect(benMedia.consumers.size).toBe(0);
    expect([...benMedia.transports.keys()].sort()).toEqual([early.recv.id, early.send!.id].sort());

    const before = ben.wire.length;
    must(await m.request('control:admit', { participantIds: [benId] }));
    const batch = await poll(async () => ben.wire.slice(before).find((r) => r.event === 'media:consumers')?.payload as { created: Array<{ participantId: string }> } | undefined, { what: 'admission to consume' });
    expect(new Set(batch.created.map((c) => c.participantId))).toEqual(new Set([s.mediator.participantId, s.invites[0]!.participantId]));
    expect(roomOf(app, s.sessionId).members.get(benId)!.media.recvTransport?.id).toBe(early.recv.id);
  });

  it('leaves no transport on the router when the page closes without joining, even mid-request', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await fx.open(s.mediator.link);
    await joinWithMedia(m);
    // The router's one silent data source (a DirectTransport) stays for the router's life.
    await roomOf(app, s.sessionId).deps.sfu.silentDataSource();
    const baseline = (await routerTransportIds(app, s.sessionId)).length;

    const ben = await fx.open(s.invites[1]!.link);
    await preconnect(ben, { send: true });
    expect(await routerTransportIds(app, s.sessionId)).toHaveLength(baseline + 2);
    ben.close();
    await poll(async () => ((await routerTransportIds(app, s.sessionId)).length === baseline ? true : undefined), { what: 'the closed page’s transports to go' });

    // Closed while its transports were still being made.
    const cy = await fx.open(s.invites[2]!.link);
    void cy.request('media:preconnect', { direction: 'recv' }).catch(() => undefined);
    void cy.request('media:preconnect', { direction: 'send' }).catch(() => undefined);
    cy.socket.disconnect();
    await settle(500);
    await poll(async () => ((await routerTransportIds(app, s.sessionId)).length === baseline ? true : undefined), { what: 'the mid-request page’s transports to go' });
  });

  it('touches only the caller’s own transports, and still serves a pre-connection that arrives just after the join', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await fx.open(s.mediator.link);
    const mMedia = await joinWithMedia(m);
    const ben = await fx.open(s.invites[1]!.link);
    // Someone else's transport: not found (a pre-joined page is told nothing about the room's media).
    expect(await ben.request('media:connectTransport', { transportId: mMedia.recvTransportId, dtlsParameters: FAKE_DTLS })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ben.request('media:produceData', { transportId: mMedia.sendTransportId!, sctpStreamParameters: { streamId: 1 }, label: 'preconnect', protocol: '' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // An observer sends nothing, before joining too.
    const olive = await fx.open(s.invites[3]!.link);
    expect(await olive.request('media:preconnect', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(must(await olive.request('media:preconnect', { direction: 'recv' })).dataConsumer).not.toBeNull();
    // A pre-connection that arrives just after the join (the click came first) is still served,
    // and consumes what the space offers.
    must(await ben.request('session:join', {}));
    const caps = must(await ben.request('media:getRouterCapabilities', {}));
    must(await ben.request('media:setRtpCapabilities', { rtpCapabilities: caps.rtpCapabilities as never }));
    must(await ben.request('media:preconnect', { direction: 'recv' }));
    await ben.waitFor('media:newConsumer', (c) => c.participantId === s.mediator.participantId && c.kind === 'video');
  });
});
