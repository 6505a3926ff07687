import { describe, expect, it } from 'vitest';
import { sessionSettingsSchema, type Role, type SpaceId } from '@mediation/shared';
import type { ParticipantRecord, SessionRecord } from '../../contracts.js';
import { RoomState, systemEnv, type RoomEnv } from './roomState.js';

const session = (waitingRoom: boolean): SessionRecord => ({ id: 'sess01', title: 'T', settings: sessionSettingsSchema.parse({ waitingRoom }), lobbyMessage: '', createdAt: 0, endedAt: null });
const person = (id: string, role: Role, plannedSpace: ParticipantRecord['plannedSpace'] = null, revoked = false): ParticipantRecord => ({
  id, sessionId: 'sess01', displayName: id, role, side: null, plannedSpace, tokenId: `t-${id}`, token: 'x', expiresAt: 0, revoked, createdAt: 0,
});
/** Caucuses get these ids, in order. */
const caucusIds = (...ids: SpaceId[]): RoomEnv => ({ ...systemEnv, newCaucusId: () => ids.shift()! });

describe('RoomState', () => {
  it('places mediators in joint, newcomers in the waiting room, and admitted people back where they were', () => {
    const state = new RoomState(session(true), [person('med001', 'mediator'), person('ana001', 'party')], caucusIds('caucus:abcd'));
    expect(state.placementOnJoin(state.person('med001')!)).toBe('joint');
    const ana = state.person('ana001')!;
    expect(state.placementOnJoin(ana)).toBe('lobby');
    expect(state.createSpace('A').ok).toBe(true);
    expect(state.move(['ana001'], 'caucus:abcd').ok).toBe(true);
    expect(state.placementOnJoin(ana)).toBe('caucus:abcd');
    expect(state.closeSpace('caucus:abcd', 'joint').ok).toBe(true);
    expect(state.placementOnJoin(ana)).toBe('joint');
  });

  it('admits to the planned caucus only while it exists, and skips the waiting room when it is off', () => {
    const state = new RoomState(session(false), [person('ana001', 'party', 'caucus:plan')], caucusIds('caucus:plan'));
    const ana = state.person('ana001')!;
    expect(state.admissionTarget(ana)).toBe('joint');
    expect(state.createSpace('P').ok).toBe(true);
    expect(state.admissionTarget(ana)).toBe('caucus:plan');
    expect(state.placementOnJoin(ana)).toBe('caucus:plan');
  });

  it('leaves revoked people out of the snapshot', () => {
    const state = new RoomState(session(true), [person('ana001', 'party'), person('ben001', 'party', null, true)]);
    expect(state.snapshot().participants.map((p) => p.id)).toEqual(['ana001']);
    expect(state.person('ben001')).toBeUndefined();
  });
});
