/**
 * What a mediator and the people on screen are told, in real browsers (issue 10.5, 10.6, 10.9,
 * 10.13): alerts that reach a mediator on any tab, truthful video tiles, links with their validity
 * and re-issue, and the observer's join page and private line to the mediators. A mediator and two
 * parties (and, at the end, an observer), each in their own Chromium context.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreateSessionResponse } from '@mediation/shared';
import { INVITE } from '../helpers/server.js';
import { ARTIFACTS_DIR, clickWhenEnabled, joinByLink, openJoin, poll, waitForFlowingMedia, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { atScreenSizes, crowdedControlBar, openPanel, waitForSpace } from '../helpers/roomPage.js';

/** Screenshots at the two sizes people use (laptop, phone) into tests/artifacts, and into
 * $SHOTS_DIR when set (for looking at them by hand). */
async function shots(page: Page, name: string): Promise<void> {
  const dirs = [ARTIFACTS_DIR, process.env.SHOTS_DIR].filter((d): d is string => !!d);
  await atScreenSizes(page, async (w) => {
    for (const dir of dirs) {
      fs.mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, `attention-${name}-${w}.png`), fullPage: w > 400 ? false : true });
    }
  }, 150);
}

const tile = (page: Page, participantId: string) => page.locator(`[data-testid="video-tile"][data-participant-id="${participantId}"]`);

/** Records, inside the page, every video state a participant's tile shows (checked every 20 ms),
 * so a brief wrong "Camera off" cannot slip between two polls of the test. */
async function recordTileStates(page: Page, participantId: string): Promise<void> {
  await page.evaluate((pid) => {
    const w = window as unknown as { __tileStates?: Record<string, string[]> };
    w.__tileStates ??= {};
    const states: string[] = (w.__tileStates[pid] = []);
    window.setInterval(() => {
      const el = document.querySelector(`[data-testid="video-tile"][data-participant-id="${pid}"]`);
      const s = el?.getAttribute('data-video-state');
      if (s && states[states.length - 1] !== s) states.push(s);
    }, 20);
  }, participantId);
}
const tileStates = (page: Page, participantId: string): Promise<string[]> =>
  page.evaluate((pid) => (window as unknown as { __tileStates: Record<string, string[]> }).__tileStates[pid] ?? [], participantId);

