/**
 * Driving a page by keyboard only, as a person who cannot use a mouse would: focus moves with Tab
 * and Shift+Tab, things are done with Enter, Space, the arrow keys and Escape, text is typed. No
 * click, no element.click(), no fill(). Reading the page (what has focus, what a field holds) is
 * allowed: that is what the person's screen or screen reader tells them.
 *
 * Every focus stop that `tabTo` passes is checked for WCAG 2.4.11 (focus not obscured): the focused
 * element's box intersects the viewport and the topmost element at the centre of its visible part
 * is the element itself or inside it (not the fixed control bar, a toast or a backdrop).
 */
import type { Page } from 'playwright-core';
import { poll } from './browser.js';

export interface FocusStop {
  /** The focused element's accessible name (a simplified accname: aria-labelledby, aria-label,
   * label, content, title, placeholder), whitespace collapsed. */
  name: string;
  role: string;
  tag: string;
  /** Why the element is not visible at its centre; null when it is. */
  obscured: string | null;
  /** Why no focus indicator is drawn (2.4.7); null when an outline or a box-shadow ring shows. */
  noRing: string | null;
  /** aria-pressed / aria-selected / aria-expanded, when present. */
  pressed: string | null;
  selected: string | null;
}

/** What has focus now, and whether a sighted keyboard user can see it. */
export async function focusStop(page: Page): Promise<FocusStop | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el === document.documentElement) return null;
    const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const textOf = (node: Element): string => {
      // Content without aria-hidden parts and without form controls' own option lists.
      const copy = node.cloneNode(true) as Element;
      copy.querySelectorAll('[aria-hidden="true"], select, option, input, textarea, style, script').forEach((n) => n.remove());
      return clean(copy.textContent);
    };
    const nameOf = (e: HTMLElement): string => {
      const by = e.getAttribute('aria-labelledby');
      if (by) {
        const t = by.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean).map((n) => textOf(n!)).join(' ');
        if (clean(t)) return clean(t);
      }
      const aria = e.getAttribute('aria-label');
      if (clean(aria)) return clean(aria);
      const labels = (e as HTMLInputElement).labels;
      if (labels && labels.length) {
        const t = Array.from(labels, (l) => textOf(l)).join(' ');
        if (clean(t)) return clean(t);
      }
      if (!(e instanceof HTMLInputElement || e instanceof HTMLSelectElement || e instanceof HTMLTextAreaElement) && !e.isContentEditable) {
        const t = textOf(e);
        if (t) return t;
      }
      return clean(e.getAttribute('title')) || clean(e.getAttribute('placeholder'));
    };
    let obscured: string | null = null;
    const r = el.getBoundingClientRect();
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    if (r.width <= 0 || r.height <= 0) obscured = 'it has no size';
    else if (r.bottom <= 0 || r.top >= vh || r.right <= 0 || r.left >= vw) obscured = `it is outside the viewport (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)})`;
    else {
      const x = (Math.max(r.left, 0) + Math.min(r.right, vw)) / 2;
      const y = (Math.max(r.top, 0) + Math.min(r.bottom, vh)) / 2;
      const hit = document.elementFromPoint(x, y);
      // A label wrapping or naming the control counts as the control (clicking it focuses it).
      const ownLabel = hit && hit.closest('label') && ((hit.closest('label') as HTMLLabelElement).control === el);
      if (!hit || (hit !== el && !el.contains(hit) && !ownLabel)) {
        const who = hit ? `${hit.tagName.toLowerCase()}${hit.id ? `#${hit.id}` : ''}${hit.className && typeof hit.className === 'string' ? `.${hit.className.split(' ').join('.')}` : ''}` : 'nothing';
        obscured = `covered by ${who} at its centre (${Math.round(x)},${Math.round(y)})`;
      }
    }
    // 2.4.7 Focus visible: an outline at least 2px wide, or a box-shadow ring (what the styles use).
    const cs = getComputedStyle(el);
    const outlined = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 && cs.outlineColor !== 'transparent' && !/rgba\(.*, 0\)$/.test(cs.outlineColor);
    const ringed = cs.boxShadow !== 'none' && cs.boxShadow !== '';
    const noRing = outlined || ringed ? null : `outline ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}, box-shadow ${cs.boxShadow}`;
    return {
      noRing,
      name: nameOf(el),
      role: el.getAttribute('role') ?? '',
      tag: el.tagName.toLowerCase(),
      obscured,
      pressed: el.getAttribute('aria-pressed') ?? el.getAttribute('aria-expanded'),
      selected: el.getAttribute('aria-selected'),
    };
  });
}

