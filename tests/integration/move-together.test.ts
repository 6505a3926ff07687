/**
 * People moved together keep their consumers of each other (no new consumers, no interruption),
 * and a consumer is kept only when both its ends end the move in the same space: everything
 * between a mover and someone elsewhere closes before the acknowledgement, as for a lone mover.
 * Checked on the mediasoup worker itself (which transport holds each consumer, whose producer it
 * reads), not in our own bookkeeping; real socket.io clients and mediasoup.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { JOINT, type CreateSessionResponse } from '@mediation/shared';
import { consumersByProducer, roomOf } from '../helpers/mediaDump.js';
import { createTestSession, INVITE, type TestServer } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { joinWithMedia, must, type TestClient } from '../helpers/socketClient.js';
import { poll } from '../helpers/browser.js';

const fx = useRoomServer();
let app: TestServer;
beforeAll(() => void (app = fx.app));

type Batch = { closed: string[]; created: Array<{ consumerId: string; participantId: string }> };
const batches = (c: TestClient, since: number) => c.wire.slice(since).filter((r) => r.event === 'media:consumers').map((r) => r.payload as Batch);

/** Every consumer on the worker as (holder, owner) participant ids: the holder from the receiving
 * transport's own dump, the owner from the router's producer → consumers map. */
async function workerConsumers(s: CreateSessionResponse, producersOf: Map<string, string[]>): Promise<Map<string, { holder: string; owner: string }>> {
  const room = roomOf(app, s.sessionId);
  const ownerOfProducer = new Map([...producersOf].flatMap(([pid, ids]) => ids.map((id) => [id, pid] as const)));
  const owners = new Map<string, string>();
  for (const [producerId, consumerIds] of await consumersByProducer(app, s.sessionId)) for (const c of consumerIds) owners.set(c, ownerOfProducer.get(producerId) ?? `unknown producer ${producerId}`);
  const out = new Map<string, { holder: string; owner: string }>();
  for (const m of room.members.values()) {
    const recv = m.media.recvTransport;
    if (!recv) continue;
    const dump = (await recv.dump()) as unknown as { consumerIds: string[] };
    for (const c of dump.consumerIds) out.set(c, { holder: m.participantId, owner: owners.get(c) ?? 'no producer' });
  }
  expect(out.size).toBe(owners.size);
  return out;
}

/** Every consumer on the worker joins two people in the same space (the isolation promise). */
function expectSameSpace(s: CreateSessionResponse, consumers: Map<string, { holder: string; owner: string }>): void {
  const state = roomOf(app, s.sessionId).state;
  const across = [...consumers].filter(([, x]) => state.person(x.holder)?.space !== state.person(x.owner)?.space);
  expect(across.map(([c, x]) => `${c}: ${x.holder}@${state.person(x.holder)?.space} receives ${x.owner}@${state.person(x.owner)?.space}`)).toEqual([]);
}

const between = (consumers: Map<string, { holder: string; owner: string }>, a: string, b: string) =>
  [...consumers].filter(([, x]) => (x.holder === a && x.owner === b) || (x.holder === b && x.owner === a)).map(([id]) => id).sort();

/** The mediator and four people in joint, each sending audio and video. */
async function fiveInJoint() {
    const s = await createTestSession(app, { settings: { waitingRoom: false }, invites: [INVITE.ana, INVITE.lee, INVITE.ben, INVITE.kim] });
    const [m, ana, lee, ben, kim] = await Promise.all([s.mediator.link, ...s.invites.map((i) => i.link)].map((l) => fx.open(l)));
    const id = { m: s.mediator.participantId, ana: s.invites[0]!.participantId, lee: s.invites[1]!.participantId, ben: s.invites[2]!.participantId, kim: s.invites[3]!.participantId };
    const producersOf = new Map<string, string[]>();
    for (const [pid, c] of [[id.m, m], [id.ana, ana], [id.lee, lee], [id.ben, ben], [id.kim, kim]] as const) producersOf.set(pid, (await joinWithMedia(c!)).producers);
  return { s, m, ana, id, producersOf };
}

