/**
 * A <select> whose choice does something at once (move a person, hold them) must not act while a
 * keyboard user is only browsing its options with the arrow keys or by typing a letter: on Windows
 * and Linux every arrow press on a closed select fires `change`, so "ArrowDown to look at the
 * options" would move the person to the first one (WCAG 3.2.2 On Input). Chosen with the mouse or
 * the open list, it acts at once; browsed with the keyboard, it acts on Enter, and Escape or
 * leaving the field puts it back. The rules are the pure `actionSelectStep` (unit-tested).
 */
import { useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';

export interface ActionSelectState {
  /** What the select shows. */
  value: string;
  /** The keyboard changed the value without confirming it yet. */
  browsing: boolean;
}

export type ActionSelectEvent =
  | { kind: 'change'; value: string }
  | { kind: 'key'; key: string; modifier: boolean }
  | { kind: 'blur' };

/** Keys that change a closed select's value without meaning "do it" (Space opens the list). */
const BROWSING = /^(ArrowUp|ArrowDown|ArrowLeft|ArrowRight|Home|End|PageUp|PageDown|[^ ])$/;

export function actionSelectStep(state: ActionSelectState, e: ActionSelectEvent, resting = ''): { state: ActionSelectState; act: string | null; handled: boolean } {
  const rest = { value: resting, browsing: false };
  switch (e.kind) {
    case 'change':
      if (state.browsing) return { state: { value: e.value, browsing: true }, act: null, handled: false };
      return { state: rest, act: e.value !== resting ? e.value : null, handled: false };
    case 'key':
      if (e.key === 'Enter') return { state: rest, act: state.value !== resting ? state.value : null, handled: true };
      if (e.key === 'Escape') return { state: rest, act: null, handled: state.value !== resting };
      if (!e.modifier && BROWSING.test(e.key)) return { state: { ...state, browsing: true }, act: null, handled: false };
      return { state, act: null, handled: false };
    case 'blur':
      return { state: rest, act: null, handled: false };
  }
}

export interface ActionSelectProps {
  value: string;
  onChange(e: ChangeEvent<HTMLSelectElement>): void;
  onKeyDown(e: KeyboardEvent<HTMLSelectElement>): void;
  onBlur(): void;
}

export function useActionSelect(act: (value: string) => void, resting = ''): ActionSelectProps {
  const [browsed, setValue] = useState(resting);
  // The latest state without waiting for a render: a key and a change can come in one tick.
  const state = useRef<ActionSelectState>({ value: resting, browsing: false });
  const run = (e: ActionSelectEvent) => {
    const r = actionSelectStep(state.current, e, resting);
    state.current = r.state;
    setValue(r.state.value);
    if (r.act !== null) act(r.act);
    return r.handled;
  };
  return {
    // At rest the select shows `resting` as it is now (it may change from outside, e.g. the server).
    value: state.current.browsing ? browsed : resting,
    onChange: (e) => void run({ kind: 'change', value: e.target.value }),
    onKeyDown: (e) => {
      if (run({ kind: 'key', key: e.key, modifier: e.altKey || e.ctrlKey || e.metaKey })) e.preventDefault();
    },
    onBlur: () => void run({ kind: 'blur' }),
  };
}
