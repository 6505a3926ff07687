import { describe, expect, it } from 'vitest';
import { docAccess, docNameSchema } from './collab.js';
import { createSessionBodySchema } from './http.js';
import { notificationSchemas, requestSchemas } from './protocol.js';

describe('request schemas', () => {
  it('refuse unknown fields, so nothing unexpected reaches a handler', () => {
    expect(requestSchemas['control:move'].safeParse({ participantIds: ['abcdef'], to: 'joint', extra: 1 }).success).toBe(false);
  });
  it('refuse malformed space ids', () => {
    expect(requestSchemas['control:move'].safeParse({ participantIds: ['abcdef'], to: 'caucus:../x' }).success).toBe(false);
    expect(requestSchemas['control:move'].safeParse({ participantIds: ['abcdef'], to: 'caucus:abcd' }).success).toBe(true);
  });
  it('require exactly one of participantIds or all when admitting', () => {
    expect(requestSchemas['control:admit'].safeParse({ all: true }).success).toBe(true);
    expect(requestSchemas['control:admit'].safeParse({}).success).toBe(false);
    expect(requestSchemas['control:admit'].safeParse({ all: true, participantIds: ['abcdef'] }).success).toBe(false);
  });
  it('bound chat length', () => {
    expect(requestSchemas['chat:send'].safeParse({ to: { kind: 'space' }, text: 'x'.repeat(2001) }).success).toBe(false);
    expect(requestSchemas['chat:send'].safeParse({ to: { kind: 'space' }, text: '   ' }).success).toBe(false);
  });
  it('change only the settings a patch names (no defaults filled in)', () => {
    expect(requestSchemas['control:updateSettings'].parse({ allowRoaming: true })).toEqual({ allowRoaming: true });
    expect(createSessionBodySchema.parse({ title: 'T', mediatorName: 'M', settings: { waitingRoom: false } }).settings).toEqual({ waitingRoom: false });
  });
  it('apply safe defaults to a new session', () => {
    const b = createSessionBodySchema.parse({ title: 'T', mediatorName: 'M' });
    expect(b.invites).toEqual([]);
    expect(b.linkTtlHours).toBe(72);
  });
});

describe('document names and access', () => {
  it('parse known documents and refuse others', () => {
    expect(docNameSchema.safeParse('sess_123456/board/joint').success).toBe(true);
    expect(docNameSchema.safeParse('sess_123456/board/caucus:abcd').success).toBe(true);
    expect(docNameSchema.safeParse('sess_123456/agreement/caucus:abcd').success).toBe(false);
    expect(docNameSchema.safeParse('sess_123456/board/lobby').success).toBe(false);
    expect(docNameSchema.safeParse('sess_123456/secret/joint').success).toBe(false);
    expect(docNameSchema.safeParse('sess_123456/board/joint/x').success).toBe(false);
  });
  it('give a caucus board only to its members and mediators', () => {
    const doc = docNameSchema.parse('sess_123456/board/caucus:abcd');
    expect(docAccess({ id: 'p', role: 'party', space: 'joint' }, doc)).toBe('none');
    expect(docAccess({ id: 'p', role: 'party', space: 'caucus:abcd' }, doc)).toBe('write');
    expect(docAccess({ id: 'm', role: 'mediator', space: 'joint' }, doc)).toBe('write');
    expect(docAccess({ id: 'o', role: 'observer', space: 'caucus:abcd' }, doc)).toBe('read');
  });
  it('give mediator notes to mediators only', () => {
    const doc = docNameSchema.parse('sess_123456/notes/mediators');
    expect(docAccess({ id: 'p', role: 'attorney', space: 'joint' }, doc)).toBe('none');
    expect(docAccess({ id: 'm', role: 'comediator', space: 'lobby' }, doc)).toBe('write');
  });
});

describe('agreement change hints', () => {
  it('carry only what changed and when, never content', () => {
    const hint = notificationSchemas['agreement:changed'];
    expect(hint.safeParse({ sessionId: 'sess_123456', what: 'proposals', at: 1 }).success).toBe(true);
    expect(hint.safeParse({ sessionId: 'sess_123456', what: 'proposals', at: 1, text: 'our bottom line is 40k' }).success).toBe(false);
    expect(hint.safeParse({ sessionId: 'sess_123456', what: 'draft', at: 1 }).success).toBe(false);
  });
});
