/**
 * Keyboard shortcuts for the microphone and the camera, as Google Meet has them (Ctrl+D, Ctrl+E;
 * Cmd on a Mac), plus M and V when the focus is not in a text field (typing an "m" in the chat
 * must never mute anyone).
 */
export type ShortcutAction = 'mic' | 'cam';

export interface KeyInfo {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** The focus is in an input, textarea, select or editable content. */
  inTextField: boolean;
}

export function shortcutFor(e: KeyInfo): ShortcutAction | null {
  const key = e.key.toLowerCase();
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
    if (key === 'd') return 'mic';
    if (key === 'e') return 'cam';
    return null;
  }
  if (e.ctrlKey || e.metaKey || e.altKey || e.inTextField) return null;
  if (key === 'm') return 'mic';
  if (key === 'v') return 'cam';
  return null;
}

export function isTextField(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return (el as HTMLElement).isContentEditable === true || el.closest('[contenteditable="true"]') !== null;
}

/** What the tooltips say. */
export const SHORTCUT_TEXT: Record<ShortcutAction, string> = { mic: 'Ctrl+D or M', cam: 'Ctrl+E or V' };