/** What to tab to: an exact accessible name, a pattern, or any test of the focus stop. */
export type Want = string | RegExp | ((stop: FocusStop) => boolean);
const matches = (name: string, want: string | RegExp) => (typeof want === 'string' ? name === want : want.test(name));
const isWanted = (stop: FocusStop, want: Want) => (typeof want === 'function' ? want(stop) : matches(stop.name, want));

/** Every focus stop seen by tabTo that was obscured (the test asserts this stays empty). */
export const obscuredStops: string[] = [];
/** Every focus stop seen by tabTo that showed no focus indicator (asserted empty too). */
export const unringedStops: string[] = [];

async function press(page: Page, key: string, label: string): Promise<FocusStop | null> {
  await page.keyboard.press(key);
  const stop = await focusStop(page);
  if (stop?.obscured) obscuredStops.push(`[${label}] focus on ${stop.tag} "${stop.name}" is hidden: ${stop.obscured}`);
  if (stop?.noRing && !unringedStops.some((u) => u.includes(`${stop.tag} "${stop.name}"`))) unringedStops.push(`[${label}] focus on ${stop.tag} "${stop.name}" shows no indicator: ${stop.noRing}`);
  return stop;
}

/**
 * Presses Tab (or Shift+Tab) until the focused element's accessible name is `name`; fails after
 * `max` presses. Stops where focus already is when it matches.
 */
export async function tabTo(page: Page, name: Want, opts: { max?: number; back?: boolean; label?: string; moveFirst?: boolean } = {}): Promise<FocusStop> {
  const max = opts.max ?? 250;
  const label = opts.label ?? String(name);
  const now = await focusStop(page);
  if (!opts.moveFirst && now && isWanted(now, name)) return now;
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    const stop = await press(page, opts.back ? 'Shift+Tab' : 'Tab', label);
    if (stop && isWanted(stop, name)) return stop;
    if (seen.length < 400) seen.push(stop ? `${stop.tag}${stop.role ? `[${stop.role}]` : ''} "${stop.name}"` : '(body)');
  }
  throw new Error(`tabTo(${String(name)}): not reached in ${max} presses of ${opts.back ? 'Shift+Tab' : 'Tab'}. Focus went through:\n  ${seen.join('\n  ')}`);
}

/** Like tabTo, but answers false (after one full round) instead of failing. */
export async function tryTabTo(page: Page, name: Want, max = 250): Promise<FocusStop | null> {
  try {
    return await tabTo(page, name, { max });
  } catch {
    return null;
  }
}

/** Types text into the focused field, key by key. */
export async function typeText(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 10 });
}

/** Arrow keys on the focused <select> until the option with this text is the chosen one. */
export async function arrowToOption(page: Page, text: string | RegExp, max = 20): Promise<void> {
  const chosen = () => page.evaluate(() => {
    const s = document.activeElement as HTMLSelectElement | null;
    return s && s.tagName === 'SELECT' ? (s.selectedOptions[0]?.textContent ?? '').trim() : null;
  });
  for (let i = 0; i < max; i++) {
    const now = await chosen();
    if (now === null) throw new Error('arrowToOption: focus is not on a <select>');
    if (matches(now, text)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`arrowToOption: no option ${String(text)} after ${max} presses of ArrowDown (at "${await chosen()}")`);
}

/** Waits until something the person can read on the page says `text`. */
export async function waitForText(page: Page, selector: string, text: string | RegExp, what: string, timeoutMs = 60_000): Promise<void> {
  await poll(async () => {
    const all = await page.locator(selector).allInnerTexts().catch(() => [] as string[]);
    return all.some((t) => (typeof text === 'string' ? t.includes(text) : text.test(t))) || undefined;
  }, { what, timeoutMs });
}
