/**
 * The call layout in real Chromium, for a mediator, a party and an attorney, at a laptop
 * (1280x800) and a phone (390x844): structural facts that can fail (the room never scrolls the
 * document, the control bar is inside the window with targets of at least 24x24, the video stays
 * on screen with the board / agreement / chat / tower open, phone panels are full-screen sheets
 * that close, the tower shows 12 people in 4 spaces on one screen, a person moves between spaces
 * by dragging and by the Move menu, the agreement editor gets the width), and screenshots of every
 * main screen at both sizes in light and dark to tests/artifacts/screens/ (looked at by eye, not
 * compared by pixel).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreateSessionResponse } from '@mediation/shared';
import { INVITE } from '../helpers/server.js';
import { ARTIFACTS_DIR, clickWhenEnabled, joinByLink, openJoin, participantIdOf, poll, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { applyTemplate, closePanel, openAgreement, openBoard, openPanel, waitForSpace, type RoomPanel } from '../helpers/roomPage.js';
import type { TestClient } from '../helpers/socketClient.js';

const SCREENS = path.join(ARTIFACTS_DIR, 'screens');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Nine more people, joined by socket.io clients, so the tower shows a session of 12. */
const EXTRA = [
  INVITE.ben,
  INVITE.kim,
  INVITE.cora,
  { displayName: 'Dana Claimant', role: 'party', side: 'Claimant' },
  { displayName: 'Eli Respondent', role: 'party', side: 'Respondent' },
  { displayName: 'Fay Expert', role: 'party', side: 'Claimant' },
  { displayName: 'Gus Adjuster', role: 'party', side: 'Respondent' },
  INVITE.olive,
  { displayName: 'Ivy Counsel', role: 'attorney', side: 'Respondent' },
] as const;

/** Screenshots of one screen at both sizes, light and dark; back to laptop and light afterwards. */
async function shoot(page: Page, name: string, sizes = [LAPTOP, PHONE]): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  try {
    for (const size of sizes) {
      await page.setViewportSize(size);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.waitForTimeout(250);
        await page.screenshot({ path: path.join(SCREENS, `${name}-${size.width}x${size.height}-${scheme}.png`), fullPage: true });
      }
      await expectControlsInsideWidth(page, `${name} at ${size.width}x${size.height}`);
    }
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize(LAPTOP);
  }
}

/** Every visible control lies within the window's width and within every box that clips or scrolls
 * it (a button running off the right edge of a phone, or hidden behind a sideways scroll nobody
 * expects, cannot be read or pressed): checked on every screenshot, so a new form that overflows
 * fails here whatever screen it is on. Only the rows meant to scroll sideways (tab lists, the
 * stage steps) may hold controls beyond their edge. */
async function expectControlsInsideWidth(page: Page, what: string): Promise<void> {
  const outside = await page.evaluate(() => {
    const SIDEWAYS_SCROLLERS = "[role='tablist'], .stage-steps";
    const width = window.innerWidth;
    const overflows = (r: DOMRect, left: number, right: number) => r.left < left - 1 || r.right > right + 1;
    /** What cuts the control off: the window, a box that clips or scrolls it, or null. */
    const clipper = (el: Element, r: DOMRect): string | null => {
      if (overflows(r, 0, width)) {
        // Name the outermost box that is itself too wide: that is where the fix goes.
        let widest: Element | null = null;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (a.getBoundingClientRect().right > width + 1) widest = a;
        return `the window (0..${width})${widest ? `; too wide from ${widest.tagName.toLowerCase()}.${[...widest.classList].join('.')} (${Math.round(widest.getBoundingClientRect().width)} px)` : ''}`;
      }
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflowX === 'visible') continue;
        const box = a.getBoundingClientRect();
        if (overflows(r, box.left, box.right)) return `${a.tagName.toLowerCase()}.${[...a.classList].join('.')} (${Math.round(box.left)}..${Math.round(box.right)})`;
      }
      return null;
    };
    return [...document.querySelectorAll('button, input, select, textarea, a[href], summary')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') return false;
        if (el.closest(SIDEWAYS_SCROLLERS)) return false;
        return clipper(el, r) !== null;
      })
      .map((el) => {
        const r = el.getBoundingClientRect();
        const c = clipper(el, r);
        const label = el.getAttribute('aria-label') ?? el.getAttribute('data-testid') ?? el.getAttribute('placeholder') ?? (el.textContent || (el as HTMLInputElement).name || el.id);
        const where = el.closest('[data-testid], [aria-label], section, form')?.getAttribute('data-testid') ?? el.closest('[aria-label]')?.getAttribute('aria-label') ?? '';
        return `${el.tagName.toLowerCase()} "${label.trim().slice(0, 40)}" in "${where}" at ${Math.round(r.left)}..${Math.round(r.right)}, cut off by ${c}`;
      });
  });
  // Thrown rather than compared: the list must be read whole (vitest shortens long strings).
  if (outside.length > 0) throw new Error(`controls outside the window's width on ${what}:\n${outside.join('\n')}`);
}

