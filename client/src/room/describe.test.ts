import { describe, expect, it } from 'vitest';
import type { ParticipantView, RoomView } from '@mediation/shared';
import { audienceFor, formatRemaining, formatSince, visibleThread, whereaboutsLabel, whereAmI } from './describe';

const person = (id: string, displayName: string, role: ParticipantView['role'], side: string | null, whereabouts: ParticipantView['whereabouts'], online = true): ParticipantView => ({
  id, displayName, role, side, online, whereabouts,
});

function room(selfId: string, participants: ParticipantView[]): RoomView {
  const self = participants.find((p) => p.id === selfId)!;
  return {
    sessionId: 'sess01',
    title: 'Smith v. Jones',
    self: { id: self.id, displayName: self.displayName, role: self.role, side: self.side, space: self.whereabouts as RoomView['self']['space'] },
    settings: { waitingRoom: true, allowRoaming: false, partiesEditAgreement: false, capacity: 12, keepCaptions: false },
    lobbyMessage: '',
    participants,
    spaces: [
      { id: 'joint', name: 'Joint session', memberIds: [], timerEndsAt: null, timerLabel: null, mediatorPresent: false },
      { id: 'caucus:resp', name: 'Respondent caucus', memberIds: [], timerEndsAt: null, timerLabel: null, mediatorPresent: false },
      { id: 'caucus:clai', name: 'Claimant caucus', memberIds: [], timerEndsAt: null, timerLabel: null, mediatorPresent: false },
    ],
    endedAt: null,
  };
}

const med = person('med001', 'Maria', 'mediator', null, 'joint');
const ana = person('ana001', 'Ana', 'party', 'Claimant', 'caucus:clai');
const lee = person('lee001', 'J. Lee', 'attorney', 'Claimant', 'caucus:clai');
const bob = person('bob001', 'Bob', 'party', 'Respondent', 'caucus');
const rita = person('rit001', 'Rita', 'attorney', 'Respondent', 'caucus');

describe('whereAmI', () => {
  it('names the caucus, the companions with their roles, and says the other side cannot hear', () => {
    const w = whereAmI(room('ana001', [med, ana, lee, bob]));
    expect(w.sentence).toBe('You are in: Claimant caucus, with: J. Lee (attorney). The other side cannot hear you.');
  });
  it('says everyone in the joint session can hear you in joint', () => {
    const w = whereAmI(room('med001', [med, person('ana001', 'Ana', 'party', 'Claimant', 'joint')]));
    expect(w.sentence).toBe('You are in: Joint session, with: Ana (party). Everyone in the joint session can see and hear you.');
  });
  it('tells an observer that no one sees or hears them', () => {
    const w = whereAmI(room('obs001', [med, person('obs001', 'Olive', 'observer', null, 'joint')]));
    expect(w.sentence).toBe('You are in: Joint session, with: Maria (mediator). You see and hear this room; no one sees or hears you.');
  });
  it('does not claim an "other side" when no one from another side is outside', () => {
    const w = whereAmI(room('ana001', [ana, lee, med]));
    expect(w.hearing).toBe('No one outside this caucus can hear you.');
  });
  it('tells a waiting person that no one can hear them yet', () => {
    const w = whereAmI(room('ana001', [{ ...ana, whereabouts: 'lobby' }]));
    expect(w.sentence).toMatch(/waiting room/);
    expect(w.hearing).toMatch(/No one can see or hear you/);
  });
  it('says when the person is alone in their space', () => {
    expect(whereAmI(room('ana001', [ana])).withText).toBe('no one else yet');
  });
});

describe('audienceFor', () => {
  it('counts caucus members and mediators elsewhere for space chat, not the other side', () => {
    const bobInResp = { ...bob, whereabouts: 'caucus:resp' as const };
    const rita2 = { ...rita, whereabouts: 'caucus:resp' as const };
    const viewerRoom = room('bob001', [med, bobInResp, rita2, person('x00001', 'Xavier', 'interpreter', 'Respondent', 'caucus:resp'), { ...ana, whereabouts: 'caucus' }]);
    const a = audienceFor(viewerRoom, { kind: 'space' });
    expect(a.label).toBe('To: Respondent caucus (3 people)');
    expect(a.readers.sort()).toEqual(['Maria', 'Rita', 'Xavier']);
    expect(a.private).toBe(false);
  });
  it('counts a mediator who is in the same space only once', () => {
    const a = audienceFor(room('ana001', [{ ...med, whereabouts: 'caucus:clai' }, ana, lee]), { kind: 'space' });
    expect(a.count).toBe(2);
    expect(a.label).toBe('To: Claimant caucus (2 people)');
  });
  it('labels a private message to the mediators with the mediator count', () => {
    const a = audienceFor(room('ana001', [med, person('co0001', 'Cole', 'comediator', null, 'joint'), ana, lee]), { kind: 'mediators' });
    expect(a.label).toBe('To: the mediators only (2 people), private');
    expect(a.private).toBe(true);
  });
  it('uses the singular for one reader', () => {
    expect(audienceFor(room('ana001', [med, ana]), { kind: 'mediators' }).label).toBe('To: the mediators only (1 person), private');
  });
  it('names the person a mediator replies to privately', () => {
    const a = audienceFor(room('med001', [med, ana, person('co0001', 'Cole', 'comediator', null, 'joint')]), { kind: 'participant', participantId: 'ana001' });
    expect(a.label).toBe('To: Ana and the mediators (2 people), private');
  });
  it('ignores people who are offline', () => {
    const a = audienceFor(room('ana001', [ana, { ...lee, online: false }, med]), { kind: 'space' });
    expect(a.readers).toEqual(['Maria']);
  });
});

describe('formatting', () => {
  it('formats remaining time as m:ss and h:mm:ss, never negative', () => {
    expect(formatRemaining(5 * 60_000)).toBe('5:00');
    expect(formatRemaining(61_500)).toBe('1:02');
    expect(formatRemaining(3_723_000)).toBe('1:02:03');
    expect(formatRemaining(-5000)).toBe('0:00');
  });
  it('formats time since a visit', () => {
    const now = 10_000_000;
    expect(formatSince(null, now)).toBe('never');
    expect(formatSince(now - 30_000, now)).toBe('just now');
    expect(formatSince(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatSince(now - 65 * 60_000, now)).toBe('1 h 5 min ago');
  });
  it('shows only the current space thread and private lines', () => {
    const r = room('ana001', [ana]);
    expect(visibleThread(r, 'caucus:clai')).toBe(true);
    expect(visibleThread(r, 'dm:ana001')).toBe(true);
    expect(visibleThread(r, 'joint')).toBe(false);
  });
});

describe('whereaboutsLabel', () => {
  it('says where others are only as precisely as the server told: a caucus is just "a caucus"', () => {
    const r = room('ana001', [med, ana, lee, bob, person('cat001', 'Cat', 'party', 'Respondent', 'lobby'), person('dan001', 'Dan', 'party', 'Respondent', 'offline', false)]);
    const label = (id: string) => whereaboutsLabel(r, r.participants.find((p) => p.id === id)!);
    expect(label('lee001')).toBe('here with you');
    expect(label('bob001')).toBe('in a caucus');
    expect(label('med001')).toBe('in the joint session');
    expect(label('cat001')).toBe('in the waiting room');
    expect(label('dan001')).toBe('not connected');
  });
});