describe('attention: alerts, tiles, links and observers in real browsers', () => {
  const room = useBrowserRoom({ session: { title: 'Mediation room', invites: [INVITE.ana, INVITE.ben, INVITE.olive] } });
  const failWithErrors = room.withErrors;
  let session: CreateSessionResponse;
  let mediator: Person;
  let ana: Person;
  let ben: Person;
  let olive: Person | undefined;
  const ids = { ana: '', ben: '', olive: '' };
  let caucusId = '';

  beforeAll(async () => {
    session = room.session;
    ids.ana = session.invites[0]!.participantId;
    ids.ben = session.invites[1]!.participantId;
    ids.olive = session.invites[2]!.participantId;
    mediator = await room.person('mediator');
    ana = await room.person('ana');
    ben = await room.person('ben');
  });

  it('tells a mediator working on the Board that someone is waiting (badge, banner, title) and admits from the banner', async () => {
    await failWithErrors(async () => {
      await joinByLink(mediator.page, session.mediator.link);
      await mediator.page.getByTestId('control-tower').waitFor({ state: 'visible', timeout: 60_000 });
      await mediator.page.getByTestId('tab-board').click();
      await recordTileStates(mediator.page, ids.ana);

      await joinByLink(ana.page, session.invites[0]!.link);
      await ana.page.getByTestId('waiting-room').waitFor({ state: 'visible', timeout: 60_000 });

      const alert = mediator.page.locator('[data-testid="mediator-alert"][data-kind="waiting"]', { hasText: 'Ana Claimant is waiting to be admitted' });
      await alert.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await mediator.page.getByTestId('tab-badge-tower').innerText()).toBe('1');
      await expect.poll(() => mediator.page.title(), { timeout: 10_000 }).toMatch(/^\(1\) /);
      await shots(mediator.page, 'waiting-alert-on-board');

      // In the tower, a person in the waiting room carries no red "Muted" (nobody sends sound there).
      await mediator.page.getByTestId('tab-tower').click();
      const waitingRow = mediator.page.locator(`[data-testid="tower-person"][data-participant-id="${ids.ana}"]`);
      await waitingRow.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await waitingRow.getByTestId('tower-muted').count()).toBe(0);
      expect(await waitingRow.innerText()).not.toContain('Muted');
      await mediator.page.getByTestId('tab-board').click();

      await alert.getByTestId('alert-admit').click();
      await waitForSpace(ana.page, (s) => s === 'joint', 'Ana to be admitted from the banner');
      await expect.poll(() => mediator.page.getByTestId('tab-badge-tower').count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => mediator.page.title(), { timeout: 10_000 }).not.toMatch(/^\(/);
    });
  });

  it('never shows "Camera off" for a party whose camera is on, and shows initials when she turns it off', async () => {
    await failWithErrors(async () => {
      await waitForFlowingMedia(mediator.page, ids.ana, 120_000);
      await expect.poll(() => tile(mediator.page, ids.ana).getAttribute('data-video-state'), { timeout: 30_000 }).toBe('video');
      // From her arrival until her picture showed, the mediator's tile of Ana was never "Camera off".
      // The page's sampler reads the tile every 20 ms, so it may see "video" a moment after the
      // poll above did (a busy page runs its timers late): wait for it too, then read its history.
      await expect.poll(async () => (await tileStates(mediator.page, ids.ana)).at(-1), { timeout: 5000 }).toBe('video');
      const states = await tileStates(mediator.page, ids.ana);
      expect(states).not.toContain('off');
      expect(await tile(mediator.page, ids.ana).getByText('Camera off').count()).toBe(0);

      await ana.page.getByTestId('toggle-camera').click();
      await expect.poll(() => tile(mediator.page, ids.ana).getAttribute('data-video-state'), { timeout: 30_000 }).toBe('off');
      const anaTile = tile(mediator.page, ids.ana);
      await expect.poll(() => anaTile.locator('.tile-initials').innerText(), { timeout: 5000 }).toBe('AC');
      expect(await anaTile.locator('.tile-initials').isVisible()).toBe(true);
      expect(await anaTile.getByTestId('tile-state').innerText()).toBe('Camera off');
      await shots(mediator.page, 'tile-camera-off');

      await ana.page.getByTestId('toggle-camera').click();
      await expect.poll(() => tile(mediator.page, ids.ana).getAttribute('data-video-state'), { timeout: 30_000 }).toBe('video');
    });
  });

  it('alerts a mediator on the Board to a knock from a caucus (badge and title), and shows a raised hand on the tile', async () => {
    await failWithErrors(async () => {
      await mediator.page.getByTestId('tab-tower').click();
      await mediator.page.getByTestId('new-caucus-name').fill('Claimant caucus');
      await clickWhenEnabled(mediator.page, 'create-caucus');
      caucusId = await poll(async () => {
        const all = await mediator.page.getByTestId('space-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id')));
        return all.find((id) => id?.startsWith('caucus:')) ?? undefined;
      }, { what: 'the caucus card', timeoutMs: 30_000 });
      await mediator.page.locator(`[data-testid="move-menu"][data-participant-id="${ids.ana}"]`).selectOption(caucusId);
      await waitForSpace(ana.page, (s) => s === caucusId, 'Ana to be in the caucus');
      await mediator.page.getByTestId('tab-board').click();

      await ana.page.getByTestId('knock').click();
      const knock = mediator.page.locator('[data-testid="mediator-alert"][data-kind="knock"]', { hasText: 'Ana Claimant knocked in Claimant caucus' });
      await knock.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await mediator.page.getByTestId('tab-badge-tower').innerText()).toBe('1');
      await expect.poll(() => mediator.page.title(), { timeout: 10_000 }).toMatch(/^\(1\) /);
      await shots(mediator.page, 'knock-alert-on-board');

      // "Go to the control tower" opens the tower, where the knock can be answered.
      await knock.getByTestId('alert-go').click();
      await mediator.page.locator('[data-testid="knock-item"]', { hasText: 'Ana Claimant' }).waitFor({ state: 'visible', timeout: 10_000 });
      await shots(mediator.page, 'knock-on-tower');
      await mediator.page.locator('[data-testid="knock-item"]', { hasText: 'Ana Claimant' }).getByTestId('knock-join').click();
      await waitForSpace(mediator.page, (s) => s === caucusId, 'the mediator to answer the knock by joining');
      await expect.poll(() => mediator.page.getByTestId('tab-badge-tower').count(), { timeout: 10_000 }).toBe(0);

      // Back to joint together; Ana raises her hand: it shows on her tile on the mediator's page.
      await mediator.page.locator(`[data-testid="move-menu"][data-participant-id="${ids.ana}"]`).selectOption('joint');
      await waitForSpace(ana.page, (s) => s === 'joint', 'Ana to be back in joint');
      await mediator.page.locator('[data-testid="space-card"][data-space-id="joint"] [data-testid="go-here"]').click();
      await waitForSpace(mediator.page, (s) => s === 'joint', 'the mediator to be back in joint');
      await mediator.page.getByTestId('tab-board').click();
      await ana.page.getByTestId('raise-hand').click();
      await tile(mediator.page, ids.ana).getByTestId('tile-hand').waitFor({ state: 'visible', timeout: 30_000 });
      expect(await tile(mediator.page, ids.ana).getAttribute('data-hand')).toBe('true');
      await mediator.page.locator('[data-testid="mediator-alert"][data-kind="hand"]', { hasText: 'Ana Claimant raised a hand' }).waitFor({ state: 'visible', timeout: 10_000 });
      await shots(mediator.page, 'hand-on-tile');
      await ana.page.getByTestId('raise-hand').click();
      await expect.poll(() => tile(mediator.page, ids.ana).getAttribute('data-hand'), { timeout: 30_000 }).toBe('false');
    });
  });

  it('lists every link with its validity, re-issues one, and the old link says it was replaced', async () => {
    await failWithErrors(async () => {
      await mediator.page.getByTestId('tab-tower').click();
      // Links and the audit log are session tools, in their own panel beside the tower.
      await openPanel(mediator.page, 'tools');
      const rows = mediator.page.getByTestId('link-row');
      await poll(async () => ((await rows.count()) === 4 ? true : undefined), { what: 'four link rows (mediator and three invitees)', timeoutMs: 30_000 });
      expect(await rows.first().innerText()).toContain('(you)');
      for (const text of await mediator.page.getByTestId('link-validity').allInnerTexts()) expect(text).toMatch(/^Valid until .+, \d{2}:\d{2}$/);

      const oliveRow = mediator.page.locator(`[data-testid="link-row"][data-participant-id="${ids.olive}"]`);
      await oliveRow.getByTestId('reissue').click();
      await oliveRow.getByTestId('reissue-validity').selectOption('24');
      await oliveRow.scrollIntoViewIfNeeded();
      await shots(mediator.page, 'links-reissue-form');
      await oliveRow.getByTestId('confirm-reissue').click();
      await oliveRow.getByTestId('link-replaced').waitFor({ state: 'visible', timeout: 30_000 });
      // A day's validity is within 24 h of ending, so the row warns.
      expect(await oliveRow.getAttribute('data-validity')).toBe('soon');
      const newLink = await oliveRow.getByTestId('link-text').getAttribute('href');
      expect(newLink).toBeTruthy();
      expect(newLink).not.toBe(session.invites[2]!.link);
      await shots(mediator.page, 'links-after-reissue');

      // The audit log says it in words; the event name stays under "Technical details".
      await mediator.page.getByTestId('audit-load').click();
      const audit = mediator.page.getByTestId('audit-table');
      await audit.waitFor({ state: 'visible', timeout: 30_000 });
      await expect.poll(() => audit.innerText(), { timeout: 10_000 }).toContain('Sent a new link to Olive Observer; the old link no longer works.');
      expect(await audit.innerText()).not.toContain('invite.reissued');
      expect(await audit.innerText()).not.toContain(ids.olive);

      olive = await room.person('olive');
      await olive.page.goto(session.invites[2]!.link, { waitUntil: 'domcontentloaded' });
      const error = olive.page.getByTestId('link-error');
      await error.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await error.getAttribute('data-reason')).toBe('replaced');
      expect(await error.innerText()).toContain('This link was replaced by a new one');
      // The code is there on demand only.
      expect(await error.innerText()).not.toContain('TOKEN_REVOKED');
      await shots(olive.page, 'old-link-replaced');

      // The new link: an observer gets no camera check, only a plain note.
      // A fresh load: only the fragment differs, which would not reload the page.
      await olive.page.goto('about:blank');
      await openJoin(olive.page, newLink!);
      await olive.page.getByTestId('observer-note').waitFor({ state: 'visible', timeout: 10_000 });
      expect(await olive.page.getByTestId('camera-preview').count()).toBe(0);
      expect(await olive.page.getByTestId('observer-note').innerText()).toContain('you will see and hear, but not be seen or heard');
      await shots(olive.page, 'observer-join');
    });
  });

  it('lets the observer write privately to the mediators from the room', async () => {
    await failWithErrors(async () => {
      await clickWhenEnabled(olive!.page, 'join-button');
      await olive!.page.getByTestId('waiting-room').waitFor({ state: 'visible', timeout: 60_000 });
      await mediator.page.locator(`[data-testid="admit"][data-participant-id="${ids.olive}"]`).click();
      await waitForSpace(olive!.page, (s) => s === 'joint', 'Olive to be admitted');
      expect(await olive!.page.getByTestId('chat-target').inputValue()).toBe('mediators');
      const note = `observer-note-${Date.now()}`;
      await olive!.page.getByTestId('chat-input').fill(note);
      await clickWhenEnabled(olive!.page, 'chat-send');
      await mediator.page.locator('[data-testid="chat-message"]', { hasText: note }).waitFor({ state: 'attached', timeout: 30_000 });
      // A later joint message is the barrier: Ana shows it, so a leaked note would be there too.
      const barrier = `barrier-${Date.now()}`;
      await openPanel(mediator.page, 'chat');
      await mediator.page.getByTestId('chat-input').fill(barrier);
      await clickWhenEnabled(mediator.page, 'chat-send');
      await ana.page.locator('[data-testid="chat-message"]', { hasText: barrier }).waitFor({ state: 'attached', timeout: 30_000 });
      expect(await ana.page.content()).not.toContain(note);
      await shots(olive!.page, 'observer-room');
      // Her bar's note and buttons side by side, at a laptop's and a phone's width.
      const crowded: string[] = [];
      for (const person of [olive!, ana]) {
        await atScreenSizes(person.page, async (w) => crowded.push(...(await crowdedControlBar(person.page)).map((pair) => `${person.name} at ${w}: ${pair}`)), 150);
      }
      expect(crowded, crowded.join('; ')).toEqual([]);
    });
  });
});
