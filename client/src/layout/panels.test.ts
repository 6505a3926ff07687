import { describe, expect, it } from 'vitest';
import { initialPanels, openPanel, togglePanel, toggleSheet, type OpenPanels } from './panels';

const none: OpenPanels = { wide: null, side: null };

describe('room panels', () => {
  it('a mediator starts on the control tower with the chat; a party with the chat', () => {
    expect(initialPanels(true)).toEqual({ wide: 'tower', side: 'chat' });
    expect(initialPanels(false)).toEqual({ wide: null, side: 'chat' });
  });

  it('on a wide screen a wide panel and a side panel are open together, each replacing its own kind', () => {
    let open = openPanel(none, 'board');
    open = openPanel(open, 'chat');
    expect(open).toEqual({ wide: 'board', side: 'chat' });
    open = openPanel(open, 'agreement');
    expect(open).toEqual({ wide: 'agreement', side: 'chat' });
    open = openPanel(open, 'tools');
    expect(open).toEqual({ wide: 'agreement', side: 'tools' });
  });

  it('the toggle closes only the panel it names, and opens a closed one', () => {
    const open = togglePanel({ wide: 'tower', side: 'chat' }, 'chat');
    expect(open).toEqual({ wide: 'tower', side: null });
    expect(togglePanel(open, 'tower')).toEqual(none);
    expect(togglePanel(open, 'people')).toEqual({ wide: 'tower', side: 'people' });
  });

  it('on a phone one sheet at a time: another replaces it, its own button closes it', () => {
    expect(toggleSheet(null, 'chat')).toBe('chat');
    expect(toggleSheet('chat', 'board')).toBe('board');
    expect(toggleSheet('board', 'board')).toBeNull();
  });
});
