import { describe, expect, it } from 'vitest';
import { sessionSettingsSchema } from './domain.js';
import { projectRoom, type ParticipantSnapshot, type RoomSnapshot } from './projection.js';

const person = (id: string, role: ParticipantSnapshot['role'], space: ParticipantSnapshot['space'], side: string | null = null): ParticipantSnapshot => ({
  id, displayName: id, role, side, space, online: true, audioMuted: false, videoMuted: false, handRaised: false,
});

const room: RoomSnapshot = {
  sessionId: 'sess_123456',
  title: 'Smith v. Jones',
  settings: sessionSettingsSchema.parse({}),
  lobbyMessage: 'Please wait',
  participants: [
    person('mediator1', 'mediator', 'caucus:claim'),
    person('claimant1', 'party', 'caucus:claim', 'Claimant'),
    person('respond1', 'party', 'joint', 'Respondent'),
    person('waiting1', 'party', 'lobby', 'Respondent'),
  ],
  spaces: [
    { id: 'lobby', name: 'Waiting room', timerEndsAt: null, timerLabel: null, talking: false, mediatorLastVisitAt: null },
    { id: 'joint', name: 'Joint session', timerEndsAt: null, timerLabel: null, talking: true, mediatorLastVisitAt: 1 },
    { id: 'caucus:claim', name: 'Claimant caucus', timerEndsAt: 99, timerLabel: 'Consider offer', talking: false, mediatorLastVisitAt: 2 },
  ],
  knocks: [{ id: 'k1', fromId: 'claimant1', fromName: 'claimant1', space: 'caucus:claim', message: 'help', at: 1 }],
  endedAt: null,
};

describe('projectRoom', () => {
  it('shows a party in joint only that the other side is "in a caucus"', () => {
    const v = projectRoom(room, 'respond1')!;
    const claimant = v.participants.find((p) => p.id === 'claimant1')!;
    expect(claimant.whereabouts).toBe('caucus');
    expect(claimant.audioMuted).toBeUndefined();
    expect(v.spaces.map((s) => s.id)).toEqual(['joint']);
    expect(JSON.stringify(v)).not.toContain('caucus:claim');
    expect(JSON.stringify(v)).not.toContain('Consider offer');
    expect(v.knocks).toBeUndefined();
  });

  it('shows a waiting person no one but themselves', () => {
    const v = projectRoom(room, 'waiting1')!;
    expect(v.participants.map((p) => p.id)).toEqual(['waiting1']);
    expect(v.spaces).toEqual([]);
    expect(v.lobbyMessage).toBe('Please wait');
  });

  it('shows mediators every space, its activity and the knock queue', () => {
    const v = projectRoom(room, 'mediator1')!;
    expect(v.spaces.map((s) => s.id)).toEqual(['lobby', 'joint', 'caucus:claim']);
    expect(v.spaces.find((s) => s.id === 'joint')!.talking).toBe(true);
    expect(v.knocks).toHaveLength(1);
  });

  it('shows caucus members their own caucus with its timer and the mediator present', () => {
    const v = projectRoom(room, 'claimant1')!;
    const c = v.spaces.find((s) => s.id === 'caucus:claim')!;
    expect(c.timerLabel).toBe('Consider offer');
    expect(c.mediatorPresent).toBe(true);
    expect(c.talking).toBeUndefined();
  });

  it('returns null for someone not in the room', () => {
    expect(projectRoom(room, 'stranger')).toBeNull();
  });
});