describe('moving people together', () => {
  it('keeps their consumers of each other and closes everything else of theirs, on the worker, before the ack', async () => {
    const { s, m, ana, id, producersOf } = await fiveInJoint();
    // Five people in joint, everyone receiving everyone: 5 × 4 × 2 consumers.
    await poll(async () => ((await workerConsumers(s, producersOf)).size === 40 ? true : undefined), { what: 'every consumer in joint' });
    const before = await workerConsumers(s, producersOf);
    const anaLee = between(before, id.ana, id.lee);
    expect(anaLee).toHaveLength(4);

    // Ana and her attorney go to a caucus together.
    const caucus = must(await m!.request('control:createSpace', { name: 'Claimant caucus' })).space;
    const anaSince = ana!.wire.length;
    const mSince = m!.wire.length;
    must(await m!.request('control:move', { participantIds: [id.ana, id.lee], to: caucus }));
    const atAck = await workerConsumers(s, producersOf);
    expectSameSpace(s, atAck);
    // Their four consumers of each other are the same ones, still there; nothing of the joint
    // room reaches them and nothing of theirs reaches the joint room.
    expect(between(atAck, id.ana, id.lee)).toEqual(anaLee);
    for (const other of [id.m, id.ben, id.kim]) {
      expect(between(atAck, id.ana, other)).toEqual([]);
      expect(between(atAck, id.lee, other)).toEqual([]);
    }
    expect(atAck.size).toBe(4 + 3 * 2 * 2);
    // Ana is told once: what closed (the joint room's three people), nothing created, and the
    // kept ones are in neither list.
    await poll(async () => (batches(ana!, anaSince).length > 0 ? true : undefined), { what: 'Ana’s media message' });
    const anaBatch = batches(ana!, anaSince);
    expect(anaBatch).toHaveLength(1);
    expect(anaBatch[0]!.closed).toHaveLength(6);
    expect(anaBatch[0]!.created).toEqual([]);
    for (const kept of anaLee) expect(anaBatch[0]!.closed).not.toContain(kept);
    // The mediator, left behind, loses the four consumers of the two of them.
    await poll(async () => (batches(m!, mSince).length > 0 ? true : undefined), { what: 'the mediator’s media message' });
    expect(batches(m!, mSince).flatMap((b) => b.closed)).toHaveLength(4);

    // Lee goes back to joint alone: what he shared with Ana closes; Ana is alone in the caucus.
    const anaSince2 = ana!.wire.length;
    must(await m!.request('control:move', { participantIds: [id.lee], to: JOINT }));
    const leeBack = await workerConsumers(s, producersOf);
    expectSameSpace(s, leeBack);
    expect(between(leeBack, id.ana, id.lee)).toEqual([]);
    expect([...leeBack.values()].filter((x) => x.holder === id.ana || x.owner === id.ana)).toEqual([]);
    await poll(async () => (batches(ana!, anaSince2).length > 0 ? true : undefined), { what: 'Ana’s second media message' });
    expect(batches(ana!, anaSince2).flatMap((b) => b.closed).sort()).toEqual(anaLee.filter((c) => before.get(c)!.holder === id.ana).sort());
  });

  it('keeps nothing between two people who move together from different spaces, nor with anyone they leave', async () => {
    const { s, m, id, producersOf } = await fiveInJoint();
    await poll(async () => ((await workerConsumers(s, producersOf)).size === 40 ? true : undefined), { what: 'every consumer in joint' });
    const first = must(await m!.request('control:createSpace', { name: 'Claimant caucus' })).space;
    const second = must(await m!.request('control:createSpace', { name: 'Side room' })).space;
    must(await m!.request('control:move', { participantIds: [id.ana, id.lee], to: first }));
    const inFirst = between(await workerConsumers(s, producersOf), id.ana, id.lee);
    expect(inFirst).toHaveLength(4);

    // Lee (from the caucus) and Ben (from joint) go to a side room in one move: Lee's consumers
    // of Ana close (she stays), Ben's of the joint room close, and Lee and Ben get new ones of
    // each other (they shared no space before).
    must(await m!.request('control:move', { participantIds: [id.lee, id.ben], to: second }));
    const atAck = await workerConsumers(s, producersOf);
    expectSameSpace(s, atAck);
    expect(between(atAck, id.ana, id.lee)).toEqual([]);
    for (const other of [id.m, id.kim, id.ana]) expect(between(atAck, id.ben, other)).toEqual([]);
    const leeBen = await poll(async () => {
      const ids = between(await workerConsumers(s, producersOf), id.lee, id.ben);
      return ids.length === 4 ? ids : undefined;
    }, { what: 'Lee and Ben’s new consumers' });
    for (const c of leeBen) expect(inFirst).not.toContain(c);

    // All back to joint at once: the side room's pair keeps theirs, everyone gets the rest.
    must(await m!.request('control:allToJoint', {}));
    const joint = await workerConsumers(s, producersOf);
    expectSameSpace(s, joint);
    expect(between(joint, id.lee, id.ben)).toEqual(leeBen);
    await poll(async () => ((await workerConsumers(s, producersOf)).size === 40 ? true : undefined), { what: 'every consumer in joint again' });
  });
});
