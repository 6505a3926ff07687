import { describe, expect, it } from 'vitest';
import type { ParticipantView, RoomView, SpaceView } from '@mediation/shared';
import { membersOf, notHereYet, pruneSelection, towerSpaces } from './spaces';

const space = (id: SpaceView['id'], name: string): SpaceView => ({ id, name, memberIds: [], timerEndsAt: null, timerLabel: null, mediatorPresent: false });
const p = (id: string, whereabouts: ParticipantView['whereabouts'], online = true): ParticipantView => ({ id, displayName: id, role: 'party', side: null, online, whereabouts });

const room = (spaces: SpaceView[], participants: ParticipantView[]): RoomView => ({
  sessionId: 'sess01',
  title: 't',
  self: { id: 'med001', displayName: 'M', role: 'mediator', side: null, space: 'joint' },
  settings: { waitingRoom: true, allowRoaming: false, partiesEditAgreement: false, capacity: 12, keepCaptions: false },
  lobbyMessage: '',
  participants,
  spaces,
  endedAt: null,
});

describe('towerSpaces', () => {
  it('orders waiting room, joint, then caucuses', () => {
    const r = room([space('caucus:aaaa', 'A'), space('joint', 'Joint'), space('lobby', 'Lobby')], []);
    expect(towerSpaces(r).map((s) => s.id)).toEqual(['lobby', 'joint', 'caucus:aaaa']);
  });
  it('adds a waiting room card when the server lists none, with the people waiting in it', () => {
    const r = room([space('joint', 'Joint')], [p('ana001', 'lobby'), p('ben001', 'joint')]);
    const spaces = towerSpaces(r);
    expect(spaces[0]?.id).toBe('lobby');
    expect(spaces[0]?.memberIds).toEqual(['ana001']);
  });
});

describe('membership', () => {
  it('lists online people by the space they are in', () => {
    const r = room([], [p('ana001', 'joint'), p('ben001', 'caucus:aaaa'), p('cat001', 'joint', false)]);
    expect(membersOf(r, 'joint').map((x) => x.id)).toEqual(['ana001']);
  });
  it('lists invited people who are offline as not here yet, never the mediator', () => {
    const r = room([], [p('ana001', 'offline', false), p('med001', 'offline', false), p('ben001', 'joint')]);
    expect(notHereYet(r).map((x) => x.id)).toEqual(['ana001']);
  });
  it('prunes a selection of people who left', () => {
    const r = room([], [p('ana001', 'joint'), p('ben001', 'offline', false)]);
    expect([...pruneSelection(new Set(['ana001', 'ben001', 'zzz001']), r)]).toEqual(['ana001']);
  });
});
