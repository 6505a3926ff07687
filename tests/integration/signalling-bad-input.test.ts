/**
 * Bad input on the socket: each case gets a typed error, the server stays up, and nothing else
 * changes (the room as the mediator sees it is compared before and after).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, LIMITS, LOBBY, type CreateSessionResponse, type RoomView } from '@mediation/shared';
import { roomOf, routerConsumerIds, routerTransportIds } from '../helpers/mediaDump.js';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { connectClient, connectError, dtlsParameters, joinWithMedia, must, rtpParametersFor, type TestClient } from '../helpers/socketClient.js';

const fx = useRoomServer();
const { connect } = fx;
let app: TestServer;
beforeAll(() => void (app = fx.app));
const token = (s: CreateSessionResponse, i: number) => tokenOf(i < 0 ? s.mediator.link : s.invites[i]!.link);

/** The room as the mediator sees it (session:join is idempotent for a live connection). */
async function view(mediator: TestClient): Promise<RoomView> {
  return must(await mediator.request('session:join', {})).room;
}

function expectError(r: { ok: boolean; error?: { code: string } } | unknown, code: string) {
  const res = r as { ok: boolean; error?: { code: string } };
  expect(res.ok).toBe(false);
  expect(res.error?.code).toBe(code);
}

describe('the handshake', () => {
  let s: CreateSessionResponse;
  beforeAll(async () => {
    s = await createTestSession(app);
  });

  it('refuses a connection without a token', async () => {
    expect((await connectError(app.url, '', { auth: {} })).code).toBe(ErrorCode.UNAUTHORIZED);
  });

  it('refuses another protocol version', async () => {
    expect((await connectError(app.url, token(s, 0), { protocolVersion: 999 })).code).toBe(ErrorCode.PROTOCOL_MISMATCH);
  });

  it('refuses a tampered token', async () => {
    const t = token(s, 0);
    const tampered = t.slice(0, -4) + (t.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await connectError(app.url, tampered)).code).toBe(ErrorCode.TOKEN_INVALID);
  });

  it('refuses an expired token', async () => {
    const p = s.invites[0]!;
    const { token: expired } = await app.ctx.tokens.sign({ sessionId: s.sessionId, participantId: p.participantId, role: p.role, side: p.side }, -60);
    expect((await connectError(app.url, expired)).code).toBe(ErrorCode.TOKEN_EXPIRED);
  });
});

