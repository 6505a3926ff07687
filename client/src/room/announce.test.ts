import { describe, expect, it } from 'vitest';
import type { Knock, ParticipantView, RoomView, SpaceView } from '@mediation/shared';
import { announcementsBetween, initialSpeakerState, speakerStep, timerTick, type AnnounceSnapshot } from './announce';
import type { Broadcast } from './state';

const person = (id: string, displayName: string, role: ParticipantView['role'], side: string | null, whereabouts: ParticipantView['whereabouts'], online = true): ParticipantView => ({
  id, displayName, role, side, online, whereabouts,
});
const space = (id: SpaceView['id'], name: string, timer: { endsAt: number; label: string | null } | null = null): SpaceView => ({
  id, name, memberIds: [], timerEndsAt: timer?.endsAt ?? null, timerLabel: timer?.label ?? null, mediatorPresent: false,
});

function room(selfId: string, participants: ParticipantView[], opts: { spaces?: SpaceView[]; knocks?: Knock[] } = {}): RoomView {
  const self = participants.find((p) => p.id === selfId)!;
  return {
    sessionId: 'sess01',
    title: 'Smith v. Jones',
    self: { id: self.id, displayName: self.displayName, role: self.role, side: self.side, space: self.whereabouts as RoomView['self']['space'] },
    settings: { waitingRoom: true, allowRoaming: false, partiesEditAgreement: false, capacity: 12 },
    lobbyMessage: '',
    participants,
    spaces: opts.spaces ?? [space('joint', 'Joint session'), space('caucus:clai', 'Claimant caucus'), space('caucus:resp', 'Respondent caucus')],
    ...(opts.knocks ? { knocks: opts.knocks } : {}),
    endedAt: null,
  } as RoomView;
}

const snap = (r: RoomView | null, extra: Partial<AnnounceSnapshot> = {}): AnnounceSnapshot => ({ room: r, broadcasts: [], expiredTimer: null, ...extra });
const NOW = 1_700_000_000_000;

const med = (where: ParticipantView['whereabouts'] = 'joint') => person('med001', 'Maria', 'mediator', null, where);
const ana = (where: ParticipantView['whereabouts']) => person('ana001', 'Ana', 'party', 'Claimant', where);
const ben = (where: ParticipantView['whereabouts']) => person('ben001', 'Ben', 'party', 'Respondent', where);

describe('announcementsBetween: my own moves', () => {
  it('says nothing for the first room view after the page loads', () => {
    expect(announcementsBetween(snap(null), snap(room('ana001', [med(), ana('joint')])), NOW)).toEqual([]);
  });

  it('announces being moved into a caucus by its name, politely, with who can hear', () => {
    const before = room('ana001', [med(), ana('joint'), ben('joint')]);
    const after = room('ana001', [med(), ana('caucus:clai'), ben('joint')]);
    expect(announcementsBetween(snap(before), snap(after), NOW)).toEqual([
      { text: 'You were moved to Claimant caucus. The other side cannot hear you.', politeness: 'polite' },
    ]);
  });

  it('announces an admission from the waiting room, and a move back to it', () => {
    const waiting = room('ana001', [med(), ana('lobby')]);
    const joint = room('ana001', [med(), ana('joint')]);
    expect(announcementsBetween(snap(waiting), snap(joint), NOW)[0]).toEqual({
      text: 'You were admitted to the joint session. Everyone in the joint session can see and hear you.', politeness: 'polite',
    });
    expect(announcementsBetween(snap(joint), snap(waiting), NOW)[0]?.text).toMatch(/^You were moved to the waiting room\./);
  });

  it('tells a mediator where they are now (they usually moved themselves)', () => {
    const a = room('med001', [med('joint')]);
    const b = room('med001', [med('caucus:resp')]);
    expect(announcementsBetween(snap(a), snap(b), NOW)).toEqual([{ text: 'You are now in Respondent caucus.', politeness: 'polite' }]);
  });

  it('says nothing when nothing I can hear about changed', () => {
    const a = room('ana001', [med(), ana('joint'), ben('joint')]);
    const b = room('ana001', [med(), ana('joint'), { ...ben('joint'), audioMuted: true }]);
    expect(announcementsBetween(snap(a), snap(b), NOW)).toEqual([]);
  });
});

describe('announcementsBetween: what mediators hear', () => {
  const knock: Knock = { id: 'k1', fromId: 'ana001', fromName: 'Ana', space: 'caucus:clai', message: 'We are ready ', at: NOW };

  it('announces a new knock assertively, once', () => {
    const a = room('med001', [med(), ana('caucus:clai')]);
    const b = room('med001', [med(), ana('caucus:clai')], { knocks: [knock] });
    expect(announcementsBetween(snap(a), snap(b), NOW)).toEqual([{ text: 'Ana knocked in Claimant caucus: We are ready.', politeness: 'assertive' }]);
    expect(announcementsBetween(snap(b), snap(b), NOW)).toEqual([]);
  });

  it('announces an arrival in the waiting room and the admission', () => {
    const none = room('med001', [med(), ana('offline')].map((p) => (p.id === 'ana001' ? { ...p, online: false } : p)));
    const waiting = room('med001', [med(), ana('lobby')]);
    const admitted = room('med001', [med(), ana('joint')]);
    expect(announcementsBetween(snap(none), snap(waiting), NOW)).toEqual([{ text: 'Ana is waiting to be admitted.', politeness: 'polite' }]);
    expect(announcementsBetween(snap(waiting), snap(admitted), NOW)).toEqual([{ text: 'Ana was admitted to the joint session.', politeness: 'polite' }]);
  });

  it('announces no knocks or arrivals to a party (their view has none, and it stays that way)', () => {
    const a = room('ben001', [med(), ben('joint'), ana('lobby')]);
    const b = room('ben001', [med(), ben('joint'), ana('joint')], { knocks: [knock] });
    expect(announcementsBetween(snap(a), snap(b), NOW)).toEqual([]);
  });
});

