import { describe, expect, it } from 'vitest';
import type { ChatMessage, Knock, ParticipantView, RoomView, SpaceId } from '@mediation/shared';
import { initialRoomState, type RoomState } from './state';
import { movedBetween, reduceRoom, type RoomEvent } from './reducer';
import type { RemoteTrack } from '../media/mediaSession';

const person = (id: string, whereabouts: SpaceId, role: ParticipantView['role'] = 'party'): ParticipantView => ({ id, displayName: id, role, side: 'A', online: true, whereabouts });

function roomIn(space: SpaceId, others: ParticipantView[] = [], role: ParticipantView['role'] = 'party'): RoomView {
  return {
    sessionId: 'sess_000001',
    title: 'T',
    self: { id: 'me0001', displayName: 'Me', role, side: 'A', space },
    settings: {} as RoomView['settings'],
    lobbyMessage: '',
    participants: [person('me0001', space, role), ...others],
    spaces: [],
    endedAt: null,
  } as RoomView;
}

const msg = (id: string, at: number): ChatMessage => ({ id, thread: 'joint', fromId: 'ana001', fromName: 'Ana', fromRole: 'party', text: id, at });
const track = (participantId: string): RemoteTrack => ({ consumerId: `c-${participantId}`, participantId, kind: 'audio', source: 'mic', track: {} as MediaStreamTrack, paused: false });
const knock: Knock = { id: 'k1', fromId: 'me0001', fromName: 'Me', space: 'caucus:aaaa', message: 'a word?', at: 1 };

/** A connected person in `space`, with live signals of that space in the state. */
function live(space: SpaceId, role: ParticipantView['role'] = 'party'): RoomState {
  const room = roomIn(space, [person('ana001', space), person('ben001', space)], role);
  return {
    ...initialRoomState(null),
    connection: { kind: 'connected' },
    socketId: 'sock1',
    room,
    remote: [track('ana001')],
    speaking: ['ana001'],
    typing: ['ben001'],
    expiredTimer: { space, label: 'Break' },
  };
}

const run = (state: RoomState, ...events: RoomEvent[]) => events.reduce(reduceRoom, state);

describe('room:state', () => {
  it('takes the first room as it comes, without treating it as a move', () => {
    const s = run(initialRoomState(null), { event: 'room:state', payload: roomIn('joint') });
    expect(s.room?.self.space).toBe('joint');
    expect(movedBetween(initialRoomState(null), s)).toBe(false);
  });

  it('on a move drops what was live in the old space: speakers, typers, its expired timer', () => {
    const before = live('joint');
    const after = reduceRoom(before, { event: 'room:state', payload: roomIn('caucus:aaaa', [person('ana001', 'joint')]) });
    expect(after.speaking).toEqual([]);
    expect(after.typing).toEqual([]);
    expect(after.expiredTimer).toBeNull();
    expect(movedBetween(before, after)).toBe(true);
    // Media belongs to the session, which rebuilds consumers; a move between rooms keeps the list.
    expect(after.remote).toHaveLength(1);
  });

  it('puts a party sent to the waiting room on hold: no remote media, and their knock is dropped', () => {
    const after = reduceRoom({ ...live('caucus:aaaa'), myKnock: knock }, { event: 'room:state', payload: roomIn('lobby') });
    expect(after.remote).toEqual([]);
    expect(after.myKnock).toBeNull();
  });

  it('moves a knock with its knocker to another room', () => {
    const after = reduceRoom({ ...live('caucus:aaaa'), myKnock: knock }, { event: 'room:state', payload: roomIn('caucus:bbbb') });
    expect(after.myKnock).toEqual({ ...knock, space: 'caucus:bbbb' });
  });

  it('keeps a mediator’s media in the waiting room (mediators admit from there)', () => {
    const after = reduceRoom(live('joint', 'mediator'), { event: 'room:state', payload: roomIn('lobby', [], 'mediator') });
    expect(after.remote).toHaveLength(1);
  });

  it('without a move keeps speakers and drops typers who left the space', () => {
    const before = live('joint');
    const after = reduceRoom(before, { event: 'room:state', payload: roomIn('joint', [person('ana001', 'joint'), person('ben001', 'caucus:aaaa')]) });
    expect(after.speaking).toEqual(['ana001']);
    expect(after.typing).toEqual([]);
    expect(after.expiredTimer).toEqual(before.expiredTimer);
  });
});

