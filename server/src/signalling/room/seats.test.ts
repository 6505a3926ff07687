import { describe, expect, it } from 'vitest';
import { sessionSettingsSchema, type Role, type SpaceId } from '@mediation/shared';
import type { ParticipantRecord, SessionRecord } from '../../contracts.js';
import { RoomState, systemEnv, type RoomEnv } from './roomState.js';
import { parseSeats, SeatsSaver, type RoomSeats } from './seats.js';

const session = (waitingRoom: boolean): SessionRecord => ({ id: 'sess01', title: 'T', settings: sessionSettingsSchema.parse({ waitingRoom }), lobbyMessage: '', createdAt: 0, endedAt: null });
const person = (id: string, role: Role, revoked = false): ParticipantRecord => ({
  id, sessionId: 'sess01', displayName: id, role, side: null, plannedSpace: null, tokenId: `t-${id}`, token: 'x', expiresAt: 0, revoked, createdAt: 0,
});
const caucusIds = (...ids: SpaceId[]): RoomEnv => ({ ...systemEnv, newCaucusId: () => ids.shift()! });
const cast = () => [person('med001', 'mediator'), person('ana001', 'party'), person('lee001', 'attorney'), person('ben001', 'party'), person('olv001', 'observer')];

/** A room with the waiting room on: Ana and Lee admitted into a caucus, Ben admitted then put back
 * on hold, Olive still waiting (never admitted); then every connection drops (the node died). */
function liveRoom(): RoomState {
  const state = new RoomState(session(true), cast(), caucusIds('caucus:claim'));
  for (const id of ['med001', 'ana001', 'lee001', 'ben001', 'olv001']) expect(state.connect(id).ok).toBe(true);
  expect(state.createSpace('Claimant caucus').ok).toBe(true);
  expect(state.admit(['ana001', 'lee001', 'ben001']).ok).toBe(true);
  expect(state.move(['ana001', 'lee001'], 'caucus:claim').ok).toBe(true);
  expect(state.hold(['ben001']).ok).toBe(true);
  return state;
}

