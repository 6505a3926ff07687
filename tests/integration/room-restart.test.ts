/**
 * What a restart (or the session's next host) must not lose. The room's chat is kept in storage: after the server restarts (or the session's next host takes
 * it over), everyone's history is there again, and each message is still read only by the people
 * who could read it when it was written (a caucus's messages stay in the caucus). Nothing of it
 * outlives the session: its end drops it from storage. A running countdown keeps its end and label
 * and still expires for its space, and a knock not yet answered is still waiting (both kept with
 * the room's seats).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';

let app: TestServer | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await stopTestServer(app);
  app = undefined;
});

async function joined(server: TestServer, link: string): Promise<TestClient> {
  const c = await connectClient(server.url, tokenOf(link));
  clients.push(c);
  must(await c.request('session:join', {}));
  return c;
}

const texts = async (c: TestClient) => must(await c.request('chat:history', {})).messages.map((m) => m.text);

describe('the room after a restart', () => {
  it('gives everyone their history back, in order, and a caucus\'s messages only to who was in it', async () => {
    app = await startTestServer();
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const [anaInvite, benInvite] = s.invites;
    const m = await joined(app, s.mediator.link);
    const ana = await joined(app, anaInvite!.link);
    const ben = await joined(app, benInvite!.link);
    const stamp = Date.now();
    const joint1 = `joint-before-${stamp}`;
    const caucusSecret = `CANARY-caucus-${stamp}`;
    const joint2 = `joint-after-${stamp}`;
    const privateNote = `CANARY-private-${stamp}`;
    must(await m.request('chat:send', { to: { kind: 'space' }, text: joint1 }));
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    must(await m.request('control:move', { participantIds: [anaInvite!.participantId], to: caucus }));
    must(await ana.request('chat:send', { to: { kind: 'space' }, text: caucusSecret }));
    must(await m.request('control:move', { participantIds: [anaInvite!.participantId], to: 'joint' }));
    must(await ben.request('chat:send', { to: { kind: 'space' }, text: joint2 }));
    must(await ben.request('chat:send', { to: { kind: 'mediators' }, text: privateNote }));
    const before = { m: await texts(m), ana: await texts(ana), ben: await texts(ben) };
    expect(before.ana).toEqual([joint1, joint2]);
    expect(before.ben).toEqual([joint1, joint2, privateNote]);

    for (const c of clients.splice(0)) c.close();
    const dataDir = app.dataDir;
    await stopTestServer(app, { keepData: true });
    app = await startTestServer({ dataDir });

    const m2 = await joined(app, s.mediator.link);
    const ana2 = await joined(app, anaInvite!.link);
    const ben2 = await joined(app, benInvite!.link);
    expect(await texts(m2)).toEqual([joint1, caucusSecret, joint2, privateNote]);
    expect(await texts(ana2)).toEqual(before.ana);
    expect(await texts(ben2)).toEqual(before.ben);
    // Back in the caucus, Ana reads what was said there; Ben, who never was, does not even then.
    must(await m2.request('control:move', { participantIds: [anaInvite!.participantId, benInvite!.participantId], to: caucus }));
    expect(await texts(ana2)).toEqual([caucusSecret]);
    expect(await texts(ben2)).toEqual([privateNote]);
    expect(ben2.transcript()).not.toContain(caucusSecret);
    expect(ana2.transcript()).not.toContain(privateNote);

    // Kept for the live session only: when it ends, its chat leaves storage.
    expect((await app.ctx.stores.chat.recent(s.sessionId, 100)).length).toBe(4);
    must(await m2.request('control:endSession', {}));
    const deadline = Date.now() + 5000;
    while ((await app.ctx.stores.chat.recent(s.sessionId, 100)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await app.ctx.stores.chat.recent(s.sessionId, 100)).toEqual([]);
  });

  it('keeps a running countdown (same end and label, still expiring for its space) and an unanswered knock across a restart', async () => {
    app = await startTestServer();
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const m = await joined(app, s.mediator.link);
    const ana = await joined(app, s.invites[0]!.link);
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;
    must(await m.request('control:move', { participantIds: [s.invites[0]!.participantId], to: caucus }));
    must(await ana.request('knock:send', { message: 'We have a counter-offer' }));
    must(await m.request('control:setTimer', { space: 'joint', seconds: 8, label: 'Offer due' }));
    const set = (await m.waitFor('room:state', (v) => v.spaces.some((sp) => sp.id === 'joint' && sp.timerEndsAt !== null))).spaces.find((sp) => sp.id === 'joint')!;

    for (const c of clients.splice(0)) c.close();
    const dataDir = app.dataDir;
    await stopTestServer(app, { keepData: true });
    app = await startTestServer({ dataDir });

    const m2 = await joined(app, s.mediator.link);
    const view = must(await m2.request('session:join', {})).room;
    const joint = view.spaces.find((sp) => sp.id === 'joint')!;
    expect({ endsAt: joint.timerEndsAt, label: joint.timerLabel }).toEqual({ endsAt: set.timerEndsAt, label: 'Offer due' });
    expect((view.knocks ?? []).map((k) => [k.fromId, k.space, k.message])).toEqual([[s.invites[0]!.participantId, caucus, 'We have a counter-offer']]);
    const expired = await m2.waitFor('timer:expired', (e) => e.space === 'joint', 15_000);
    expect(expired.label).toBe('Offer due');
  });
});
