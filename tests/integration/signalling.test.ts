/** Signalling over real socket.io against a real server with real mediasoup: join, media, leave. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorCode, JOINT, LOBBY, type CreateSessionResponse } from '@mediation/shared';
import { routerConsumerIds, routerTransportIds } from '../helpers/mediaDump.js';
import { createTestSession, tokenOf, type TestServer } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { connectClient, joinWithMedia, startMedia, must } from '../helpers/socketClient.js';

const fx = useRoomServer();
const connect = (token: string) => fx.connect(token);
let app: TestServer;
beforeAll(() => void (app = fx.app));

const routerConsumers = (sessionId: string) => routerConsumerIds(app, sessionId);

describe('joining a session', () => {
  let s: CreateSessionResponse;
  beforeAll(async () => {
    s = await createTestSession(app);
  });

  it('lets the mediator join straight into the joint room and see the session', async () => {
    const m = await connect(tokenOf(s.mediator.link));
    const joined = must(await m.request('session:join', {}));
    expect(joined.room.title).toBe('Smith v. Jones');
    expect(joined.room.self.space).toBe(JOINT);
    expect(joined.room.self.role).toBe('mediator');
    expect(joined.replacedEarlierConnection).toBe(false);
    const caps = must(await m.request('media:getRouterCapabilities', {}));
    expect(JSON.stringify(caps.rtpCapabilities)).toContain('video/VP8');
    const t = must(await m.request('media:createTransport', { direction: 'send' }));
    expect(t.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.iceCandidates.length).toBeGreaterThan(0);
  });

  it('puts a party in the waiting room where they see no one else', async () => {
    const m = await connect(tokenOf(s.mediator.link));
    must(await m.request('session:join', {}));
    const ana = await connect(tokenOf(s.invites[0]!.link));
    // The join page may still send a name; the person keeps the one they were invited with.
    const joined = must(await ana.request('session:join', { displayName: 'Ana C.' }));
    expect(joined.room.self.space).toBe(LOBBY);
    expect(joined.room.participants.map((p) => p.id)).toEqual([s.invites[0]!.participantId]);
    expect(joined.room.self.displayName).toBe('Ana Claimant');
    expect(joined.displayName).toBe('Ana Claimant');
    const seen = await m.waitFor('room:state', (v) => v.participants.some((p) => p.id === s.invites[0]!.participantId && p.online));
    expect(seen.participants.find((p) => p.id === s.invites[0]!.participantId)?.whereabouts).toBe(LOBBY);
  });
});

describe('media in the joint room', () => {
  it('creates paused consumers server-side between admitted people and none for the waiting room', async () => {
    const s = await createTestSession(app);
    const m = await connect(tokenOf(s.mediator.link));
    const ana = await connect(tokenOf(s.invites[0]!.link));
    const mMedia = await joinWithMedia(m);
    must(await ana.request('session:join', {}));
    // Ana waits: she cannot even set up media, and no consumer carries anything to or from her.
    expect(await ana.request('media:createTransport', { direction: 'recv' })).toMatchObject({ ok: false, error: { code: 'NOT_ADMITTED' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(ana.of('media:newConsumer')).toHaveLength(0);
    expect(m.of('media:newConsumer')).toHaveLength(0);
    expect(await routerConsumers(s.sessionId)).toHaveLength(0);

    must(await m.request('control:admit', { participantIds: [s.invites[0]!.participantId] }));
    // Admitted: the page starts its media now.
    await startMedia(ana);
    const toAna = await ana.waitFor('media:newConsumer', (c) => c.kind === 'video');
    expect(toAna.participantId).toBe(s.mediator.participantId);
    expect(mMedia.producers).toContain(toAna.producerId);
    await m.waitFor('media:newConsumer', (c) => c.kind === 'video' && c.participantId === s.invites[0]!.participantId);
    await ana.waitFor('media:newConsumer', (c) => c.kind === 'audio');
    await m.waitFor('media:newConsumer', (c) => c.kind === 'audio');
    expect(await routerConsumers(s.sessionId)).toHaveLength(4);
    must(await ana.request('media:resumeConsumer', { consumerId: toAna.consumerId }));
  });

  it('pauses and resumes a producer for mute and tells the consumers', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await connect(tokenOf(s.mediator.link));
    const ana = await connect(tokenOf(s.invites[0]!.link));
    await joinWithMedia(m);
    const anaMedia = await joinWithMedia(ana);
    const c = await m.waitFor('media:newConsumer', (x) => x.kind === 'audio' && x.participantId === s.invites[0]!.participantId);
    must(await ana.request('media:pauseProducer', { producerId: anaMedia.producers[0]! }));
    await m.waitFor('media:consumerPaused', (x) => x.consumerId === c.consumerId);
    await m.waitFor('room:state', (v) => v.participants.find((p) => p.id === s.invites[0]!.participantId)?.audioMuted === true);
    must(await ana.request('media:resumeProducer', { producerId: anaMedia.producers[0]! }));
    await m.waitFor('media:consumerResumed', (x) => x.consumerId === c.consumerId);
  });

  it('closes everyone’s consumers of a person who leaves, and frees their transports', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await connect(tokenOf(s.mediator.link));
    const ana = await connect(tokenOf(s.invites[0]!.link));
    await joinWithMedia(m);
    await joinWithMedia(ana);
    const c = await m.waitFor('media:newConsumer', (x) => x.kind === 'video' && x.participantId === s.invites[0]!.participantId);
    await ana.waitFor('media:newConsumer', (x) => x.kind === 'video');
    must(await ana.request('session:leave', {}));
    await m.waitFor('media:consumerClosed', (x) => x.consumerId === c.consumerId);
    expect(await routerConsumers(s.sessionId)).toHaveLength(0);
    expect(await routerTransportIds(app, s.sessionId)).toHaveLength(2); // the mediator's send and recv only
    const after = await m.waitFor('room:state', (v) => v.participants.find((p) => p.id === s.invites[0]!.participantId)?.online === false);
    expect(after.spaces.find((sp) => sp.id === JOINT)?.memberIds).toEqual([s.mediator.participantId]);
    // After leaving, requests need a new join.
    const r = await ana.request('chat:history', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(ErrorCode.CONFLICT);
  });
});

describe('reconnecting', () => {
  it('comes back after a network drop in the space the room says, with the link checked again', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await connect(tokenOf(s.mediator.link));
    must(await m.request('session:join', {}));
    const ana = await connectClient(app.url, tokenOf(s.invites[0]!.link), { reconnection: true });
    fx.track(ana);
    must(await ana.request('session:join', {}));
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    must(await m.request('control:move', { participantIds: [s.invites[0]!.participantId], to: caucus }));
    const mark = ana.received.length;
    const reconnected = new Promise<void>((resolve) => ana.socket.io.once('reconnect', () => resolve()));
    ana.socket.io.engine.close(); // the network drops; the client reconnects by itself
    await reconnected;
    let view;
    if (ana.socket.recovered) {
      // Connection-state recovery: the server rejoined it and re-sent the room as it is now.
      view = await ana.waitFor('room:state', (v) => v.self.id === s.invites[0]!.participantId, 5000, mark);
    } else {
      view = must(await ana.request('session:join', {})).room;
    }
    expect(view.self.space).toBe(caucus);
    expect(ana.socket.recovered).toBe(true);
    const mv = await m.waitFor('room:state', (v) => v.participants.find((p) => p.id === s.invites[0]!.participantId)?.online === true && v.spaces.find((x) => x.id === caucus)?.memberIds.length === 1, 5000);
    expect(mv).toBeTruthy();
  });
});

describe('metrics', () => {
  it('counts transports, producers and consumers while they live', async () => {
    const read = async (name: string) => {
      const text = await (await fetch(app.metricsUrl!)).text();
      return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    };
    await vi.waitFor(async () => expect(await read('mediation_consumers')).toBe(0));
    const base = { transports: await read('mediation_webrtc_transports'), producers: await read('mediation_producers') };
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await connect(tokenOf(s.mediator.link));
    const ana = await connect(tokenOf(s.invites[0]!.link));
    await joinWithMedia(m);
    await joinWithMedia(ana);
    await vi.waitFor(async () => expect(await read('mediation_consumers')).toBe(4));
    expect(await read('mediation_webrtc_transports')).toBe(base.transports + 4);
    expect(await read('mediation_producers')).toBe(base.producers + 4);
    must(await ana.request('session:leave', {}));
    await vi.waitFor(async () => expect(await read('mediation_consumers')).toBe(0));
    expect(await read('mediation_webrtc_transports')).toBe(base.transports + 2);
    expect(await read('mediation_producers')).toBe(base.producers + 2);
  });

  it('counts live sessions and connected participants as people join and leave', async () => {
    const read = async (name: string) => {
      const text = await (await fetch(app.metricsUrl!)).text();
      return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    };
    // Earlier tests' clients were closed in afterEach; wait until the server has let them go.
    await vi.waitFor(async () => expect(await read('mediation_participants_connected')).toBe(0));
    const baseSessions = await read('mediation_sessions_active');
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    // Creating a session over HTTP opens no room: only a join does.
    expect(await read('mediation_sessions_active')).toBe(baseSessions);
    const m = await connect(tokenOf(s.mediator.link));
    must(await m.request('session:join', {}));
    expect(await read('mediation_sessions_active')).toBe(baseSessions + 1);
    expect(await read('mediation_participants_connected')).toBe(1);
    const ana = await connect(tokenOf(s.invites[0]!.link));
    must(await ana.request('session:join', {}));
    expect(await read('mediation_participants_connected')).toBe(2);
    must(await ana.request('session:leave', {}));
    await vi.waitFor(async () => expect(await read('mediation_participants_connected')).toBe(1));
    // Ana comes back and closes her tab: a dropped connection counts as leaving too.
    const again = await connect(tokenOf(s.invites[0]!.link));
    must(await again.request('session:join', {}));
    expect(await read('mediation_participants_connected')).toBe(2);
    again.close();
    await vi.waitFor(async () => expect(await read('mediation_participants_connected')).toBe(1));
    // The room stays open while empty (it closes after a long idle time); ending it closes it now.
    must(await m.request('control:endSession', {}));
    await vi.waitFor(async () => expect(await read('mediation_sessions_active')).toBe(baseSessions));
    await vi.waitFor(async () => expect(await read('mediation_participants_connected')).toBe(0));
  });
});