describe('requests', () => {
  let s: CreateSessionResponse;
  let m: TestClient;
  let ana: TestClient;
  beforeAll(async () => {
    s = await createTestSession(app, { settings: { waitingRoom: false } });
  });
  afterEach(() => {
    m = undefined as never;
  });

  async function setup() {
    m = await connect(token(s, -1));
    ana = await connect(token(s, 0));
    await joinWithMedia(m);
    await joinWithMedia(ana);
  }

  it('answers malformed payloads of every kind with BAD_REQUEST and changes nothing', async () => {
    await setup();
    const before = await view(m);
    const consumersBefore = (await routerConsumerIds(app, s.sessionId)).length;
    const cases: Array<[string, unknown]> = [
      ['session:join', { displayName: 42 }],
      ['session:join', { displayName: 'x', extra: true }],
      ['media:createTransport', { direction: 'sideways' }],
      ['media:connectTransport', { transportId: 'not-a-uuid', dtlsParameters }],
      ['media:produce', { transportId: crypto.randomUUID(), kind: 'audio', source: 'mic' }],
      ['media:resumeConsumer', null],
      ['media:resumeConsumer', 'a string'],
      ['media:resumeConsumer', [1, 2, 3]],
      ['chat:send', { to: { kind: 'space' }, text: '' }],
      ['chat:send', { to: { kind: 'nowhere' }, text: 'hi' }],
      ['chat:send', { to: { kind: 'space' }, text: 'x'.repeat(LIMITS.chatMaxChars + 1) }],
      ['control:move', { participantIds: [], to: 'joint' }],
      ['control:move', { participantIds: ['bad id!'], to: 'joint' }],
      ['control:move', { participantIds: [s.invites[0]!.participantId], to: 'caucus:../../etc' }],
      ['control:admit', { all: true, participantIds: [s.invites[0]!.participantId] }],
      ['control:setTimer', { space: 'joint', seconds: -5 }],
      ['control:broadcast', { text: 'x'.repeat(LIMITS.broadcastMaxChars + 1), to: 'all' }],
      ['control:updateSettings', { capacity: 1000 }],
      // Structurally fine for zod, refused by mediasoup's own capability check.
      ['media:setRtpCapabilities', { rtpCapabilities: { codecs: [{ kind: 'video', mimeType: 'nonsense', clockRate: 'fast' }] } }],
      ['media:setRtpCapabilities', { rtpCapabilities: { codecs: [{}] } }],
    ];
    for (const [event, payload] of cases) {
      const r = await m.raw(event, payload);
      expectError(r, ErrorCode.BAD_REQUEST);
    }
    expect(await view(m)).toEqual(before);
    expect(await routerConsumerIds(app, s.sessionId)).toHaveLength(consumersBefore);
  });

  it('answers an unknown event with a typed error and survives events without an ack', async () => {
    await setup();
    expectError(await m.raw('admin:dropTables', {}), ErrorCode.BAD_REQUEST);
    expectError(await m.raw('__proto__', {}), ErrorCode.BAD_REQUEST);
    expectError(await m.raw('constructor', {}), ErrorCode.BAD_REQUEST);
    expectError(await m.raw(42 as unknown as string, {}), ErrorCode.BAD_REQUEST);
    // No ack function and junk payloads: the server must neither throw nor change anything.
    const before = await view(m);
    m.socket.emit('control:move', { participantIds: 'everyone', to: 'joint' });
    m.socket.emit('nonsense');
    m.socket.emit('media:produce');
    expect(await view(m)).toEqual(before);
  });

  it('refuses requests before joining', async () => {
    const ben = await connect(token(s, 1));
    expectError(await ben.request('media:createTransport', { direction: 'send' }), ErrorCode.CONFLICT);
    expectError(await ben.request('chat:send', { to: { kind: 'space' }, text: 'hello' }), ErrorCode.CONFLICT);
  });

  it('answers only the router capabilities before joining (the join page preloads its media device), and that joins no one', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await connect(token(s, -1));
    must(await m.request('session:join', {}));
    const transportsBefore = await routerTransportIds(app, s.sessionId);
    const ana = await connect(token(s, 0));
    const caps = must(await ana.request('media:getRouterCapabilities', {}));
    expect((caps.rtpCapabilities as { codecs: Array<{ mimeType: string }> }).codecs.map((c) => c.mimeType)).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8']));
    expectError(await ana.request('media:createTransport', { direction: 'recv' }), ErrorCode.CONFLICT);
    expect(await routerTransportIds(app, s.sessionId)).toEqual(transportsBefore);
    expect((await view(m)).participants.find((p) => p.id === s.invites[0]!.participantId)?.online).toBe(false);
  });
});

