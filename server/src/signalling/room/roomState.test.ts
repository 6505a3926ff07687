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

describe('RoomState: remove and end exist once', () => {
  const everyone = () => [person('med001', 'mediator'), person('ana001', 'party', 'caucus:plan'), person('ben001', 'party')];
  const live = () => {
    const state = new RoomState(session(false), everyone(), caucusIds('caucus:plan'));
    for (const id of ['med001', 'ana001', 'ben001']) expect(state.connect(id).ok).toBe(true);
    return state;
  };

  it('removes everything that was the person’s: knock, raised hand, planned caucus, name correction', () => {
    const state = live();
    expect(state.knock('ana001', 'please come').ok).toBe(true);
    expect(state.setHand('ana001', true).ok).toBe(true);
    expect(state.proposeName('ana001', 'Ana María', () => false).ok).toBe(true);
    state.disconnect('ana001');
    const removal = state.remove('ana001');
    expect(removal?.droppedKnocks.map((k) => k.fromId)).toEqual(['ana001']);
    expect(state.knockList()).toEqual([]);
    expect(state.person('ana001')).toBeUndefined();
    expect(state.snapshot().participants.map((p) => p.id)).toEqual(['med001', 'ben001']);
    // A second removal (the mediator's remove, then the revocation it causes) finds nobody.
    expect(state.remove('ana001')).toBeNull();
    expect(state.mayConnect('ana001')).toMatchObject({ ok: false, error: { code: 'TOKEN_REVOKED' } });
  });

  it('after the end refuses every command and changes nothing; a connection may still go away', () => {
    const state = live();
    expect(state.knock('ben001', '').ok).toBe(true);
    const ended = state.end();
    expect(ended.ok && ended.data.session).toEqual({ endedAt: expect.any(Number) });
    expect(state.knockList()).toEqual([]);
    const before = state.dump();
    const refusals = [
      state.end(), state.admit('all'), state.hold(['ben001']), state.move(['ben001'], 'joint'), state.allToJoint(), state.enter('med001', 'joint'),
      state.createSpace('C'), state.renameSpace('joint', 'J'), state.closeSpace('caucus:x', 'joint'), state.setTimer('joint', 60, ''),
      state.knock('ben001', ''), state.answerKnock('med001', 'k', true), state.setHand('ben001', true), state.say('ben001', { kind: 'space' }, 'hi'),
      state.setLobbyMessage('x'), state.updateSettings({ waitingRoom: true }), state.planAssignment('ben001', null),
      state.proposeName('ben001', 'Benjamin', () => false), state.answerNameProposal('ben001', true, () => false), state.renameParticipant('mediator', 'ben001', 'B', () => false),
      state.mayConnect('ben001'), state.connect('ben001'),
    ];
    for (const r of refusals) expect(r).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    expect(state.addPerson(person('new001', 'party'))).toBe(false);
    expect(state.setMuted('ben001', 'mic', false)).toBe(false);
    expect(state.dump()).toBe(before);
    expect(state.disconnect('ben001')).toEqual({ participantId: 'ben001', from: 'joint' });
  });
});
