/** Caucus control over real sockets: waiting room, spaces, moves, chat, knocks, timers, broadcast, audit. */
import { describe, expect, it } from 'vitest';
import { ErrorCode, JOINT, LOBBY, type CreateSessionResponse, type RoomView } from '@mediation/shared';
import { consumersByProducer, roomOf, routerConsumerIds } from '../helpers/mediaDump.js';
import { createTestSession, tokenOf } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { connectError, joinWithMedia, must, type TestClient } from '../helpers/socketClient.js';

const fx = useRoomServer();

interface Cast {
  s: CreateSessionResponse;
  m: TestClient;
  ana: TestClient;
  ben: TestClient;
  lee: TestClient;
  id: { m: string; ana: string; ben: string; lee: string };
}

/** Mediator plus Ana (Claimant), Ben (Respondent) and J. Lee (Claimant's attorney), all joined. */
async function cast(opts: { waitingRoom?: boolean; media?: boolean; allowRoaming?: boolean } = {}): Promise<Cast> {
  const s = await createTestSession(fx.app, { settings: { waitingRoom: opts.waitingRoom ?? false, allowRoaming: opts.allowRoaming ?? false } });
  const open = fx.open;
  const m = await open(s.mediator.link);
  const ana = await open(s.invites[0]!.link);
  const ben = await open(s.invites[1]!.link);
  const lee = await open(s.invites[2]!.link);
  for (const c of [m, ana, ben, lee]) {
    if (opts.media) await joinWithMedia(c);
    else must(await c.request('session:join', {}));
  }
  return { s, m, ana, ben, lee, id: { m: s.mediator.participantId, ana: s.invites[0]!.participantId, ben: s.invites[1]!.participantId, lee: s.invites[2]!.participantId } };
}

const roomView = async (c: TestClient): Promise<RoomView> => must(await c.request('session:join', {})).room;
const settle = () => new Promise((r) => setTimeout(r, 150));
function expectError(r: { ok: boolean; error?: { code: string } }, code: string) {
  expect(r.ok).toBe(false);
  expect(r.error?.code).toBe(code);
}

