import { describe, expect, it } from 'vitest';
import { sessionSettingsSchema, type Role } from '@mediation/shared';
import type { ParticipantRecord, SessionRecord } from '../../contracts.js';
import { RoomState } from './roomState.js';

const session = (waitingRoom: boolean): SessionRecord => ({ id: 'sess01', title: 'T', settings: sessionSettingsSchema.parse({ waitingRoom }), lobbyMessage: '', createdAt: 0, endedAt: null });
const person = (id: string, role: Role, plannedSpace: ParticipantRecord['plannedSpace'] = null, revoked = false): ParticipantRecord => ({
  id, sessionId: 'sess01', displayName: id, role, side: null, plannedSpace, tokenId: `t-${id}`, token: 'x', expiresAt: 0, revoked, createdAt: 0,
});

describe('RoomState', () => {
  it('places mediators in joint, newcomers in the waiting room, and admitted people back where they were', () => {
    const state = new RoomState(session(true), [person('med001', 'mediator'), person('ana001', 'party')]);
    expect(state.placementOnJoin(state.person('med001')!)).toBe('joint');
    const ana = state.person('ana001')!;
    expect(state.placementOnJoin(ana)).toBe('lobby');
    state.spaces.set('caucus:abcd', { id: 'caucus:abcd', name: 'A', timerEndsAt: null, timerLabel: null, talking: false, mediatorLastVisitAt: null });
    ana.admitted = true;
    ana.space = 'caucus:abcd';
    expect(state.placementOnJoin(ana)).toBe('caucus:abcd');
    state.spaces.delete('caucus:abcd');
    expect(state.placementOnJoin(ana)).toBe('joint');
  });

  it('admits to the planned caucus only while it exists, and skips the waiting room when it is off', () => {
    const state = new RoomState(session(false), [person('ana001', 'party', 'caucus:plan')]);
    const ana = state.person('ana001')!;
    expect(state.admissionTarget(ana)).toBe('joint');
    state.spaces.set('caucus:plan', { id: 'caucus:plan', name: 'P', timerEndsAt: null, timerLabel: null, talking: false, mediatorLastVisitAt: null });
    expect(state.admissionTarget(ana)).toBe('caucus:plan');
    expect(state.placementOnJoin(ana)).toBe('caucus:plan');
  });

  it('leaves revoked people out of the snapshot', () => {
    const state = new RoomState(session(true), [person('ana001', 'party'), person('ben001', 'party', null, true)]);
    expect(state.snapshot().participants.map((p) => p.id)).toEqual(['ana001']);
    expect(state.person('ben001')).toBeUndefined();
  });
});
