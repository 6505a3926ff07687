/**
 * A move sends each person concerned exactly one `media:consumers` (closed, then created), however
 * many consumers change, and before the room view that shows the move; the created ones resume in
 * one request. Real socket.io and mediasoup; the wire is read as it came (`wire`), not as the test
 * client's per-consumer reading of it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { JOINT, type CreateSessionResponse } from '@mediation/shared';
import { createTestSession, INVITE, type TestServer } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { joinWithMedia, must, type Received, type TestClient } from '../helpers/socketClient.js';
import { poll } from '../helpers/browser.js';

const fx = useRoomServer();
let app: TestServer;
beforeAll(() => void (app = fx.app));

type Batch = { closed: string[]; created: Array<{ consumerId: string; participantId: string }> };
const batches = (c: TestClient, since: number) => c.wire.slice(since).filter((r) => r.event === 'media:consumers');
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

describe('a move', () => {
  let s: CreateSessionResponse;
  it('closes and creates everything for the mover in one message, closed first, before the room view, and resumes in one request', async () => {
    s = await createTestSession(app, { settings: { waitingRoom: false }, invites: [INVITE.ana, INVITE.ben, INVITE.lee, INVITE.kim] });
    const [m, ana, ben, lee, kim] = await Promise.all([s.mediator.link, ...s.invites.map((i) => i.link)].map((l) => fx.open(l)));
    for (const c of [m!, ana!, ben!, lee!, kim!]) await joinWithMedia(c);
    const id = (i: number) => s.invites[i]!.participantId;
    const caucus = must(await m!.request('control:createSpace', { name: 'Claimant caucus' })).space;
    // Lee and Kim wait in the caucus; Ana, Ben and the mediator stay in joint.
    must(await m!.request('control:move', { participantIds: [id(2), id(3)], to: caucus }));
    await settle(500);

    const since = ana!.wire.length;
    const benSince = ben!.wire.length;
    must(await m!.request('control:move', { participantIds: [id(0)], to: caucus }));
    await poll(async () => (batches(ana!, since).length > 0 ? true : undefined), { what: 'the mover’s message' });
    await settle();
    const mine = batches(ana!, since);
    expect(mine).toHaveLength(1);
    const batch = mine[0]!.payload as Batch;
    // Ana had audio+video of Ben and of the mediator (4) and gets audio+video of Lee and Kim (4).
    expect(batch.closed).toHaveLength(4);
    expect(batch.created).toHaveLength(4);
    expect(new Set(batch.created.map((c) => c.participantId))).toEqual(new Set([id(2), id(3)]));
    // The media message comes before the view that shows her in the caucus.
    const viewAt = ana!.wire.slice(since).findIndex((r: Received) => r.event === 'room:state' && (r.payload as { self: { space: string } }).self.space === caucus);
    const batchAt = ana!.wire.slice(since).findIndex((r) => r.event === 'media:consumers');
    expect(batchAt).toBeGreaterThanOrEqual(0);
    expect(batchAt).toBeLessThan(viewAt);
    // Those left behind get one message listing only what closed; nothing is created for them.
    const left = batches(ben!, benSince);
    expect(left).toHaveLength(1);
    expect((left[0]!.payload as Batch).closed).toHaveLength(2);
    expect((left[0]!.payload as Batch).created).toEqual([]);
    const resumed = must(await ana!.request('media:resumeConsumers', { consumerIds: batch.created.map((c) => c.consumerId) }));
    expect(resumed.resumed).toHaveLength(4);
    // Someone else's consumer ids refuse the whole request.
    const benBatch = (await poll(async () => (ben!.wire.find((r) => r.event === 'media:consumers' && (r.payload as Batch).created.length > 0)?.payload as Batch | undefined), { what: 'a consumer of Ben' }));
    expect(await ana!.request('media:resumeConsumers', { consumerIds: [batch.created[0]!.consumerId, benBatch.created[0]!.consumerId] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    must(await m!.request('control:move', { participantIds: [id(0)], to: JOINT }));
  });
});