describe('announcementsBetween: broadcasts and timers', () => {
  const bc = (id: number, text: string): Broadcast => ({ id, text, fromName: 'Maria', at: NOW, to: 'joint' });

  it('announces each new broadcast assertively, not the ones already heard or dismissed', () => {
    const r = room('ana001', [med(), ana('joint')]);
    expect(announcementsBetween(snap(r), snap(r, { broadcasts: [bc(1, 'Back in 5 minutes')] }), NOW)).toEqual([
      { text: 'Message from the mediator, Maria: Back in 5 minutes', politeness: 'assertive' },
    ]);
    expect(announcementsBetween(snap(r, { broadcasts: [bc(1, 'a'), bc(2, 'b')] }), snap(r, { broadcasts: [bc(1, 'a')] }), NOW)).toEqual([]);
  });

  it('announces a timer started in my space with its length and label', () => {
    const a = room('ana001', [med(), ana('joint')]);
    const b = room('ana001', [med(), ana('joint')], { spaces: [space('joint', 'Joint session', { endsAt: NOW + 10 * 60_000, label: 'Break' })] });
    expect(announcementsBetween(snap(a), snap(b), NOW)).toEqual([{ text: 'Timer started for “Break”: 10 minutes.', politeness: 'polite' }]);
    // The same timer on the next update is not announced again.
    expect(announcementsBetween(snap(b), snap(b), NOW + 1000)).toEqual([]);
  });

  it('ignores timers of other spaces', () => {
    const a = room('ana001', [med(), ana('joint')]);
    const b = room('ana001', [med(), ana('joint')], { spaces: [space('joint', 'Joint session'), space('caucus:resp', 'Respondent caucus', { endsAt: NOW + 60_000 * 5, label: null })] });
    expect(announcementsBetween(snap(a), snap(b), NOW)).toEqual([]);
  });

  it('announces "time is up" for my space assertively', () => {
    const r = room('ana001', [med(), ana('joint')]);
    expect(announcementsBetween(snap(r), snap(r, { expiredTimer: { space: 'joint', label: 'Break' } }), NOW)).toEqual([{ text: 'Time is up for “Break”.', politeness: 'assertive' }]);
    expect(announcementsBetween(snap(r), snap(r, { expiredTimer: { space: 'caucus:resp', label: null } }), NOW)).toEqual([]);
  });
});

describe('timerTick', () => {
  it('says "one minute left" once, as the clock crosses the last minute', () => {
    const endsAt = NOW + 61_000;
    expect(timerTick(endsAt, null, NOW, NOW + 500)).toBeNull();
    expect(timerTick(endsAt, 'Break', NOW + 500, NOW + 1500)).toEqual({ text: 'One minute left for “Break”.', politeness: 'polite' });
    expect(timerTick(endsAt, 'Break', NOW + 1500, NOW + 2500)).toBeNull();
    expect(timerTick(null, null, NOW, NOW + 1000)).toBeNull();
  });
});

describe('speakerStep (who is speaking, debounced)', () => {
  const r = room('ana001', [med(), ana('joint'), ben('joint')]);

  it('announces a voice that holds the floor, once, and never the listener herself', () => {
    let s = speakerStep(initialSpeakerState, ['ben001'], r, NOW);
    expect(s.announce).toBeNull();
    s = speakerStep(s.state, ['ben001'], r, NOW + 800);
    expect(s.announce).toBeNull();
    s = speakerStep(s.state, ['ben001'], r, NOW + 1600);
    expect(s.announce).toEqual({ text: 'Ben is speaking.', politeness: 'polite' });
    s = speakerStep(s.state, ['ben001'], r, NOW + 5000);
    expect(s.announce).toBeNull();
    expect(speakerStep(initialSpeakerState, ['ana001'], r, NOW).state.candidate).toBeNull();
  });

  it('stays silent for short interjections and for two people talking at once', () => {
    let s = speakerStep(initialSpeakerState, ['ben001'], r, NOW);
    s = speakerStep(s.state, ['med001'], r, NOW + 700);
    s = speakerStep(s.state, ['ben001'], r, NOW + 1400);
    expect(s.announce).toBeNull();
    s = speakerStep(s.state, ['ben001', 'med001'], r, NOW + 3000);
    s = speakerStep(s.state, ['ben001', 'med001'], r, NOW + 6000);
    expect(s.announce).toBeNull();
  });
});