describe('the waiting room', () => {
  it('holds newcomers, shows them only the lobby message, and lets the mediator admit one or all', async () => {
    const c = await cast({ waitingRoom: true });
    const anaView = await roomView(c.ana);
    expect(anaView.self.space).toBe(LOBBY);
    expect(anaView.participants).toHaveLength(1);
    expect(anaView.spaces.map((s) => s.id)).toEqual([]);
    must(await c.m.request('control:setLobbyMessage', { text: 'Starting at ten past.' }));
    await c.ana.waitFor('room:state', (v) => v.lobbyMessage === 'Starting at ten past.');
    expectError(await c.ana.request('chat:send', { to: { kind: 'space' }, text: 'hello?' }), ErrorCode.NOT_ADMITTED);
    expectError(await c.ana.request('typing:set', { active: true }), ErrorCode.NOT_ADMITTED);

    expect(must(await c.m.request('control:admit', { participantIds: [c.id.ana] })).admitted).toEqual([c.id.ana]);
    expect((await roomView(c.ana)).self.space).toBe(JOINT);
    expectError(await c.m.request('control:admit', { participantIds: [c.id.ana] }), ErrorCode.CONFLICT);
    const admitted = must(await c.m.request('control:admit', { all: true })).admitted;
    expect(admitted.sort()).toEqual([c.id.ben, c.id.lee].sort());
    const v = await roomView(c.m);
    expect(v.spaces.find((s) => s.id === JOINT)!.memberIds.sort()).toEqual([c.id.m, c.id.ana, c.id.ben, c.id.lee].sort());
  });

  it('sends someone back on hold and closes their media at once', async () => {
    const c = await cast({ media: true });
    await c.ben.waitFor('media:newConsumer', (x) => x.participantId === c.id.ana && x.kind === 'video');
    expect((await consumersByProducer(fx.app, c.s.sessionId)).size).toBe(8);
    must(await c.m.request('control:hold', { participantIds: [c.id.ana] }));
    // Acknowledged: nothing flows to or from Ana any more, on the worker itself.
    const room = roomOf(fx.app, c.s.sessionId);
    const anaMember = room.members.get(c.id.ana)!;
    const byProducer = await consumersByProducer(fx.app, c.s.sessionId);
    for (const pid of anaMember.media.producers.keys()) expect(byProducer.get(pid) ?? []).toEqual([]);
    expect(anaMember.media.consumers.size).toBe(0);
    // She stops sending too, and cannot start again from the waiting room.
    expect(anaMember.media.producers.size).toBe(0);
    expect(anaMember.media.transports.size).toBe(0);
    expect((await roomView(c.ana)).self.space).toBe(LOBBY);
    expectError(await c.ana.request('media:createTransport', { direction: 'send' }), ErrorCode.NOT_ADMITTED);
    expect(anaMember.media.transports.size).toBe(0);
    must(await c.m.request('control:admit', { participantIds: [c.id.ana] }));
    must(await c.ana.request('media:createTransport', { direction: 'send' }));
    expectError(await c.m.request('control:hold', { participantIds: [c.id.m] }), ErrorCode.CONFLICT);
  });

  it('lets everyone waiting in when the mediator turns the waiting room off, and sends the waiting room no private messages', async () => {
    const c = await cast({ waitingRoom: true });
    expectError(await c.m.request('chat:send', { to: { kind: 'participant', participantId: c.id.ana }, text: 'hello from the mediator' }), ErrorCode.CONFLICT);
    expect(c.ana.transcript()).not.toContain('hello from the mediator');
    must(await c.m.request('control:updateSettings', { waitingRoom: false }));
    for (const who of [c.ana, c.ben, c.lee]) expect((await roomView(who)).self.space).toBe(JOINT);
    // The audit says who was let in this way, as an explicit admit would.
    const admittedEntries = must(await c.m.request('control:auditLog', {})).entries.filter((e) => e.action === 'participants.admitted');
    expect(admittedEntries).toHaveLength(1);
    expect((admittedEntries[0]!.detail.participantIds as string[]).sort()).toEqual([c.id.ana, c.id.ben, c.id.lee].sort());
    expect(admittedEntries[0]!.actorId).toBe(c.id.m);
    expect((await roomView(c.m)).settings.waitingRoom).toBe(false);
    expect((await fx.app.ctx.stores.sessions.getSession(c.s.sessionId))!.settings.waitingRoom).toBe(false);
    // A later patch of another setting leaves this one (and capacity) as they are.
    must(await c.m.request('control:updateSettings', { allowRoaming: true }));
    expect((await roomView(c.m)).settings).toMatchObject({ waitingRoom: false, allowRoaming: true, capacity: fx.app.ctx.config.sessionCapacity });
    expect((await fx.app.ctx.stores.sessions.getSession(c.s.sessionId))!.settings).toMatchObject({ waitingRoom: false, allowRoaming: true });
  });

  it('places a person in their planned caucus when admitted', async () => {
    const c = await cast({ waitingRoom: true });
    const caucus = must(await c.m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    must(await c.m.request('control:planAssignment', { participantId: c.id.ana, space: caucus }));
    must(await c.m.request('control:admit', { all: true }));
    expect((await roomView(c.ana)).self.space).toBe(caucus);
    expect((await roomView(c.ben)).self.space).toBe(JOINT);
    expectError(await c.m.request('control:planAssignment', { participantId: c.id.ana, space: 'caucus:nope1234' }), ErrorCode.NOT_FOUND);
  });
});

describe('invited mid-session', () => {
  it('is known to the live room at once: listed for mediators as not here yet, and assignable', async () => {
    const c = await cast({ waitingRoom: true });
    const caucus = must(await c.m.request('control:createSpace', { name: 'Interpreters' })).space;
    const res = await fetch(`${fx.app.url}/api/sessions/${c.s.sessionId}/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenOf(c.s.mediator.link)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'Ivo Interpreter', role: 'interpreter', side: null }),
    });
    expect(res.status).toBe(201);
    const invite = (await res.json()) as { participantId: string; link: string };
    must(await c.m.request('control:planAssignment', { participantId: invite.participantId, space: caucus }));
    const late = (await c.m.waitFor('room:state', (v) => v.participants.some((p) => p.id === invite.participantId))).participants.find((p) => p.id === invite.participantId);
    expect(late).toMatchObject({ displayName: 'Ivo Interpreter', online: false, whereabouts: 'offline' });
    // Parties do not learn of an offline invitee.
    expect((await roomView(c.ana)).participants.some((p) => p.id === invite.participantId)).toBe(false);
    // The plan holds when they arrive and are admitted.
    const ivo = await fx.open(invite.link);
    expect(must(await ivo.request('session:join', {})).room.self.space).toBe(LOBBY);
    must(await c.m.request('control:admit', { participantIds: [invite.participantId] }));
    expect((await roomView(ivo)).self.space).toBe(caucus);
  });
});

describe('spaces and moves', () => {
  it('creates, renames and closes a caucus, sending its members where the mediator says', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'Respondent' })).space;
    must(await c.m.request('control:renameSpace', { space: caucus, name: 'Respondent caucus' }));
    expect(must(await c.m.request('control:move', { participantIds: [c.id.ben], to: caucus })).moved).toEqual([c.id.ben]);
    const benView = await roomView(c.ben);
    expect(benView.self.space).toBe(caucus);
    expect(benView.spaces.find((s) => s.id === caucus)?.name).toBe('Respondent caucus');
    // Ana in joint knows only that Ben is "in a caucus", not which one, and does not see the caucus.
    const anaView = await roomView(c.ana);
    expect(anaView.participants.find((p) => p.id === c.id.ben)?.whereabouts).toBe('caucus');
    expect(anaView.spaces.map((s) => s.id)).toEqual([JOINT]);
    expect(must(await c.m.request('control:closeSpace', { space: caucus, sendTo: JOINT })).moved).toEqual([c.id.ben]);
    expect((await roomView(c.ben)).self.space).toBe(JOINT);
    expect((await roomView(c.m)).spaces.some((s) => s.id === caucus)).toBe(false);
  });

  it('refuses bad control commands with typed errors and leaves the room as it was', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'A' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana], to: caucus }));
    const before = await roomView(c.m);
    expectError(await c.m.request('control:move', { participantIds: [c.id.ben, 'nobody123'], to: caucus }), ErrorCode.NOT_FOUND);
    expectError(await c.m.request('control:move', { participantIds: [c.id.ben], to: 'caucus:unknown1' }), ErrorCode.NOT_FOUND);
    expectError(await c.m.request('control:move', { participantIds: [c.id.ben], to: LOBBY }), ErrorCode.BAD_REQUEST);
    expectError(await c.m.request('control:closeSpace', { space: JOINT, sendTo: caucus }), ErrorCode.CONFLICT);
    expectError(await c.m.request('control:closeSpace', { space: LOBBY, sendTo: JOINT }), ErrorCode.CONFLICT);
    expectError(await c.m.request('control:closeSpace', { space: caucus, sendTo: caucus }), ErrorCode.BAD_REQUEST);
    expectError(await c.m.request('control:closeSpace', { space: caucus, sendTo: 'caucus:unknown1' }), ErrorCode.NOT_FOUND);
    expectError(await c.m.request('control:renameSpace', { space: 'caucus:unknown1', name: 'x' }), ErrorCode.NOT_FOUND);
    expectError(await c.m.request('control:setTimer', { space: 'caucus:unknown1', seconds: 5, label: '' }), ErrorCode.NOT_FOUND);
    expectError(await c.m.request('control:answerKnock', { knockId: 'nope', join: false }), ErrorCode.NOT_FOUND);
    expectError(await c.m.request('control:remove', { participantId: c.id.m }), ErrorCode.CONFLICT);
    // Parties and attorneys cannot use any mediator control.
    for (const who of [c.ana, c.ben, c.lee]) {
      expectError(await who.request('control:move', { participantIds: [c.id.ben], to: caucus }), ErrorCode.FORBIDDEN);
      expectError(await who.request('control:admit', { all: true }), ErrorCode.FORBIDDEN);
      expectError(await who.request('control:broadcast', { text: 'hi', to: 'all' }), ErrorCode.FORBIDDEN);
      expectError(await who.request('control:allToJoint', {}), ErrorCode.FORBIDDEN);
      expectError(await who.request('control:auditLog', {}), ErrorCode.FORBIDDEN);
      expectError(await who.request('control:endSession', {}), ErrorCode.FORBIDDEN);
    }
    expect(await roomView(c.m)).toEqual(before);
  });

  it('does not let parties roam unless the session allows it; mediators move themselves', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'A' })).space;
    expectError(await c.ana.request('space:enter', { space: caucus }), ErrorCode.FORBIDDEN);
    expect((await roomView(c.ana)).self.space).toBe(JOINT);
    must(await c.m.request('space:enter', { space: caucus }));
    const v = await roomView(c.m);
    expect(v.self.space).toBe(caucus);
    expect(v.spaces.find((s) => s.id === caucus)?.mediatorPresent).toBe(true);
    expect(v.spaces.find((s) => s.id === caucus)?.mediatorLastVisitAt).toBeTypeOf('number');
    must(await c.m.request('control:updateSettings', { allowRoaming: true }));
    must(await c.ana.request('space:enter', { space: caucus }));
    expect((await roomView(c.ana)).self.space).toBe(caucus);
    expectError(await c.ana.request('space:enter', { space: LOBBY }), ErrorCode.FORBIDDEN);
    must(await c.m.request('control:allToJoint', {}));
    expect((await roomView(c.ana)).self.space).toBe(JOINT);
    expect((await roomView(c.m)).self.space).toBe(JOINT);
  });

  it('tells the space directory about a move before the move is acknowledged', async () => {
    const c = await cast();
    const events: Array<{ participantId: string; from: string | null; to: string | null }> = [];
    const off = fx.app.observe({ onSpaceChanged: (e) => void (e.sessionId === c.s.sessionId && events.push(e)) });
    try {
      const caucus = must(await c.m.request('control:createSpace', { name: 'A' })).space;
      must(await c.m.request('control:move', { participantIds: [c.id.ana], to: caucus }));
      expect(events).toEqual([{ sessionId: c.s.sessionId, participantId: c.id.ana, from: JOINT, to: caucus }]);
      expect(fx.app.ctx.spaces!.currentSpace(c.s.sessionId, c.id.ana)).toBe(caucus);
      must(await c.ana.request('session:leave', {}));
      expect(events.at(-1)).toEqual({ sessionId: c.s.sessionId, participantId: c.id.ana, from: caucus, to: null });
      expect(fx.app.ctx.spaces!.currentSpace(c.s.sessionId, c.id.ana)).toBeNull();
    } finally {
      off();
    }
  });

  it('closes the old space’s consumers in both directions before acknowledging a move, then opens the new space', async () => {
    const c = await cast({ media: true });
    const caucus = must(await c.m.request('control:createSpace', { name: 'Claimant' })).space;
    await c.ben.waitFor('media:newConsumer', (x) => x.participantId === c.id.ana && x.kind === 'video');
    await c.lee.waitFor('media:newConsumer', (x) => x.participantId === c.id.ana && x.kind === 'video');
    must(await c.m.request('control:move', { participantIds: [c.id.ana], to: caucus }));
    const room = roomOf(fx.app, c.s.sessionId);
    const byProducer = await consumersByProducer(fx.app, c.s.sessionId);
    for (const pid of room.members.get(c.id.ana)!.media.producers.keys()) expect(byProducer.get(pid) ?? []).toEqual([]);
    expect(room.members.get(c.id.ana)!.media.consumers.size).toBe(0);
    // Lee joins Ana in the caucus: media opens between them only.
    must(await c.m.request('control:move', { participantIds: [c.id.lee], to: caucus }));
    await c.ana.waitFor('media:newConsumer', (x) => x.participantId === c.id.lee && x.kind === 'video');
    await c.lee.waitFor('media:newConsumer', (x) => x.participantId === c.id.ana && x.kind === 'video' && !c.lee.of('media:consumerClosed').some((cc) => cc.consumerId === x.consumerId));
    await settle();
    expect((await routerConsumerIds(fx.app, c.s.sessionId)).length).toBe(4 /* Ana<->Lee */ + 4 /* M<->Ben */);
  });
});

describe('chat, typing, knocks, timers and broadcast', () => {
  it('keeps chat in its space and history for those who were there', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana, c.id.lee], to: caucus }));
    const sent = must(await c.ana.request('chat:send', { to: { kind: 'space' }, text: 'our bottom line is 40k' }));
    expect(sent.audience).toEqual({ label: 'Claimant caucus (2 people)', count: 2 });
    await c.lee.waitFor('chat:message', (x) => x.text === 'our bottom line is 40k');
    await c.m.waitFor('chat:message', (x) => x.text === 'our bottom line is 40k');
    must(await c.ben.request('chat:send', { to: { kind: 'space' }, text: 'joint hello' }));
    must(await c.ben.request('chat:send', { to: { kind: 'mediators' }, text: 'private to mediator' }));
    await c.m.waitFor('chat:message', (x) => x.text === 'private to mediator');
    must(await c.m.request('chat:send', { to: { kind: 'participant', participantId: c.id.ben }, text: 'reply to ben' }));
    await c.ben.waitFor('chat:message', (x) => x.text === 'reply to ben');
    await settle();
    expect(c.ben.transcript()).not.toContain('bottom line');
    expect(c.ana.transcript()).not.toContain('joint hello');
    expect(c.ana.transcript()).not.toContain('private to mediator');
    expect(c.lee.transcript()).not.toContain('reply to ben');
    // History: Ana back in joint does not get the joint message written while she was away.
    must(await c.m.request('control:allToJoint', {}));
    const anaHistory = must(await c.ana.request('chat:history', {})).messages.map((x) => x.text);
    expect(anaHistory).toEqual([]);
    const benHistory = must(await c.ben.request('chat:history', {})).messages.map((x) => x.text);
    expect(benHistory).toEqual(['joint hello', 'private to mediator', 'reply to ben']);
    expect(must(await c.m.request('chat:history', {})).messages).toHaveLength(4);
    // Observers do not write; mediators-only replies are for mediators.
    expectError(await c.ana.request('chat:send', { to: { kind: 'participant', participantId: c.id.ben }, text: 'psst' }), ErrorCode.FORBIDDEN);
  });

  it('refuses a message written for the caucus when a move took its writer to joint first: nobody reads it, and a resend names the new space', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana, c.id.lee], to: caucus }));
    // Ana's composer says "To: Claimant caucus"; the mediator ends the caucus before her message arrives.
    must(await c.m.request('control:allToJoint', {}));
    const crossed = await c.ana.request('chat:send', { to: { kind: 'space', space: caucus }, text: 'caucus only: we would take 40k' });
    expectError(crossed, ErrorCode.CONFLICT);
    expect(crossed.ok ? '' : crossed.error.message).toMatch(/moved to Joint session/);
    await settle();
    for (const who of [c.ben, c.lee, c.m, c.ana]) expect(who.transcript()).not.toContain('we would take 40k');
    expect(must(await c.m.request('chat:history', {})).messages).toEqual([]);
    // Written for where she is now, it goes (and without a space, as before, to her current space).
    must(await c.ana.request('chat:send', { to: { kind: 'space', space: JOINT }, text: 'hello everyone' }));
    await c.ben.waitFor('chat:message', (x) => x.text === 'hello everyone');
    // A space id that is not a space at all is bad input, not a crossing.
    expectError(await c.ana.request('chat:send', { to: { kind: 'space', space: 'nowhere!' }, text: 'x' }), ErrorCode.BAD_REQUEST);
  });

  it('sends typing only inside the space', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'A' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana, c.id.lee], to: caucus }));
    must(await c.ana.request('typing:set', { active: true }));
    await c.lee.waitFor('typing:update', (x) => x.participantId === c.id.ana && x.active);
    await settle();
    expect(c.ben.of('typing:update')).toHaveLength(0);
    expect(c.m.of('typing:update')).toHaveLength(0); // the mediator is in joint; typing is live
  });

  it('queues knocks for mediators only and lets a mediator answer by joining', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'A' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana], to: caucus }));
    const knock = must(await c.ana.request('knock:send', { message: 'we have a question' })).knock;
    expectError(await c.ana.request('knock:send', { message: 'again' }), ErrorCode.CONFLICT);
    expectError(await c.m.request('knock:send', { message: '' }), ErrorCode.FORBIDDEN);
    const mv = await c.m.waitFor('room:state', (v) => (v.knocks ?? []).some((k) => k.id === knock.id));
    expect(mv.knocks![0]!.space).toBe(caucus);
    expect((await roomView(c.ben)).knocks).toBeUndefined();
    must(await c.m.request('control:answerKnock', { knockId: knock.id, reply: 'coming', join: true }));
    expect((await c.ana.waitFor('knock:answered')).reply).toBe('coming');
    expect((await roomView(c.m)).self.space).toBe(caucus);
    expect((await roomView(c.m)).knocks).toEqual([]);
    expect(c.ben.transcript()).not.toContain('we have a question');
  });

  it('settles a knock when a mediator walks into the knocker’s caucus, and drops it when the knocker is put on hold', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'A' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana, c.id.ben], to: caucus }));
    must(await c.ana.request('knock:send', { message: 'question' }));
    expect((await roomView(c.m)).knocks).toHaveLength(1);
    must(await c.m.request('space:enter', { space: caucus }));
    expect((await roomView(c.m)).knocks).toEqual([]);
    expect((await c.ana.waitFor('knock:answered')).byName).toBe('Maria Mediator');
    must(await c.m.request('space:enter', { space: JOINT }));
    must(await c.ben.request('knock:send', { message: 'another' }));
    must(await c.m.request('control:hold', { participantIds: [c.id.ben] }));
    expect((await roomView(c.m)).knocks).toEqual([]);
  });

  it('moves a knock with its knocker (relocated, or their caucus closed) and drops it in the waiting room', async () => {
    const c = await cast();
    const a = must(await c.m.request('control:createSpace', { name: 'A' })).space;
    const b = must(await c.m.request('control:createSpace', { name: 'B' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana], to: a }));
    const knock = must(await c.ana.request('knock:send', { message: 'question' })).knock;
    must(await c.m.request('control:move', { participantIds: [c.id.ana], to: b }));
    expect((await roomView(c.m)).knocks).toMatchObject([{ id: knock.id, space: b }]);
    must(await c.m.request('control:closeSpace', { space: b, sendTo: a }));
    expect((await roomView(c.m)).knocks).toMatchObject([{ id: knock.id, space: a }]);
    // Still one knock: asking again from the new space is refused, and nothing was answered.
    expectError(await c.ana.request('knock:send', { message: 'again' }), ErrorCode.CONFLICT);
    expect(c.ana.of('knock:answered')).toEqual([]);
    must(await c.m.request('space:enter', { space: a }));
    expect((await c.ana.waitFor('knock:answered')).knockId).toBe(knock.id);
    must(await c.m.request('space:enter', { space: JOINT }));
    const k2 = must(await c.ana.request('knock:send', { message: 'more' })).knock;
    must(await c.m.request('control:closeSpace', { space: a, sendTo: LOBBY }));
    expect((await roomView(c.m)).knocks).toEqual([]);
    expect(c.ana.of('knock:answered').map((x) => x.knockId)).not.toContain(k2.id);
  });

  it('ends a mover’s typing for the space they left by the room state alone (no typing signal about someone now elsewhere)', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'A' })).space;
    must(await c.ana.request('typing:set', { active: true }));
    await c.ben.waitFor('typing:update', (x) => x.participantId === c.id.ana && x.active);
    const typingBefore = c.ben.of('typing:update').length;
    const statesBefore = c.ben.received.length;
    must(await c.m.request('control:move', { participantIds: [c.id.ana], to: caucus }));
    // The room state that follows no longer puts Ana in joint: the client drops her from "typing".
    await c.ben.waitFor('room:state', (v) => v.participants.find((p) => p.id === c.id.ana)?.whereabouts !== JOINT, 5000, statesBefore);
    await settle();
    expect(c.ben.of('typing:update')).toHaveLength(typingBefore);
    // Someone who disconnects mid-typing stops too.
    must(await c.lee.request('typing:set', { active: true }));
    await c.ben.waitFor('typing:update', (x) => x.participantId === c.id.lee && x.active);
    c.lee.close();
    await c.ben.waitFor('typing:update', (x) => x.participantId === c.id.lee && !x.active);
    // Not typing when moved: nothing is said; and the caucus never hears of joint typing.
    const before = c.ben.of('typing:update').length;
    must(await c.m.request('control:move', { participantIds: [c.id.ana], to: JOINT }));
    await settle();
    expect(c.ben.of('typing:update')).toHaveLength(before);
    expect(c.ana.of('typing:update')).toEqual([]);
  });

  it('runs a timer per space, visible to its members and mediators, and signals at zero', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'A' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana], to: caucus }));
    must(await c.m.request('control:setTimer', { space: caucus, seconds: 1, label: 'consider the offer' }));
    const anaView = await roomView(c.ana);
    expect(anaView.spaces.find((s) => s.id === caucus)?.timerLabel).toBe('consider the offer');
    expect((await roomView(c.m)).spaces.find((s) => s.id === caucus)?.timerEndsAt).toBeTypeOf('number');
    const expired = await c.ana.waitFor('timer:expired', undefined, 3000);
    expect(expired).toEqual({ space: caucus, label: 'consider the offer' });
    await settle();
    expect(c.ben.of('timer:expired')).toHaveLength(0);
    expect(c.ben.transcript()).not.toContain('consider the offer');
    // Time stays up, for members and mediators only, until the mediator clears or restarts it.
    const upFor = async (who: TestClient) => (await roomView(who)).spaces.find((s) => s.id === caucus);
    expect(await upFor(c.ana)).toMatchObject({ timerExpired: true, timerLabel: 'consider the offer' });
    expect(await upFor(c.m)).toMatchObject({ timerExpired: true });
    expect(await upFor(c.ben)).toBeUndefined();
    expect((await roomView(c.ben)).spaces.every((s) => !s.timerExpired)).toBe(true);
    must(await c.m.request('control:setTimer', { space: caucus, seconds: 60, label: 'round two' }));
    expect(await upFor(c.ana)).toMatchObject({ timerExpired: false, timerLabel: 'round two' });
    must(await c.m.request('control:setTimer', { space: caucus, seconds: 1, label: '' }));
    await c.ana.waitFor('timer:expired', (x) => x.label === null, 3000);
    expect((await upFor(c.m))?.timerExpired).toBe(true);
    must(await c.m.request('control:setTimer', { space: caucus, seconds: null, label: '' }));
    expect(await upFor(c.m)).toMatchObject({ timerExpired: false, timerEndsAt: null, timerLabel: null });
  });

  it('broadcasts to one space or to all spaces, never to the waiting room', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'A' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana], to: caucus }));
    must(await c.m.request('control:hold', { participantIds: [c.id.lee] }));
    must(await c.m.request('control:broadcast', { text: 'five minutes left in caucus', to: caucus }));
    await c.ana.waitFor('broadcast:message', (x) => x.text === 'five minutes left in caucus');
    must(await c.m.request('control:broadcast', { text: 'lunch at one', to: 'all' }));
    await c.ana.waitFor('broadcast:message', (x) => x.text === 'lunch at one');
    await c.ben.waitFor('broadcast:message', (x) => x.text === 'lunch at one');
    await settle();
    expect(c.ben.transcript()).not.toContain('five minutes left');
    expect(c.lee.of('broadcast:message')).toHaveLength(0);
  });

  it('records moves, admits, holds and broadcasts in the audit log', async () => {
    const c = await cast({ waitingRoom: true });
    must(await c.m.request('control:admit', { all: true }));
    must(await c.m.request('control:hold', { participantIds: [c.id.ben] }));
    const caucus = must(await c.m.request('control:createSpace', { name: 'A' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana], to: caucus }));
    must(await c.m.request('control:broadcast', { text: 'hello all', to: 'all' }));
    const actions = must(await c.m.request('control:auditLog', {})).entries.map((e) => e.action);
    for (const a of ['participants.admitted', 'participants.held', 'space.created', 'participants.moved', 'broadcast.sent']) expect(actions).toContain(a);
  });

  it('exports the audit as CSV whose cells a spreadsheet will not run as formulas', async () => {
    const evil = '=HYPERLINK("http://evil.example","x")';
    // Names are set at invitation (a join no longer renames), so the formula-like names are invited.
    const names = [evil, '@SUM(1+1)', '-2+3', '+1'];
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false }, invites: names.map((displayName) => ({ displayName, role: 'party' as const, side: 'Claimant' })) });
    const m = await fx.open(s.mediator.link);
    must(await m.request('session:join', {}));
    for (const i of names.keys()) must(await (await fx.open(s.invites[i]!.link)).request('session:join', {}));
    const res = await fetch(`${fx.app.url}/api/sessions/${s.sessionId}/audit?format=csv`, { headers: { authorization: `Bearer ${tokenOf(s.mediator.link)}` } });
    expect(res.status).toBe(200);
    const cells = (line: string) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((x) => x[1]!.replaceAll('""', '"'));
    const rows = (await res.text()).split('\n').slice(1).map((line) => cells(line)[1]!);
    expect(rows).toEqual(expect.arrayContaining([`'${evil}`, "'@SUM(1+1)", "'-2+3", "'+1", 'Maria Mediator']));
    for (const actor of rows) expect(actor).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('ends the session for everyone and refuses its links afterwards', async () => {
    const c = await cast();
    const ended = new Promise<string>((resolve) => { const off = fx.app.observe({ onPhaseChanged: (e) => { if (e.to === 'ended') { off(); resolve(e.sessionId); } } }); });
    must(await c.m.request('control:endSession', {}));
    expect((await c.ana.waitFor('session:closed')).reason).toBe('ended');
    expect(await ended).toBe(c.s.sessionId);
    // The room and its router are gone; the session is marked ended in storage.
    expect(() => roomOf(fx.app, c.s.sessionId)).toThrow();
    expect((await fx.app.ctx.stores.sessions.getSession(c.s.sessionId))!.endedAt).toBeTypeOf('number');
    expect((await connectError(fx.app.url, tokenOf(c.s.invites[0]!.link))).code).toBe(ErrorCode.SESSION_ENDED);
  });
});
