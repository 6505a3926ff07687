import { describe, expect, it } from 'vitest';
import { ROLES, isMediatorRole, type SpaceId } from './domain.js';
import { bindingProblem, followerLabel } from './interpretation.js';
import { can, canReceive, recordAccess, type Channel } from './policy.js';
import { audienceKey, docAccess } from './collab.js';

const people = [
  { id: 'ana001', role: 'party' as const, side: 'Claimant', displayName: 'Ana' },
  { id: 'med001', role: 'mediator' as const, side: null, displayName: 'Maria' },
  { id: 'ivo001', role: 'interpreter' as const, side: 'Claimant', displayName: 'Ivo' },
  { id: 'old001', role: 'party' as const, side: 'Respondent', displayName: 'Old', revoked: true },
];

describe('bindingProblem', () => {
  it('binds interpreters and captioners to a party, giving them that party’s side', () => {
    expect(bindingProblem({ role: 'interpreter', side: null }, { participantId: 'ana001' }, people)).toEqual({ ok: true, side: 'Claimant' });
    expect(bindingProblem({ role: 'captioner', side: null }, { side: 'Respondent' }, people)).toEqual({ ok: true, side: 'Respondent' });
  });

  it('refuses other roles, mediators, followers, removed or unknown people, and a contradicting side', () => {
    expect(bindingProblem({ role: 'party', side: null }, { participantId: 'ana001' }, people).ok).toBe(false);
    expect(bindingProblem({ role: 'interpreter', side: null }, { participantId: 'med001' }, people).ok).toBe(false);
    expect(bindingProblem({ role: 'interpreter', side: null }, { participantId: 'ivo001' }, people).ok).toBe(false);
    expect(bindingProblem({ role: 'interpreter', side: null }, { participantId: 'old001' }, people).ok).toBe(false);
    expect(bindingProblem({ role: 'interpreter', side: null }, { participantId: 'nobody' }, people).ok).toBe(false);
    expect(bindingProblem({ role: 'interpreter', side: 'Respondent' }, { participantId: 'ana001' }, people).ok).toBe(false);
  });
});

describe('followerLabel', () => {
  it('says whom they serve and the language', () => {
    const nameOf = (id: string) => people.find((p) => p.id === id)?.displayName;
    expect(followerLabel({ role: 'interpreter', interpretsFor: { participantId: 'ana001' }, interpretationLanguage: 'Spanish' }, nameOf)).toBe('Interpreter for Ana (Spanish)');
    expect(followerLabel({ role: 'captioner', interpretsFor: { side: 'Respondent' } }, nameOf)).toBe('Captioner for Respondent');
    expect(followerLabel({ role: 'party' }, nameOf)).toBeNull();
  });
});

describe('captions in the policy', () => {
  const SPACES: SpaceId[] = ['lobby', 'joint', 'caucus:aaaa', 'caucus:bbbb'];
  it('reach only people in the same space (mediators elsewhere included), never the waiting room', () => {
    for (const role of ROLES) for (const mine of SPACES) for (const source of SPACES) {
      const expected = mine === source && mine !== 'lobby' && source !== 'lobby';
      const got = canReceive({ id: 'v', role, space: mine }, source, 'captions');
      if (mine === 'lobby' && source === 'lobby' && isMediatorRole(role)) continue; // nobody captions the waiting room
      expect(got, `${role} in ${mine} <- ${source}`).toBe(expected);
    }
  });

  it('only captioners caption; they need no camera and do not edit the board or the agreement', () => {
    for (const role of ROLES) expect(can(role, 'caption'), role).toBe(role === 'captioner');
    for (const action of ['produce', 'editBoard', 'suggestAgreement', 'editAgreement', 'sign'] as const) expect(can('captioner', action), action).toBe(false);
    expect(can('captioner', 'chat')).toBe(true);
    expect(can('interpreter', 'produce')).toBe(true);
  });
});

describe('an interpreter in the policy', () => {
  const CHANNELS: Channel[] = ['media', 'speaking', 'typing', 'chat', 'timer', 'presence', 'broadcast', 'doc', 'captions'];
  it('receives the space they are in like anyone there, and nothing of another space', () => {
    for (const ch of CHANNELS) {
      expect(canReceive({ id: 'i', role: 'interpreter', space: 'caucus:aaaa' }, 'caucus:aaaa', ch), ch).toBe(true);
      expect(canReceive({ id: 'i', role: 'interpreter', space: 'caucus:aaaa' }, 'caucus:bbbb', ch), ch).toBe(false);
      expect(canReceive({ id: 'i', role: 'interpreter', space: 'caucus:aaaa' }, 'joint', ch), ch).toBe(false);
    }
    expect(canReceive({ id: 'i', role: 'interpreter', space: 'caucus:aaaa' }, 'caucus:aaaa', 'activity')).toBe(false);
  });

  it('belongs to the side they serve for caucus material (no new generation when they follow their party), and keeps nothing after the end', () => {
    // bindingProblem gives the interpreter the served side; the caucus audience then is that side.
    expect(audienceKey({ id: 'ivo001', role: 'interpreter', side: 'Claimant' })).toBe(audienceKey({ id: 'ana001', role: 'party', side: 'Claimant' }));
    expect(audienceKey({ id: 'ivo001', role: 'interpreter', side: 'Claimant' })).not.toBe(audienceKey({ id: 'ben001', role: 'party', side: 'Respondent' }));
    expect(docAccess({ id: 'ivo001', role: 'interpreter', space: 'caucus:aaaa' }, { sessionId: 'sess01', kind: 'board', scope: 'caucus:aaaa' })).toBe('write');
    expect(docAccess({ id: 'ivo001', role: 'interpreter', space: 'caucus:aaaa' }, { sessionId: 'sess01', kind: 'board', scope: 'caucus:bbbb' })).toBe('none');
    expect(docAccess({ id: 'cap001', role: 'captioner', space: 'caucus:aaaa' }, { sessionId: 'sess01', kind: 'board', scope: 'caucus:aaaa' })).toBe('read');
    for (const role of ['interpreter', 'captioner'] as const) expect(recordAccess('ended', { role, ownSide: true }, 'caucus-material', 'read')).toBe(false);
  });
});