interface Box { x: number; y: number; width: number; height: number }
const inside = (b: Box, w: number, h: number) => b.width > 0 && b.height > 0 && b.x >= -1 && b.y >= -1 && b.x + b.width <= w + 1 && b.y + b.height <= h + 1;

/** The frame's facts at the page's current size: no document scroll, the control bar inside the
 * window with every visible button at least 24x24, and the video stage visible inside it. */
async function expectRoomFrame(page: Page, what: string, opts: { stage?: boolean } = {}): Promise<void> {
  const facts = await page.evaluate(() => {
    const box = (el: Element | null) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const bar = document.querySelector('.control-bar');
    const buttons = bar
      ? [...bar.querySelectorAll('button, summary')].filter((b) => (b as HTMLElement).offsetParent !== null && !b.closest('.bar-more-menu')).map((b) => ({ name: b.getAttribute('aria-label') ?? b.textContent ?? '', ...box(b)! }))
      : [];
    return {
      scrollHeight: Math.max(document.documentElement.scrollHeight, document.body.scrollHeight),
      scrollWidth: document.documentElement.scrollWidth,
      innerHeight: window.innerHeight,
      innerWidth: window.innerWidth,
      bar: box(bar),
      buttons,
      stage: box(document.querySelector('[data-testid="stage"]')),
    };
  });
  expect(facts.scrollHeight, `${what}: the document scrolls`).toBeLessThanOrEqual(facts.innerHeight + 1);
  expect(facts.scrollWidth, `${what}: the document scrolls sideways`).toBeLessThanOrEqual(facts.innerWidth + 1);
  expect(facts.bar, `${what}: no control bar`).not.toBeNull();
  expect(inside(facts.bar!, facts.innerWidth, facts.innerHeight), `${what}: control bar outside the window ${JSON.stringify(facts.bar)}`).toBe(true);
  expect(facts.buttons.length, `${what}: no buttons in the bar`).toBeGreaterThan(2);
  for (const b of facts.buttons) {
    expect(b.width >= 24 && b.height >= 24, `${what}: "${b.name}" is ${b.width}x${b.height}`).toBe(true);
    expect(inside(b, facts.innerWidth, facts.innerHeight), `${what}: "${b.name}" is outside the window`).toBe(true);
  }
  if (opts.stage !== false) {
    expect(facts.stage, `${what}: no stage`).not.toBeNull();
    expect(inside(facts.stage!, facts.innerWidth, facts.innerHeight), `${what}: the video stage is not visible ${JSON.stringify(facts.stage)}`).toBe(true);
    // A strip beside a wide panel is still a usable picture (not a sliver).
    expect(facts.stage!.width * facts.stage!.height, `${what}: the stage is a sliver`).toBeGreaterThan(150 * 150);
  }
}

/** On a phone a panel is a sheet over the whole screen, and its close button closes it. */
async function expectSheet(page: Page, panel: RoomPanel): Promise<void> {
  await openPanel(page, panel);
  const box = (await page.getByTestId(`panel-${panel}`).boundingBox())!;
  expect(box.x).toBeLessThanOrEqual(1);
  expect(box.y).toBeLessThanOrEqual(1);
  expect(box.width).toBeGreaterThanOrEqual(PHONE.width - 1);
  expect(box.height).toBeGreaterThanOrEqual(PHONE.height - 1);
  const close = (await page.getByTestId(`close-panel-${panel}`).boundingBox())!;
  expect(close.width >= 24 && close.height >= 24).toBe(true);
  await closePanel(page, panel);
  expect(await page.getByTestId(`panel-${panel}`).isVisible()).toBe(false);
}

