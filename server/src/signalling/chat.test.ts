import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@mediation/shared';
import { ChatLog, dmThread } from './chat.js';

const msg = (id: string, thread: string): ChatMessage => ({ id, thread, fromId: 'author1', fromName: 'A', fromRole: 'party', text: id, at: 0 });

describe('ChatLog', () => {
  it('shows a space’s history only to those who were there when it was written, and everything to mediators', () => {
    const log = new ChatLog();
    log.append(msg('early', 'joint'), ['ana123', 'ben123']);
    log.append(msg('caucus-talk', 'caucus:abcd'), ['ana123']);
    log.append(msg('late', 'joint'), ['ben123', 'carl12']);
    expect(log.historyFor({ id: 'carl12', mediator: false, space: 'joint' }).map((m) => m.id)).toEqual(['late']);
    expect(log.historyFor({ id: 'ana123', mediator: false, space: 'joint' }).map((m) => m.id)).toEqual(['early']);
    expect(log.historyFor({ id: 'ana123', mediator: false, space: 'caucus:abcd' }).map((m) => m.id)).toEqual(['caucus-talk']);
    expect(log.historyFor({ id: 'ben123', mediator: false, space: 'caucus:abcd' }).map((m) => m.id)).toEqual([]);
    expect(log.historyFor({ id: 'med123', mediator: true, space: 'joint' })).toHaveLength(3);
  });

  it('keeps a private line readable by its participant wherever they are', () => {
    const log = new ChatLog();
    log.append(msg('dm', dmThread('ana123')), ['ana123', 'med123']);
    expect(log.historyFor({ id: 'ana123', mediator: false, space: 'caucus:zzzz' }).map((m) => m.id)).toEqual(['dm']);
    expect(log.historyFor({ id: 'ben123', mediator: false, space: 'joint' })).toEqual([]);
  });
});
