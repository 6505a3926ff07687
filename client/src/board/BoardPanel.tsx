import type { PanelProps } from '../panelProps';

/** Stub until the board lands. */
export function BoardPanel(_props: PanelProps) {
  return <p>The brainstorming board is not available yet.</p>;
}