describe('session:closed', () => {
  it.each(['removed', 'ended', 'revoked', 'replaced', 'linkReplaced'] as const)('closes for good when %s, with the server’s words, and drops live signals', (reason) => {
    const after = reduceRoom(live('joint'), { event: 'session:closed', payload: { reason, message: `why: ${reason}` } });
    expect(after.connection).toEqual({ kind: 'closed', reason, message: `why: ${reason}` });
    expect(after.socketId).toBeNull();
    expect(after.remote).toEqual([]);
    expect(after.speaking).toEqual([]);
    expect(after.typing).toEqual([]);
    // What was said stays readable on the closing page's way out.
    expect(after.room).not.toBeNull();
  });
});

describe('chat', () => {
  it('merges live messages and history in time order without duplicates', () => {
    const s = run(
      initialRoomState(null),
      { event: 'chat:message', payload: msg('b', 2) },
      { event: 'chat:history', payload: { messages: [msg('a', 1), msg('b', 2)] } },
      { event: 'chat:message', payload: msg('c', 3) },
    );
    expect(s.chat.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('returns the same state for a message already shown (nobody is re-rendered)', () => {
    const s = reduceRoom(initialRoomState(null), { event: 'chat:message', payload: msg('a', 1) });
    expect(reduceRoom(s, { event: 'chat:message', payload: msg('a', 1) })).toBe(s);
    expect(reduceRoom(s, { event: 'chat:history', payload: { messages: [msg('a', 1)] } })).toBe(s);
  });
});

describe('typing', () => {
  it('adds and removes typers; repeating either is no change', () => {
    const a = reduceRoom(initialRoomState(null), { event: 'typing:update', payload: { participantId: 'ana001', active: true } });
    expect(a.typing).toEqual(['ana001']);
    expect(reduceRoom(a, { event: 'typing:update', payload: { participantId: 'ana001', active: true } })).toBe(a);
    const b = reduceRoom(a, { event: 'typing:update', payload: { participantId: 'ana001', active: false } });
    expect(b.typing).toEqual([]);
    expect(reduceRoom(b, { event: 'typing:update', payload: { participantId: 'ana001', active: false } })).toBe(b);
  });
});

describe('speaking', () => {
  it('replaces the speakers, and an unchanged list is no change', () => {
    const s = reduceRoom(live('joint'), { event: 'media:speaking', payload: { participantIds: ['ben001'] } });
    expect(s.speaking).toEqual(['ben001']);
    expect(reduceRoom(s, { event: 'media:speaking', payload: { participantIds: ['ben001'] } })).toBe(s);
    expect(reduceRoom(s, { event: 'media:speaking', payload: { participantIds: [] } }).speaking).toEqual([]);
  });
});

describe('broadcasts', () => {
  it('queues each broadcast with its own id, even after one is dismissed', () => {
    const b = { text: 'Five minutes', fromName: 'Mo', at: 1, to: 'everyone' };
    const one = run(initialRoomState(null), { event: 'broadcast:message', payload: b }, { event: 'broadcast:message', payload: { ...b, text: 'Back now' } });
    expect(one.broadcasts.map((x) => [x.id, x.text])).toEqual([[1, 'Five minutes'], [2, 'Back now']]);
    const dismissed = { ...one, broadcasts: one.broadcasts.filter((x) => x.id !== 2) };
    expect(reduceRoom(dismissed, { event: 'broadcast:message', payload: b }).broadcasts.map((x) => x.id)).toEqual([1, 3]);
  });
});

describe('knocks and timers', () => {
  it('an answered knock is no longer pending and its answer is shown', () => {
    const answer = { knockId: 'k1', reply: 'Coming', byName: 'Mo' };
    const s = reduceRoom({ ...live('caucus:aaaa'), myKnock: knock }, { event: 'knock:answered', payload: answer });
    expect(s.myKnock).toBeNull();
    expect(s.knockAnswer).toEqual(answer);
  });
  it('records the expired timer', () => {
    expect(reduceRoom(initialRoomState(null), { event: 'timer:expired', payload: { space: 'joint', label: null } }).expiredTimer).toEqual({ space: 'joint', label: null });
  });
});

describe('notifications handled outside the state', () => {
  it.each<RoomEvent>([
    { event: 'media:newConsumer', payload: { consumerId: 'c', producerId: 'p', participantId: 'ana001', kind: 'audio', source: 'mic', rtpParameters: {}, producerPaused: false } },
    { event: 'media:consumerClosed', payload: { consumerId: 'c' } },
    { event: 'media:consumerPaused', payload: { consumerId: 'c' } },
    { event: 'media:consumerResumed', payload: { consumerId: 'c' } },
    { event: 'agreement:changed', payload: { sessionId: 'sess_000001', what: 'signoffs', at: 1 } },
  ])('$event leaves the state as it is', (e) => {
    const s = live('joint');
    expect(reduceRoom(s, e)).toBe(s);
  });
});