describe('ids that are not yours', () => {
  it('gives NOT_FOUND for unknown ids and FORBIDDEN for other people’s transport, producer and consumer ids, and creates nothing', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await connect(token(s, -1));
    const ana = await connect(token(s, 0));
    const ben = await connect(token(s, 1));
    const mm = await joinWithMedia(m);
    const am = await joinWithMedia(ana);
    await joinWithMedia(ben, { produce: false });
    await ben.waitFor('media:newConsumer', (c) => c.participantId === s.invites[0]!.participantId && c.kind === 'video');
    const anasConsumer = await ana.waitFor('media:newConsumer', (c) => c.kind === 'video');
    const before = await view(m);
    const consumersBefore = (await routerConsumerIds(app, s.sessionId)).sort();
    const transportsBefore = (await routerTransportIds(app, s.sessionId)).sort();

    const unknown = crypto.randomUUID();
    const code = (id: string) => (id === unknown ? ErrorCode.NOT_FOUND : ErrorCode.FORBIDDEN);
    for (const transportId of [unknown, am.sendTransportId!, am.recvTransportId, mm.sendTransportId!]) {
      expectError(await ben.request('media:connectTransport', { transportId, dtlsParameters }), code(transportId));
      expectError(await ben.request('media:produce', { transportId, kind: 'audio', source: 'mic', rtpParameters: rtpParametersFor('audio', 777) }), code(transportId));
    }
    for (const producerId of [unknown, ...am.producers]) {
      expectError(await ben.request('media:pauseProducer', { producerId }), code(producerId));
      expectError(await ben.request('media:closeProducer', { producerId }), code(producerId));
    }
    expectError(await ben.request('media:resumeConsumer', { consumerId: unknown }), ErrorCode.NOT_FOUND);
    expectError(await ben.request('media:resumeConsumer', { consumerId: anasConsumer.consumerId }), ErrorCode.FORBIDDEN);
    // Ben's own recv transport is not a send transport.
    const benRecv = (await routerTransportIds(app, s.sessionId)).filter((id) => !transportsBefore.includes(id));
    expect(benRecv).toHaveLength(0);

    expect(await view(m)).toEqual(before);
    expect((await routerConsumerIds(app, s.sessionId)).sort()).toEqual(consumersBefore);
    expect((await routerTransportIds(app, s.sessionId)).sort()).toEqual(transportsBefore);
  });
});

describe('producers', () => {
  it('refuses parameters mediasoup cannot accept, a second microphone, a mismatched kind, and observers, creating nothing', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const ana = await connect(token(s, 0));
    const media = await joinWithMedia(ana);
    const olive = await connect(token(s, 3)); // the observer
    must(await olive.request('session:join', {}));
    const before = (await routerTransportIds(app, s.sessionId)).sort();
    const send = media.sendTransportId!;
    const h265 = { ...rtpParametersFor('video', 9191), codecs: [{ mimeType: 'video/H265', payloadType: 120, clockRate: 90000, parameters: {}, rtcpFeedback: [] }] };
    expectError(await ana.request('media:produce', { transportId: send, kind: 'audio', source: 'mic', rtpParameters: rtpParametersFor('audio', 9292) }), ErrorCode.CONFLICT);
    expectError(await ana.request('media:produce', { transportId: send, kind: 'video', source: 'cam', rtpParameters: rtpParametersFor('video', 9393) }), ErrorCode.CONFLICT);
    must(await ana.request('media:closeProducer', { producerId: media.producers[1]! }));
    expectError(await ana.request('media:produce', { transportId: send, kind: 'video', source: 'cam', rtpParameters: h265 }), ErrorCode.BAD_REQUEST);
    expectError(await ana.request('media:produce', { transportId: send, kind: 'audio', source: 'cam', rtpParameters: rtpParametersFor('audio', 9494) }), ErrorCode.BAD_REQUEST);
    expectError(await ana.request('media:produce', { transportId: media.recvTransportId, kind: 'video', source: 'cam', rtpParameters: rtpParametersFor('video', 9595) }), ErrorCode.NOT_FOUND);
    expectError(await olive.request('media:createTransport', { direction: 'send' }), ErrorCode.FORBIDDEN);
    const room = roomOf(app, s.sessionId);
    expect([...room.members.get(s.invites[0]!.participantId)!.media.producers.keys()]).toEqual([media.producers[0]]);
    expect((await routerTransportIds(app, s.sessionId)).sort()).toEqual(before);
  });
});