describe('call layout: a full-window room at a laptop and a phone size', () => {
  const room = useBrowserRoom({ session: { title: 'Smith v. Jones', invites: [INVITE.ana, INVITE.lee, ...EXTRA] } });
  const { withErrors } = room;
  let s: CreateSessionResponse;
  let med: Person;
  let ana: Person;
  let lee: Person;
  let cora: TestClient;
  const ids: Record<string, string> = {};
  const caucuses: string[] = [];

  beforeAll(async () => {
    s = room.session;
    s.invites.forEach((inv, i) => (ids[i === 0 ? 'ana' : i === 1 ? 'lee' : EXTRA[i - 2]!.displayName] = inv.participantId));
    med = await room.person('mediator');
    ana = await room.person('ana');
    lee = await room.person('lee');
  }, 120_000);

  it('join page and waiting room are one column that fits a phone', () => withErrors(async () => {
    await joinByLink(med.page, s.mediator.link);
    await med.page.getByTestId('control-tower').waitFor({ state: 'visible', timeout: 60_000 });
    await openJoin(ana.page, s.invites[0]!.link);
    await shoot(ana.page, 'join');
    await ana.page.setViewportSize(PHONE);
    // One-handed: the join button is reachable without sideways scrolling.
    const join = (await ana.page.getByTestId('join-button').boundingBox())!;
    expect(join.x + join.width).toBeLessThanOrEqual(PHONE.width);
    expect(await ana.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width + 1);
    await ana.page.setViewportSize(LAPTOP);
    await ana.page.getByTestId('join-button').click();
    await ana.page.getByTestId('waiting-room').waitFor({ state: 'visible', timeout: 60_000 });
    await shoot(ana.page, 'waiting-room');
    await ana.page.setViewportSize(PHONE);
    expect(await ana.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width + 1);
    const leave = (await ana.page.getByTestId('leave').boundingBox())!;
    expect(leave.height).toBeGreaterThanOrEqual(24);
    await ana.page.setViewportSize(LAPTOP);
  }), 240_000);

  it('joint: mediator, party and attorney each get the full-window frame at both sizes', () => withErrors(async () => {
    await joinByLink(lee.page, s.invites[1]!.link);
    await lee.page.getByTestId('waiting-room').waitFor({ state: 'visible', timeout: 60_000 });
    await med.page.getByTestId('admit-all-top').click();
    await waitForSpace(ana.page, (sp) => sp === 'joint', 'Ana admitted');
    await waitForSpace(lee.page, (sp) => sp === 'joint', 'Lee admitted');
    await ana.page.locator(`[data-testid="video-tile"][data-participant-id="${participantIdOf(s.mediator.link)}"]`).waitFor({ state: 'visible', timeout: 60_000 });
    for (const [who, p] of [['mediator', med], ['party', ana], ['attorney', lee]] as const) {
      for (const size of [LAPTOP, PHONE]) {
        await p.page.setViewportSize(size);
        await p.page.waitForTimeout(200);
        await expectRoomFrame(p.page, `${who} joint ${size.width}x${size.height}`);
      }
      await p.page.setViewportSize(LAPTOP);
    }
    await shoot(ana.page, 'joint-party');
    await shoot(lee.page, 'joint-attorney');
    await shoot(med.page, 'joint-mediator-tower');
  }), 240_000);

  it('the video stays on screen with each panel open (laptop), and panels are full-screen sheets that close (phone)', () => withErrors(async () => {
    for (const panel of ['chat', 'people', 'board', 'agreement'] as const) {
      await openPanel(ana.page, panel);
      await expectRoomFrame(ana.page, `party with ${panel} open`);
    }
    for (const panel of ['tower', 'tools', 'board', 'chat'] as const) {
      await openPanel(med.page, panel);
      await expectRoomFrame(med.page, `mediator with ${panel} open`);
    }
    await ana.page.setViewportSize(PHONE);
    await ana.page.locator('[data-testid="room-shell"][data-narrow="true"]').waitFor({ timeout: 10_000 });
    // Whatever was open on the laptop, the phone shows one sheet; close everything first.
    for (const panel of ['agreement', 'board', 'people', 'chat'] as const) await closePanel(ana.page, panel);
    await expectRoomFrame(ana.page, 'party on a phone, no panel');
    for (const panel of ['chat', 'people', 'board'] as const) await expectSheet(ana.page, panel);
    // What the sheets look like (phone only: on a laptop they are the side panels above).
    for (const panel of ['chat', 'board'] as const) {
      await openPanel(ana.page, panel);
      await shoot(ana.page, `sheet-${panel}-party`, [PHONE]);
      await ana.page.setViewportSize(PHONE);
      await closePanel(ana.page, panel);
    }
    await ana.page.setViewportSize(LAPTOP);
    await openPanel(ana.page, 'chat');
  }), 240_000);

  it('tower: 12 people in 4 spaces fit one laptop screen; moves work by dragging and by the Move menu', () => withErrors(async () => {
    cora = await room.control(s.invites[EXTRA.indexOf(INVITE.cora) + 2]!.link);
    const others: TestClient[] = [];
    for (const inv of s.invites.slice(2)) if (inv.participantId !== ids[INVITE.cora.displayName]) others.push(await room.control(inv.link));
    await openPanel(med.page, 'tower');
    await clickWhenEnabled(med.page, 'admit-all-top');
    for (const name of ['Claimant caucus', 'Respondent caucus', 'Experts']) {
      const r = await cora.request('control:createSpace', { name });
      if (!r.ok) throw new Error(r.error.message);
      caucuses.push(r.data.space);
    }
    const move = async (names: string[], to: string) => {
      const r = await cora.request('control:move', { participantIds: names.map((n) => ids[n]!), to: to as never });
      if (!r.ok) throw new Error(r.error.message);
    };
    await move(['ana', 'lee', 'Dana Claimant'], caucuses[0]!);
    await move([INVITE.ben.displayName, INVITE.kim.displayName, 'Eli Respondent'], caucuses[1]!);
    await move(['Fay Expert', 'Gus Adjuster'], caucuses[2]!);
    await waitForSpace(ana.page, (sp) => sp === caucuses[0], 'Ana in the claimant caucus');
    await closePanel(med.page, 'chat');
    await closePanel(med.page, 'tools');
    const rows = med.page.getByTestId('tower-person');
    await poll(async () => ((await rows.count()) === 12 ? true : undefined), { what: '12 people in the tower', timeoutMs: 60_000 });
    // Waiting room + joint + 3 caucuses. Polled like the rows: the 12 rows can be on screen (all
    // admitted to joint) before the render that shows the new caucuses.
    await poll(async () => ((await med.page.getByTestId('space-card').count()) === 5 ? true : undefined), { what: '5 space cards in the tower', timeoutMs: 30_000 });
    await shoot(med.page, 'tower-12-people');
    // One screen: every person's row is inside the tower panel's visible area, none below a scroll.
    const body = (await med.page.locator('[data-testid="panel-tower"] .panel-body').boundingBox())!;
    for (const box of await rows.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }))) {
      const within = box.y >= body.y - 1 && box.y + box.height <= body.y + body.height + 1 && box.x >= body.x - 1 && box.x + box.width <= body.x + body.width + 1;
      expect(within, `a tower row at ${JSON.stringify(box)} is outside the tower's visible area ${JSON.stringify(body)}`).toBe(true);
    }
    await expectRoomFrame(med.page, 'mediator tower with 12 people');

    // Drag Fay from "Experts" to joint: the HTML drag events with one DataTransfer, as a browser
    // sends them (Playwright's mouse-driven dragTo did not start a native drag here).
    const fay = med.page.locator(`[data-testid="tower-person"][data-participant-id="${ids['Fay Expert']}"]`);
    const jointCard = med.page.locator('[data-testid="space-card"][data-space-id="joint"]');
    const dataTransfer = await med.page.evaluateHandle(() => new DataTransfer());
    await fay.dispatchEvent('dragstart', { dataTransfer });
    await jointCard.dispatchEvent('dragover', { dataTransfer });
    await jointCard.dispatchEvent('drop', { dataTransfer });
    await poll(async () => (await med.page.locator(`[data-testid="space-card"][data-space-id="joint"] [data-participant-id="${ids['Fay Expert']}"]`).count()) > 0 || undefined, { what: 'Fay dragged to joint', timeoutMs: 30_000 });
    // And back with the Move menu (no dragging).
    await med.page.locator(`[data-testid="move-menu"][data-participant-id="${ids['Fay Expert']}"]`).selectOption(caucuses[2]!);
    await poll(async () => (await med.page.locator(`[data-testid="space-card"][data-space-id="${caucuses[2]}"] [data-participant-id="${ids['Fay Expert']}"]`).count()) > 0 || undefined, { what: 'Fay moved back by the menu', timeoutMs: 30_000 });
    await openPanel(med.page, 'tools');
    await expectRoomFrame(med.page, 'mediator with tower and session tools');
    await shoot(med.page, 'tower-and-tools');
    await closePanel(med.page, 'tools');
  }), 300_000);

  it('caucus: the party sees where she is, who hears her, and can knock', () => withErrors(async () => {
    await ana.page.getByTestId('knock').waitFor({ state: 'visible', timeout: 30_000 });
    await expectRoomFrame(ana.page, 'party in a caucus');
    await shoot(ana.page, 'caucus-party');
    await shoot(lee.page, 'caucus-attorney');
  }), 240_000);

  it('board and agreement: wide panels with the video as a strip; the attorney edits with the full width', () => withErrors(async () => {
    await cora.request('control:allToJoint', { confirmSeparate: true });
    await waitForSpace(ana.page, (sp) => sp === 'joint', 'Ana back in joint');
    await waitForSpace(lee.page, (sp) => sp === 'joint', 'Lee back in joint');
    await openBoard(ana.page);
    await expectRoomFrame(ana.page, 'party with the board');
    await shoot(ana.page, 'board-party');
    await applyTemplate(room.app, s);
    await closePanel(lee.page, 'chat');
    await openAgreement(lee.page);
    await expectRoomFrame(lee.page, 'attorney with the agreement');
    // The editor has the width: not a cramped column beside the redline.
    const panel = (await lee.page.getByTestId('panel-agreement').boundingBox())!;
    const editor = (await lee.page.getByTestId('agreement-editor').boundingBox())!;
    expect(editor.width, 'the editor is a cramped column').toBeGreaterThan(panel.width * 0.7);
    const side = await lee.page.locator('.agreement-side').boundingBox();
    if (side) expect(side.y, 'the side column is beside the editor').toBeGreaterThanOrEqual(editor.y + 50);
    await shoot(lee.page, 'agreement-attorney');
  }), 300_000);

  it('signing and the ended page', () => withErrors(async () => {
    await openAgreement(med.page);
    await openAgreement(ana.page);
    await med.page.getByTestId('freeze').click();
    const form = ana.page.getByTestId('sign-form');
    await form.waitFor({ state: 'visible', timeout: 30_000 });
    await form.scrollIntoViewIfNeeded();
    await shoot(ana.page, 'signing-party');
    await ana.page.setViewportSize(PHONE);
    await ana.page.waitForTimeout(200);
    // One-handed signing on a phone: the agreement sheet shows the form and its button.
    await openPanel(ana.page, 'agreement');
    await form.waitFor({ state: 'visible', timeout: 30_000 });
    await form.getByTestId('sign-submit').scrollIntoViewIfNeeded();
    const submit = (await form.getByTestId('sign-submit').boundingBox())!;
    expect(inside(submit, PHONE.width, PHONE.height), `the sign button is off screen ${JSON.stringify(submit)}`).toBe(true);
    await shoot(ana.page, 'signing-sheet-party', [PHONE]);
    await ana.page.setViewportSize(LAPTOP);
    await openPanel(med.page, 'tools');
    await med.page.getByTestId('end-session').click();
    await med.page.getByTestId('confirm-end-session').click();
    await ana.page.getByTestId('ended-agreement-summary').waitFor({ state: 'visible', timeout: 60_000 });
    await shoot(ana.page, 'ended-party');
  }), 300_000);
});
