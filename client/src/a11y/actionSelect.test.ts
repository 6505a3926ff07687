import { describe, expect, it } from 'vitest';
import { actionSelectStep, type ActionSelectEvent, type ActionSelectState } from './actionSelect';

/** Runs events from rest; returns what was acted on, in order, and the final state. */
function run(events: ActionSelectEvent[]): { acted: string[]; state: ActionSelectState } {
  let state: ActionSelectState = { value: '', browsing: false };
  const acted: string[] = [];
  for (const e of events) {
    const r = actionSelectStep(state, e);
    state = r.state;
    if (r.act !== null) acted.push(r.act);
  }
  return { acted, state };
}
const key = (k: string, modifier = false): ActionSelectEvent => ({ kind: 'key', key: k, modifier });
const change = (value: string): ActionSelectEvent => ({ kind: 'change', value });

describe('actionSelectStep (a select that acts, operable by keyboard without acting by accident)', () => {
  it('acts at once on a change with no browsing key before it (mouse, the open list, scripts)', () => {
    expect(run([change('caucus:a')])).toEqual({ acted: ['caucus:a'], state: { value: '', browsing: false } });
  });

  it('does not act while the arrow keys browse past options; Enter acts on the one shown', () => {
    const browsing = run([key('ArrowDown'), change('lobby'), key('ArrowDown'), change('caucus:a')]);
    expect(browsing.acted).toEqual([]);
    expect(browsing.state).toEqual({ value: 'caucus:a', browsing: true });
    expect(run([key('ArrowDown'), change('lobby'), key('ArrowDown'), change('caucus:a'), key('Enter')]).acted).toEqual(['caucus:a']);
  });

  it('treats type-ahead letters as browsing too', () => {
    expect(run([key('C'), change('caucus:a')]).acted).toEqual([]);
  });

  it('puts the select back, acting on nothing, on Escape or when focus leaves', () => {
    expect(run([key('ArrowDown'), change('lobby'), key('Escape')])).toEqual({ acted: [], state: { value: '', browsing: false } });
    expect(run([key('ArrowDown'), change('lobby'), { kind: 'blur' }])).toEqual({ acted: [], state: { value: '', browsing: false } });
  });

  it('does nothing on Enter at rest, and lets Tab and shortcuts through without browsing', () => {
    expect(run([key('Enter')]).acted).toEqual([]);
    expect(run([key('Tab'), change('joint')]).acted).toEqual(['joint']);
    expect(run([key('d', true), change('joint')]).acted).toEqual(['joint']);
  });
});