describe('a second join with the same link', () => {
  it('takes over: the earlier window is told it was replaced and disconnected', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await connect(token(s, -1));
    must(await m.request('session:join', {}));
    const first = await connect(token(s, 0));
    await joinWithMedia(first);
    const disconnected = new Promise<void>((resolve) => first.socket.once('disconnect', () => resolve()));
    const second = await connect(token(s, 0));
    const joined = must(await second.request('session:join', {}));
    expect(joined.replacedEarlierConnection).toBe(true);
    expect((await first.waitFor('session:closed')).reason).toBe('replaced');
    await disconnected;
    const v = await view(m);
    expect(v.participants.filter((p) => p.id === s.invites[0]!.participantId)).toHaveLength(1);
    expect(v.participants.find((p) => p.id === s.invites[0]!.participantId)?.online).toBe(true);
    // the earlier window's transports are gone: only the mediator has none, the new window none yet
    expect(await routerTransportIds(app, s.sessionId)).toHaveLength(0);
  });
});

describe('capacity', () => {
  it('refuses a join beyond the session capacity with SESSION_FULL', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false, capacity: 2 } });
    const m = await connect(token(s, -1));
    must(await m.request('session:join', {}));
    const ana = await connect(token(s, 0));
    must(await ana.request('session:join', {}));
    const before = await view(m);
    const ben = await connect(token(s, 1));
    expectError(await ben.request('session:join', {}), ErrorCode.SESSION_FULL);
    expect(await view(m)).toEqual(before);
  });
});

describe('oversized messages', () => {
  it('answers a message over the limit with PAYLOAD_TOO_LARGE and cuts off a huge one without harm', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await connect(token(s, -1));
    must(await m.request('session:join', {}));
    const before = await view(m);
    expectError(await m.raw('chat:send', { to: { kind: 'space' }, text: 'x'.repeat(LIMITS.maxSocketMessageBytes + 10) }), ErrorCode.PAYLOAD_TOO_LARGE);
    const ana = await connect(token(s, 0));
    must(await ana.request('session:join', {}));
    const gone = new Promise<string>((resolve) => ana.socket.once('disconnect', (reason) => resolve(reason)));
    ana.socket.emit('chat:send', { to: { kind: 'space' }, text: 'y'.repeat(LIMITS.maxSocketMessageBytes * 5) });
    expect(await gone).toBeTruthy();
    // The server is up and the mediator's connection is unaffected.
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    const after = await view(m);
    expect(after.spaces).toEqual(before.spaces); // ana was cut off, so the room is as before she came
    expect(must(await m.request('chat:history', {})).messages).toHaveLength(0);
  });
});

describe('rate limit', () => {
  it('answers a flood of control commands with RATE_LIMITED and keeps the last accepted state', async () => {
    const s = await createTestSession(app);
    const m = await connect(token(s, -1));
    must(await m.request('session:join', {}));
    const results = await Promise.all(Array.from({ length: LIMITS.controlPer10s + 15 }, (_, i) => m.request('control:setLobbyMessage', { text: `message ${i}` })));
    const accepted = results.map((r, i) => (r.ok ? i : -1)).filter((i) => i >= 0);
    const limited = results.filter((r) => !r.ok && r.error.code === ErrorCode.RATE_LIMITED);
    expect(limited.length).toBeGreaterThanOrEqual(14);
    expect(accepted.length).toBeLessThanOrEqual(LIMITS.controlPer10s);
    const session = (await app.ctx.stores.sessions.getSession(s.sessionId))!;
    expect(session.lobbyMessage).toBe(`message ${accepted[accepted.length - 1]}`);
  });

  it('keeps the budget per participant: a new connection (takeover or reconnect) does not reset it', async () => {
    const s = await createTestSession(app);
    const m = await connect(token(s, -1));
    must(await m.request('session:join', {}));
    const results = await Promise.all(Array.from({ length: LIMITS.controlPer10s + 1 }, (_, i) => m.request('control:setLobbyMessage', { text: `flood ${i}` })));
    expect(results.at(-1)!.ok).toBe(false);
    const settled = (await app.ctx.stores.sessions.getSession(s.sessionId))!.lobbyMessage;
    // Take over from a second tab, then reconnect after closing both: still limited, nothing changes.
    const second = await connect(token(s, -1));
    expectError(await second.request('control:setLobbyMessage', { text: 'after takeover' }), ErrorCode.RATE_LIMITED);
    must(await second.request('session:join', {}));
    expectError(await second.request('control:setLobbyMessage', { text: 'after takeover' }), ErrorCode.RATE_LIMITED);
    second.close();
    const third = await connect(token(s, -1));
    must(await third.request('session:join', {}));
    expectError(await third.request('control:setLobbyMessage', { text: 'after reconnect' }), ErrorCode.RATE_LIMITED);
    expect((await app.ctx.stores.sessions.getSession(s.sessionId))!.lobbyMessage).toBe(settled);
    // Another participant (here in another session) has their own budget.
    const other = await createTestSession(app);
    const m2 = await connect(token(other, -1));
    must(await m2.request('session:join', {}));
    must(await m2.request('control:setLobbyMessage', { text: 'unaffected' }));
  });
});

