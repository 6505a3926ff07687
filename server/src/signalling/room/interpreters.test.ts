/** Interpreters and captioners follow whom they serve (follow.ts), and captions are kept only when
 * the session says so: RoomState alone, in memory. */
import { describe, expect, it } from 'vitest';
import { sessionSettingsSchema, type Binding, type Role, type Side, type SpaceId } from '@mediation/shared';
import type { ParticipantRecord, SessionRecord } from '../../contracts.js';
import { RoomState, systemEnv, type RoomEnv } from './roomState.js';

const session = (settings: Record<string, unknown> = {}): SessionRecord => ({
  id: 'sess01', title: 'T', settings: sessionSettingsSchema.parse({ waitingRoom: false, ...settings }), lobbyMessage: '', createdAt: 0, endedAt: null,
});
const person = (id: string, role: Role, side: Side = null, interpretsFor: Binding | null = null): ParticipantRecord => ({
  id, sessionId: 'sess01', displayName: id, role, side, plannedSpace: null, interpretsFor, interpretationLanguage: interpretsFor ? 'Spanish' : null,
  tokenId: `t-${id}`, token: 'x', expiresAt: 0, revoked: false, createdAt: 0,
});
const env = (...caucuses: SpaceId[]): RoomEnv => ({ ...systemEnv, newCaucusId: () => caucuses.shift()! });

/** Ana (side A) with her interpreter Ivo, Ada (side A), Ben (side B), a captioner for side B. */
function room(settings: Record<string, unknown> = {}) {
  const state = new RoomState(session(settings), [
    person('med001', 'mediator'),
    person('ana001', 'party', 'A'),
    person('ada001', 'attorney', 'A'),
    person('ivo001', 'interpreter', 'A', { participantId: 'ana001' }),
    person('ben001', 'party', 'B'),
    person('cap001', 'captioner', 'B', { side: 'B' }),
  ], env('caucus:aaaa', 'caucus:bbbb'));
  for (const id of ['med001', 'ana001', 'ada001', 'ivo001', 'ben001', 'cap001']) expect(state.connect(id).ok).toBe(true);
  expect(state.createSpace('A room').ok).toBe(true);
  expect(state.createSpace('B room').ok).toBe(true);
  return state;
}
const where = (state: RoomState, id: string) => state.person(id)!.space;

describe('interpreters follow their person', () => {
  it('moves the interpreter with the person in the same change record (one transition, both moves)', () => {
    const state = room();
    const r = state.move(['ana001'], 'caucus:aaaa');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.moves.map((m) => [m.participantId, m.from, m.to])).toEqual([
      ['ana001', 'joint', 'caucus:aaaa'],
      ['ivo001', 'joint', 'caucus:aaaa'],
    ]);
    expect(where(state, 'ivo001')).toBe('caucus:aaaa');
    // And back with her, by any command that moves her (all to joint here).
    const back = state.allToJoint();
    expect(back.ok && back.data.moves.map((m) => m.participantId).sort()).toEqual(['ana001', 'ivo001']);
    expect(where(state, 'ivo001')).toBe('joint');
  });

  it('refuses to move the interpreter alone away from their person, changing nothing', () => {
    const state = room();
    const before = state.dump();
    const r = state.move(['ivo001'], 'caucus:bbbb');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('release') });
    expect(state.dump()).toBe(before);
    // Moving both at once is fine.
    expect(state.move(['ivo001', 'ana001'], 'caucus:bbbb').ok).toBe(true);
    expect(where(state, 'ivo001')).toBe('caucus:bbbb');
  });

  it('lets a mediator release the interpreter (then movable alone) and bind them again (they join her at once)', () => {
    const state = room();
    expect(state.move(['ana001'], 'caucus:aaaa').ok).toBe(true);
    const released = state.bind('ivo001', null);
    expect(released.ok && released.data.participants).toEqual([{ participantId: 'ivo001', interpretsFor: null }]);
    expect(state.move(['ivo001'], 'joint').ok).toBe(true);
    expect(where(state, 'ivo001')).toBe('joint');
    const bound = state.bind('ivo001', { participantId: 'ana001' });
    expect(bound.ok && bound.data.moves.map((m) => [m.participantId, m.to])).toEqual([['ivo001', 'caucus:aaaa']]);
  });

  it('refuses a binding to the other side, to a mediator, or of a party, changing nothing', () => {
    const state = room();
    const before = state.dump();
    for (const [id, b] of [['ivo001', { participantId: 'ben001' }], ['ivo001', { side: 'B' }], ['ivo001', { participantId: 'med001' }], ['ana001', { participantId: 'ada001' }], ['ivo001', { participantId: 'nobody01' }]] as const) {
      expect(state.bind(id, b).ok, `${id} -> ${JSON.stringify(b)}`).toBe(false);
      expect(state.dump()).toBe(before);
    }
  });

  it('keeps a waiting interpreter waiting (admission is the mediator’s), then admits them straight to their person', () => {
    const state = room();
    expect(state.hold(['ivo001']).ok).toBe(true);
    expect(state.move(['ana001'], 'caucus:aaaa').ok).toBe(true);
    expect(where(state, 'ivo001')).toBe('lobby');
    expect(state.admissionTarget(state.person('ivo001')!)).toBe('caucus:aaaa');
    const r = state.admit(['ivo001']);
    expect(r.ok && r.data.moves.map((m) => m.to)).toEqual(['caucus:aaaa']);
  });

  it('brings a reconnecting interpreter back to their person, but not out of being on hold', () => {
    const state = room();
    state.disconnect('ivo001');
    expect(state.move(['ana001'], 'caucus:aaaa').ok).toBe(true);
    expect(where(state, 'ivo001')).toBe('caucus:aaaa'); // offline people keep following
    const back = state.connect('ivo001');
    expect(back.ok && back.data.space).toBe('caucus:aaaa');
    expect(state.hold(['ivo001']).ok).toBe(true);
    state.disconnect('ivo001');
    const again = state.connect('ivo001');
    expect(again.ok && again.data.space).toBe('lobby');
  });

  it('releases the interpreter of someone who is removed (nobody is named who is gone)', () => {
    const state = room();
    const removal = state.remove('ana001');
    expect(removal?.followers.participants).toEqual([{ participantId: 'ivo001', interpretsFor: null }]);
    expect(JSON.stringify(state.snapshot())).not.toContain('ana001');
  });
});