describe('room seats', () => {
  it('a room opened from the seats of a dead host seats everyone where they were, offline until they reconnect', () => {
    const before = liveRoom();
    const seats = parseSeats(JSON.stringify(before.seats()))!;
    expect(seats.caucuses).toEqual([{ id: 'caucus:claim', name: 'Claimant caucus' }]);

    const after = new RoomState(session(true), cast());
    after.restoreSeats(seats);
    expect(after.spaceList().map((s) => s.id)).toEqual(['lobby', 'joint', 'caucus:claim']);
    expect(after.space('caucus:claim')!.name).toBe('Claimant caucus');
    expect(after.online()).toEqual([]);
    const where = (id: string) => after.placementOnJoin(after.person(id)!);
    expect(where('med001')).toBe('joint');
    expect(where('ana001')).toBe('caucus:claim');
    expect(where('lee001')).toBe('caucus:claim');
    // Put back on hold stays on hold; never admitted still waits.
    expect(where('ben001')).toBe('lobby');
    expect(where('olv001')).toBe('lobby');
    // Reconnecting seats them for real.
    expect(after.connect('ana001')).toMatchObject({ ok: true, data: { space: 'caucus:claim' } });
    expect(after.membersOf('caucus:claim').map((p) => p.id)).toEqual(['ana001']);
  });

  it('keeps the countdowns still running, with their end and label; an expired or cancelled one is not kept', () => {
    const before = liveRoom();
    expect(before.setTimer('caucus:claim', 600, 'Offer due').ok).toBe(true);
    expect(before.setTimer('joint', 60, '').ok).toBe(true);
    const jointEnds = before.space('joint')!.timerEndsAt!;
    expect(before.expireTimer('joint', jointEnds)).not.toBeNull();
    const seats = parseSeats(JSON.stringify(before.seats()))!;
    const caucusEnds = before.space('caucus:claim')!.timerEndsAt!;
    expect(seats.timers).toEqual([{ space: 'caucus:claim', endsAt: caucusEnds, label: 'Offer due' }]);

    const after = new RoomState(session(true), cast());
    after.restoreSeats(seats);
    expect(after.runningTimers()).toEqual([{ space: 'caucus:claim', endsAt: caucusEnds }]);
    expect(after.space('caucus:claim')).toMatchObject({ timerEndsAt: caucusEnds, timerLabel: 'Offer due', timerExpired: false });
    // Seats saved before countdowns were kept read as having none.
    const old = parseSeats(JSON.stringify({ v: 1, caucuses: [], people: [] }))!;
    expect(old.timers).toEqual([]);
  });

  it('keeps a knock not yet answered, and brings it back only with its knocker in the seat it was made from', () => {
    const before = liveRoom();
    expect(before.knock('ana001', 'We have a counter-offer').ok).toBe(true);
    const seats = parseSeats(JSON.stringify(before.seats()))!;
    expect(seats.knocks.map((k) => [k.fromId, k.space, k.message])).toEqual([['ana001', 'caucus:claim', 'We have a counter-offer']]);

    const after = new RoomState(session(true), cast());
    after.restoreSeats(seats);
    expect(after.knockList().map((k) => [k.fromId, k.space, k.message])).toEqual([['ana001', 'caucus:claim', 'We have a counter-offer']]);
    // Her caucus not restored (she starts as a newcomer): the knock is not either.
    const elsewhere = new RoomState(session(true), cast());
    elsewhere.restoreSeats({ ...seats, caucuses: [] });
    expect(elsewhere.knockList()).toEqual([]);
  });

  it('skips seats of people no longer in the session and in caucuses not restored; never re-seats a live room', () => {
    const seats: RoomSeats = { v: 1, caucuses: [], people: [{ id: 'ana001', space: 'caucus:gone', admitted: true }, { id: 'ben001', space: 'joint', admitted: true }, { id: 'zzz001', space: 'joint', admitted: true }] };
    const state = new RoomState(session(true), [person('ana001', 'party'), person('ben001', 'party', true)]);
    const fresh = state.dump();
    state.restoreSeats(seats);
    // Ana's caucus is not there: she starts as a newcomer; Ben was removed; zzz is unknown.
    expect(state.dump()).toBe(fresh);

    const live = liveRoom();
    const ana = live.connect('ana001');
    expect(ana.ok).toBe(true);
    const dump = live.dump();
    live.restoreSeats({ v: 1, caucuses: [], people: [{ id: 'lee001', space: 'joint', admitted: true }] });
    expect(live.dump()).toBe(dump);
  });

  it('reads unreadable or foreign stored text as no seats', () => {
    expect(parseSeats(null)).toBeNull();
    expect(parseSeats('not json')).toBeNull();
    expect(parseSeats(JSON.stringify({ v: 2, caucuses: [], people: [] }))).toBeNull();
    expect(parseSeats(JSON.stringify({ v: 1, caucuses: [{ id: 'caucus:../x', name: 'x' }], people: [] }))).toBeNull();
  });

  it('the saver writes only changes, coalesces a burst to the latest, and clears after its last write when told', async () => {
    const writes: string[] = [];
    let release: () => void = () => {};
    const store = {
      saveRoomSeats: async (_id: string, text: string) => {
        writes.push(text);
        await new Promise<void>((r) => (release = r));
      },
      clearRoomSeats: async () => void writes.push('cleared'),
    };
    const saver = new SeatsSaver('sess01', store, { warn: () => {} });
    const s = (n: number): RoomSeats => ({ v: 1, caucuses: [], people: [{ id: 'ana001', space: 'joint', admitted: n > 0 }] });
    saver.known(s(0));
    saver.offer(s(0));
    expect(writes).toEqual([]);
    saver.offer(s(1));
    saver.offer(s(0));
    saver.offer(s(1));
    saver.offer(s(2));
    expect(writes).toHaveLength(1);
    release();
    await new Promise((r) => setImmediate(r));
    // The burst after the first write became one write of the latest seats.
    expect(writes).toHaveLength(2);
    const stopped = saver.stop(true);
    release();
    await stopped;
    expect(writes.at(-1)).toBe('cleared');
    saver.offer(s(3));
    expect(writes).toHaveLength(3);
  });
});