describe('a flood of unknown events', () => {
  it('is rate limited like any other request, and the budget covers real requests too', async () => {
    const s = await createTestSession(app);
    const m = await connect(token(s, -1));
    must(await m.request('session:join', {}));
    const results = (await Promise.all(Array.from({ length: LIMITS.requestsPer10s + 20 }, () => m.raw('no:such:event', {})))) as Array<{ ok: boolean; error: { code: string } }>;
    expect(results.filter((r) => r.error.code === ErrorCode.BAD_REQUEST).length).toBeLessThanOrEqual(LIMITS.requestsPer10s - 1);
    expect(results.filter((r) => r.error.code === ErrorCode.RATE_LIMITED).length).toBeGreaterThanOrEqual(20);
    expectError(await m.request('chat:history', {}), ErrorCode.RATE_LIMITED);
  });
});

describe('revocation', () => {
  it('closes a live connection when its link is revoked and refuses it on reconnect', async () => {
    const s = await createTestSession(app);
    const m = await connect(token(s, -1));
    must(await m.request('session:join', {}));
    const ana = await connect(token(s, 0));
    must(await ana.request('session:join', {}));
    const res = await fetch(`${app.url}/api/sessions/${s.sessionId}/participants/${s.invites[0]!.participantId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token(s, -1)}` },
    });
    expect(res.status).toBe(204);
    expect((await ana.waitFor('session:closed')).reason).toBe('revoked');
    await m.waitFor('room:state', (v) => !v.participants.some((p) => p.id === s.invites[0]!.participantId));
    expect((await connectError(app.url, token(s, 0))).code).toBe(ErrorCode.TOKEN_REVOKED);
  });

  it('rechecks the link when a dropped connection reconnects by itself', async () => {
    const s = await createTestSession(app);
    const ana = await connectClient(app.url, token(s, 0), { reconnection: true });
    fx.track(ana);
    must(await ana.request('session:join', {}));
    await app.ctx.stores.sessions.updateParticipant(s.invites[0]!.participantId, { revoked: true }); // revoked without the live event
    const refused = new Promise<{ code: string }>((resolve) => ana.socket.io.engine && ana.socket.once('connect_error', (e: Error & { data?: { code: string } }) => resolve(e.data!)));
    ana.socket.io.engine.close(); // network drop: the client reconnects on its own
    expect((await refused).code).toBe(ErrorCode.TOKEN_REVOKED);
  });
});

describe('restart', () => {
  it('keeps sessions and links valid across a server restart', async () => {
    const first = await startTestServer();
    const s = await createTestSession(first);
    await stopTestServer(first, { keepData: true });
    const second = await startTestServer({ dataDir: first.dataDir });
    try {
      const ana = await connect(token(s, 0), second);
      const joined = must(await ana.request('session:join', {}));
      expect(joined.room.sessionId).toBe(s.sessionId);
      expect(joined.room.self.space).toBe(LOBBY);
    } finally {
      fx.closeAll();
      await stopTestServer(second);
    }
  });
});
