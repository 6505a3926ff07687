/**
 * Which panels are open beside the video. Pure, so the rules are unit-tested:
 * - wide panels (control tower, board, agreement, follow-up) take the middle, one at a time;
 *   the video becomes a strip beside them;
 * - side panels (chat, people, session tools) sit at the right, one at a time;
 * - on a phone a panel is a full-screen sheet, one at a time (its own state: toggleSheet).
 */
export const WIDE_PANELS = ['tower', 'board', 'agreement', 'followup'] as const;
export const SIDE_PANELS = ['chat', 'people', 'tools'] as const;
export type WidePanel = (typeof WIDE_PANELS)[number];
export type SidePanel = (typeof SIDE_PANELS)[number];
export type PanelId = WidePanel | SidePanel;

export interface OpenPanels {
  wide: WidePanel | null;
  side: SidePanel | null;
}

export const isWide = (id: PanelId): id is WidePanel => (WIDE_PANELS as readonly string[]).includes(id);

export const isOpen = (open: OpenPanels, id: PanelId): boolean => open.wide === id || open.side === id;

/** What is open on a wide screen when the room first shows: a mediator works from the control
 * tower; the chat is open too (private lines to the mediator matter in mediation). On a phone
 * nothing is (the video has the whole screen). */
export function initialPanels(mediator: boolean): OpenPanels {
  return { wide: mediator ? 'tower' : null, side: 'chat' };
}

/** Opens a panel, replacing the one of its kind. */
export function openPanel(open: OpenPanels, id: PanelId): OpenPanels {
  return isWide(id) ? { ...open, wide: id } : { ...open, side: id };
}

export function closePanel(open: OpenPanels, id: PanelId): OpenPanels {
  if (open.wide === id) return { ...open, wide: null };
  if (open.side === id) return { ...open, side: null };
  return open;
}

/** The control bar's buttons toggle. */
export function togglePanel(open: OpenPanels, id: PanelId): OpenPanels {
  return isOpen(open, id) ? closePanel(open, id) : openPanel(open, id);
}

/** On a phone one sheet shows at a time, chosen on the phone: what was open on a wider window
 * (a rotated tablet, a resized window) does not cover the video, and comes back when it widens. */
export function toggleSheet(sheet: PanelId | null, id: PanelId): PanelId | null {
  return sheet === id ? null : id;
}
