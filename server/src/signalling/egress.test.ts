import { describe, expect, it } from 'vitest';
import type { Viewer } from '@mediation/shared';
import { mayReceive, send, type Recipient } from './egress.js';

const v = (id: string, role: Viewer['role'], space: Viewer['space']): Viewer => ({ id, role, space });

function recipient(viewer: Viewer | null) {
  const sent: Array<[string, unknown]> = [];
  const r = { participantId: viewer?.id ?? 'gone00', socket: { emit: (e: string, p: unknown) => sent.push([e, p]) }, viewer: () => viewer } as unknown as Recipient;
  return { r, sent };
}

describe('egress', () => {
  it('sends a space’s chat to its members and mediators, and nothing to other spaces or the waiting room', () => {
    const audience = { kind: 'space', space: 'caucus:abcd', channel: 'chat' } as const;
    expect(mayReceive(v('ana123', 'party', 'caucus:abcd'), audience)).toBe(true);
    expect(mayReceive(v('med123', 'mediator', 'joint'), audience)).toBe(true);
    expect(mayReceive(v('ben123', 'party', 'joint'), audience)).toBe(false);
    expect(mayReceive(v('ben123', 'party', 'lobby'), audience)).toBe(false);
  });

  it('keeps live signals (typing, media) inside the space, even for mediators elsewhere', () => {
    const typing = { kind: 'space', space: 'caucus:abcd', channel: 'typing' } as const;
    expect(mayReceive(v('med123', 'mediator', 'joint'), typing)).toBe(false);
    expect(mayReceive(v('med123', 'mediator', 'caucus:abcd'), typing)).toBe(true);
  });

  it('delivers private lines to their participant (not in the waiting room) and mediators only', () => {
    const line = { kind: 'privateLine', participantId: 'ana123' } as const;
    expect(mayReceive(v('ana123', 'party', 'joint'), line)).toBe(true);
    expect(mayReceive(v('ana123', 'party', 'lobby'), line)).toBe(false);
    expect(mayReceive(v('ben123', 'party', 'joint'), line)).toBe(false);
    expect(mayReceive(v('com123', 'comediator', 'caucus:zz11'), line)).toBe(true);
  });

  it('emits only what the policy allows, and nothing to someone no longer in the room', () => {
    const inJoint = recipient(v('ben123', 'party', 'joint'));
    expect(send(inJoint.r, 'typing:update', { participantId: 'ana123', active: true }, { kind: 'space', space: 'caucus:abcd', channel: 'typing' })).toBe(false);
    expect(send(inJoint.r, 'typing:update', { participantId: 'ana123', active: true }, { kind: 'space', space: 'joint', channel: 'typing' })).toBe(true);
    expect(inJoint.sent).toEqual([['typing:update', { participantId: 'ana123', active: true }]]);
    const gone = recipient(null);
    expect(send(gone.r, 'media:consumerClosed', { consumerId: 'x' }, { kind: 'self', participantId: 'gone00' })).toBe(false);
    expect(gone.sent).toEqual([]);
  });
});
