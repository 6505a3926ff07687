import { describe, expect, it } from 'vitest';
import type { ParticipantView, RoomView } from '@mediation/shared';
import { freshAlerts, mediatorAlerts, titleWithCount } from './alerts';

const person = (id: string, displayName: string, whereabouts: string, extra: Partial<ParticipantView> = {}): ParticipantView =>
  ({ id, displayName, role: 'party', side: 'Claimant', online: true, whereabouts, ...extra }) as ParticipantView;

const room = (role: 'mediator' | 'party', extra: Partial<RoomView> = {}): RoomView =>
  ({
    sessionId: 's1',
    title: 'Smith v. Jones',
    self: { id: 'me', displayName: 'Maria', role, side: null, space: 'joint' },
    settings: {},
    lobbyMessage: '',
    participants: [
      person('me', 'Maria', 'joint', { role }),
      person('ana', 'Ana', 'caucus-a'),
      person('ben', 'Ben', 'lobby', { side: 'Respondent' }),
      person('cy', 'Cy', 'joint', { handRaised: true }),
      person('off', 'Off', 'offline', { online: false, handRaised: true }),
    ],
    spaces: [
      { id: 'joint', name: 'Joint session', memberIds: [] },
      { id: 'caucus-a', name: 'Caucus A', memberIds: [] },
    ],
    knocks: [{ id: 'k1', fromId: 'ana', fromName: 'Ana', space: 'caucus-a', message: 'Can you come?', at: 1 }],
    endedAt: null,
    ...extra,
  }) as unknown as RoomView;

describe('mediator alerts', () => {
  it('lists knocks with their caucus and message, people waiting, and raised hands of people online', () => {
    expect(mediatorAlerts(room('mediator')).map((a) => [a.kind, a.text])).toEqual([
      ['knock', 'Ana knocked in Caucus A: “Can you come?”'],
      ['waiting', 'Ben is waiting to be admitted'],
      ['hand', 'Cy raised a hand in Joint session'],
    ]);
  });
  it('gives nobody but a mediator any alert', () => {
    expect(mediatorAlerts(room('party'))).toEqual([]);
  });
  it('calls only alerts that were not there before fresh (a lowered and raised hand counts again)', () => {
    const alerts = mediatorAlerts(room('mediator'));
    expect(freshAlerts(new Set(['knock:k1', 'waiting:ben']), alerts).map((a) => a.key)).toEqual(['hand:cy']);
  });
  it('puts the count in front of the page title', () => {
    expect(titleWithCount('Mediation room', 2)).toBe('(2) Mediation room');
    expect(titleWithCount('Mediation room', 0)).toBe('Mediation room');
  });
});