describe('a captioner for a side follows the last of that side', () => {
  it('stays while someone of the side is in their space, goes when the last one leaves', () => {
    const state = room();
    expect(state.move(['ben001'], 'caucus:bbbb').ok).toBe(true);
    expect(where(state, 'cap001')).toBe('caucus:bbbb');
    // Ada (side A) into B's room does not move the side-B captioner; nor A's interpreter.
    expect(state.move(['ada001'], 'caucus:bbbb').ok).toBe(true);
    expect(where(state, 'cap001')).toBe('caucus:bbbb');
    expect(where(state, 'ivo001')).toBe('joint');
  });

  it('may be moved by hand between spaces where their side is, not elsewhere', () => {
    const state = new RoomState(session(), [
      person('med001', 'mediator'), person('ben001', 'party', 'B'), person('bat001', 'attorney', 'B'), person('cap001', 'captioner', 'B', { side: 'B' }),
    ], env('caucus:bbbb', 'caucus:cccc'));
    for (const id of ['med001', 'ben001', 'bat001', 'cap001']) state.connect(id);
    state.createSpace('B');
    state.createSpace('C');
    expect(state.move(['ben001'], 'caucus:bbbb').ok).toBe(true);
    expect(where(state, 'cap001')).toBe('joint'); // Bea's attorney is still in joint
    expect(state.move(['cap001'], 'caucus:bbbb').ok).toBe(true);
    expect(state.move(['cap001'], 'caucus:cccc').ok).toBe(false);
  });
});

describe('captions', () => {
  it('go only to the captioner’s space, from the captioner only', () => {
    const state = room();
    expect(state.move(['ben001'], 'caucus:bbbb').ok).toBe(true);
    const r = state.caption('cap001', 'I would accept 40');
    expect(r.ok && r.data.audience).toEqual({ kind: 'space', space: 'caucus:bbbb', channel: 'captions' });
    const refused = state.caption('ana001', 'not a captioner');
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');
  });

  it('are kept nowhere when the session does not keep captions: a reload or late joiner reads none', () => {
    const state = room();
    expect(state.caption('cap001', 'line one').ok).toBe(true);
    expect(state.captionHistoryFor('ana001')).toEqual([]);
    state.disconnect('ana001');
    state.connect('ana001');
    expect(state.captionHistoryFor('ana001')).toEqual([]);
    expect(JSON.parse(state.dump()).captions).toBe(0);
  });

  it('when kept, are read back by who was in the space then, and dropped when keeping is turned off', () => {
    const state = room({ keepCaptions: true });
    expect(state.caption('cap001', 'said in joint').ok).toBe(true);
    expect(state.captionHistoryFor('ana001').map((l) => l.text)).toEqual(['said in joint']);
    // Someone arriving later was not there: nothing for them.
    expect(state.addPerson(person('late01', 'party', 'A'))).toBe(true);
    state.connect('late01');
    expect(state.captionHistoryFor('late01')).toEqual([]);
    // Ana in another space reads nothing of joint's.
    expect(state.move(['ana001'], 'caucus:aaaa').ok).toBe(true);
    expect(state.captionHistoryFor('ana001')).toEqual([]);
    expect(state.updateSettings({ keepCaptions: false }).ok).toBe(true);
    expect(JSON.parse(state.dump()).captions).toBe(0);
  });
});
