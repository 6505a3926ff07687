/**
 * What several end-to-end tests do in the room page the same way: read where the page says its
 * person is, open a panel (Board, Agreement, Control tower, Session tools, Chat...) and wait until it is live, apply the agreement
 * template as the mediator, take screenshots at a laptop and a phone size.
 */
import type { Page } from 'playwright-core';
import type { RunningApp } from '@mediation/server/app';
import type { CreateSessionResponse } from '@mediation/shared';
import { poll } from './browser.js';
import { tokenOf } from './server.js';

/** Where the page says its person is (the where-am-i banner carries the space id). */
export const spaceOf = (page: Page): Promise<string | null> =>
  page.getByTestId('where-am-i').getAttribute('data-space', { timeout: 2000 }).catch(() => null);

/** Waits until the page says its person is in a space that `matches`; returns that space. */
export async function waitForSpace(page: Page, matches: (space: string) => boolean, what: string): Promise<string> {
  return poll(async () => {
    const space = await spaceOf(page);
    return space && matches(space) ? space : undefined;
  }, { what, timeoutMs: 60_000 });
}

/** Waits until the board panel says it is connected to its document. */
export async function boardConnected(page: Page, what = 'board connected', timeoutMs = 60_000): Promise<void> {
  await poll(async () => (await page.getByTestId('board-status').getAttribute('data-status', { timeout: 2000 })) === 'connected' || undefined, { what, timeoutMs });
}

/** The room's panels (client/src/layout/panels.ts): wide ones beside the video strip, side ones
 * at the right; on a phone each is a full-screen sheet. */
export type RoomPanel = 'tower' | 'board' | 'agreement' | 'followup' | 'chat' | 'people' | 'tools';
const PANEL_NAMES: Record<string, RoomPanel> = { 'control tower': 'tower', board: 'board', agreement: 'agreement', 'follow-up': 'followup', chat: 'chat', people: 'people', 'session tools': 'tools' };

/** Opens a panel with its control-bar button (or, on a phone, from "More"), unless it is already
 * showing; waits until it is visible. Accepts the panel id or its name ("Control tower"). */
export async function openPanel(page: Page, panel: RoomPanel | string): Promise<void> {
  const id = (PANEL_NAMES[panel.toLowerCase()] ?? panel) as RoomPanel;
  const narrow = await layoutSettled(page);
  const shown = page.getByTestId(`panel-${id}`);
  if (await shown.isVisible().catch(() => false)) return;
  const button = page.getByTestId(`tab-${id}`);
  if (!narrow) await button.click();
  else if (await button.isVisible().catch(() => false)) await button.click();
  else {
    await page.getByTestId('bar-more').click();
    await page.getByTestId(`more-${id}`).click();
  }
  await shown.waitFor({ state: 'visible', timeout: 30_000 });
}

/** Waits until the room has re-laid itself out for the page's current size (after a resize the
 * switch between the wide and the phone layout takes a render); returns whether it is the phone one. */
async function layoutSettled(page: Page): Promise<boolean> {
  const narrow = (page.viewportSize()?.width ?? 1280) <= 760;
  if ((await page.getByTestId('room-shell').count()) === 0) return narrow;
  // 30 s: on a loaded CI machine a starved renderer can take long over one re-render.
  await page.locator(`[data-testid="room-shell"][data-narrow="${narrow}"]`).waitFor({ timeout: 30_000 }).catch(async (err: Error) => {
    const shells = await page.getByTestId('room-shell').evaluateAll((els) => els.map((e) => ({ narrow: e.getAttribute('data-narrow'), shown: (e as HTMLElement).offsetParent !== null || getComputedStyle(e).position === 'fixed', width: window.innerWidth })));
    throw new Error(`${err.message}\nexpected data-narrow=${narrow} for viewport ${JSON.stringify(page.viewportSize())}; room shells: ${JSON.stringify(shells)}`);
  });
  return narrow;
}

/** Closes a panel with its close button, if it is showing. */
export async function closePanel(page: Page, panel: RoomPanel): Promise<void> {
  await layoutSettled(page);
  const shown = page.getByTestId(`panel-${panel}`);
  if (!(await shown.isVisible().catch(() => false))) return;
  await page.getByTestId(`close-panel-${panel}`).click();
  await shown.waitFor({ state: 'hidden', timeout: 30_000 });
}

/** Opens the Board panel and waits until the board is live. */
export async function openBoard(page: Page): Promise<void> {
  await openPanel(page, 'board');
  await boardConnected(page);
}

export const editorOf = (page: Page) => page.getByTestId('agreement-editor');

/** Opens the Agreement panel and waits until the editor shows the template's title. */
export async function openAgreement(page: Page): Promise<void> {
  await openPanel(page, 'agreement');
  await poll(async () => ((await editorOf(page).textContent({ timeout: 2000 }).catch(() => '')) ?? '').includes('Settlement Agreement') || undefined, { what: 'the agreement to load', timeoutMs: 60_000 });
}

/** Applies the agreement template as the mediator. The agreement API answers the mediator once
 * the room has them in the joint room, so this retries until it does. */
export async function applyTemplate(app: RunningApp, s: CreateSessionResponse): Promise<void> {
  await poll(async () => {
    const t = await fetch(`${app.url}/api/sessions/${s.sessionId}/agreement/template`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(s.mediator.link)}` },
      body: '{}',
    });
    return t.status === 200 || undefined;
  }, { what: 'the template to be applied', timeoutMs: 60_000 });
}

/** The two sizes screenshots are taken at: a laptop and a phone. */
export const SCREEN_SIZES = [[1280, 800], [390, 844]] as const;

/** Calls `shoot` at each screen size (after `settleMs` for the layout), and returns the page to
 * the laptop size, where the tests' next steps click, even when a shot fails. */
export async function atScreenSizes(page: Page, shoot: (width: number, height: number) => Promise<unknown>, settleMs = 0): Promise<void> {
  try {
    for (const [w, h] of SCREEN_SIZES) {
      await page.setViewportSize({ width: w, height: h });
      if (settleMs > 0) await page.waitForTimeout(settleMs);
      await shoot(w, h);
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
}

/**
 * The room's control bar at the page's current size: what it shows side by side (its buttons and
 * the observer's note) as pairs of names that overlap on screen. Empty when nothing is crowded
 * (an observer's long note once pushed Leave over Chat on a phone).
 */
export async function crowdedControlBar(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const items = [...document.querySelectorAll<HTMLElement>('.control-bar .bar-button, .control-bar .observing-note, .control-bar .bar-clock')]
      .map((el) => ({ name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40), box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0);
    const crowded: string[] = [];
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i]!.box;
        const b = items[j]!.box;
        // A pixel of shared edge is not an overlap.
        const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (overlapX > 1 && overlapY > 1) crowded.push(`${items[i]!.name} / ${items[j]!.name}`);
      }
    }
    return crowded;
  });
}
