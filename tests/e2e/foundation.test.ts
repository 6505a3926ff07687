/**
 * The walking skeleton in a real browser: a mediator creates a session on the landing page, two
 * parties open their invite links in separate browser contexts, and everyone really exchanges
 * audio and video through mediasoup (Debian's Chromium with its fake camera and microphone).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenOf } from '../helpers/server.js';
import {
  claimsOf,
  closePerson,
  consumerStats,
  dropSockets,
  errorReport,
  joinByLink,
  openJoin,
  participantIdOf,
  poll,
  screenshot,
  tamperedLink,
  trackSockets,
  waitForFlowingMedia,
  waitForNoConsumers,
  type Person,
} from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';

describe('foundation: create a session, join by link, joint video room', () => {
  // No session yet: the mediator creates it on the landing page.
  const room = useBrowserRoom({ session: false });
  let mediator: Person;
  let ana: Person;
  let ben: Person;
  let stranger: Person | undefined;
  const links: { mediator: string; ana: string; ben: string } = { mediator: '', ana: '', ben: '' };
  const ids: { mediator: string; ana: string; ben: string } = { mediator: '', ana: '', ben: '' };

  beforeAll(async () => {
    mediator = await room.person('mediator');
    ana = await room.person('ana');
    await trackSockets(ana.context);
    ben = await room.person('ben');
  });

  it('lets the mediator create a session with one invite link per person on the landing page', async () => {
    const page = mediator.page;
    await page.goto(room.app.url, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('session-title').fill('Smith v. Jones');
    await page.getByTestId('your-name').fill('Maria Mediator');
    // The foundation is the joint room; admitting from the waiting room belongs to the caucus suite.
    await page.getByLabel(/waiting room/i).uncheck();
    const names = page.getByTestId('invitee-name');
    await names.nth(0).fill('Ana Claimant');
    await names.nth(1).fill('Ben Respondent');
    await page.getByTestId('create-session').click();

    await expect.poll(() => page.getByTestId('invite-row').count(), { timeout: 30_000 }).toBe(2);
    links.ana = (await page.locator('[data-testid="invite-link"][data-name="Ana Claimant"]').getAttribute('href'))!;
    links.ben = (await page.locator('[data-testid="invite-link"][data-name="Ben Respondent"]').getAttribute('href'))!;
    links.mediator = (await page.getByTestId('mediator-link').getAttribute('href'))!;
    expect(await page.locator('[data-testid="invite-link"][data-name="Ana Claimant"]').getAttribute('data-role')).toBe('party');
    for (const link of Object.values(links)) expect(link).toMatch(new RegExp(`^${room.app.url}/join#t=`));
    ids.mediator = participantIdOf(links.mediator);
    ids.ana = participantIdOf(links.ana);
    ids.ben = participantIdOf(links.ben);
    expect(new Set(Object.values(ids)).size).toBe(3);
    await screenshot(page, 'foundation-invite-links');
  });

  it('lets the mediator and two parties join by link and see and hear each other', async () => {
    await mediator.page.getByTestId('enter-room').click();
    await mediator.page.getByTestId('join-button').waitFor({ state: 'visible' });
    await mediator.page.getByTestId('join-button').click();
    // The join page names the session and the invited person (editable) before anyone joins.
    await openJoin(ana.page, links.ana);
    await expect.poll(() => ana.page.getByTestId('join-title').innerText()).toBe('Smith v. Jones');
    expect(await ana.page.getByTestId('your-name').textContent()).toBe('Ana Claimant');
    await ana.page.getByTestId('join-button').click();
    await joinByLink(ben.page, links.ben);

    const everyone = [
      { person: mediator, id: ids.mediator, name: 'Maria Mediator' },
      { person: ana, id: ids.ana, name: 'Ana Claimant' },
      { person: ben, id: ids.ben, name: 'Ben Respondent' },
    ];
    try {
      for (const viewer of everyone) {
        for (const other of everyone) {
          if (other.id === viewer.id) continue;
          // Frames decoded and audio packets received, both still increasing: real media, now.
          await waitForFlowingMedia(viewer.person.page, other.id, 120_000);
          const tile = viewer.person.page.locator(`[data-testid="video-tile"][data-participant-id="${other.id}"]`);
          await tile.waitFor({ state: 'visible' });
          expect(await tile.getAttribute('data-name')).toBe(other.name);
        }
      }
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${errorReport([mediator, ana, ben])}`);
    }

    const anaSees = await consumerStats(ana.page);
    expect(anaSees.filter((s) => s.participantId === ids.ben && s.kind === 'video')[0]?.framesDecoded).toBeGreaterThan(0);
    expect(anaSees.filter((s) => s.participantId === ids.ben && s.kind === 'audio')[0]?.packetsReceived).toBeGreaterThan(0);
    await screenshot(mediator.page, 'foundation-room-mediator');
    await screenshot(ana.page, 'foundation-room-ana');
    await screenshot(ben.page, 'foundation-room-ben');
  });

  it('shows everyone that a party muted their microphone, and that they unmuted it', async () => {
    const toggle = ana.page.getByTestId('toggle-mic');
    const anaTileAtBen = ben.page.locator(`[data-testid="video-tile"][data-participant-id="${ids.ana}"]`);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed'), { timeout: 30_000 }).toBe('true');
    await expect.poll(() => anaTileAtBen.getAttribute('data-muted'), { timeout: 30_000 }).toBe('true');
    await screenshot(ben.page, 'foundation-ana-muted-seen-by-ben');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed'), { timeout: 30_000 }).toBe('false');
    await expect.poll(() => anaTileAtBen.getAttribute('data-muted'), { timeout: 30_000 }).toBe('false');
    await waitForFlowingMedia(ben.page, ids.ana, 60_000);
  });

  it('reconnects a party whose connection dropped, says so meanwhile, and restores media both ways', async () => {
    const state = ana.page.getByTestId('connection-state');
    // The words shown while reconnecting, read in the page the moment the state shows: a quick
    // reconnection can be over before a separate read from here (seen on a loaded machine).
    const sawReconnecting = ana.page.waitForFunction(
      () => (document.querySelector('[data-testid="connection-state"][data-state="reconnecting"]') as HTMLElement | null)?.innerText || null,
      undefined,
      { timeout: 30_000, polling: 'raf' },
    );
    expect(await dropSockets(ana.page)).toBeGreaterThan(0);
    expect(await (await sawReconnecting).jsonValue()).toMatch(/reconnect/i);
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 60_000 }).toBe('connected');
    await waitForFlowingMedia(ben.page, ids.ana, 120_000);
    await waitForFlowingMedia(ana.page, ids.ben, 120_000);
    await waitForFlowingMedia(mediator.page, ids.ana, 120_000);
  });

  it('removes the tile and the media of a party who leaves, for everyone else', async () => {
    await ben.page.getByTestId('leave').click();
    for (const viewer of [mediator, ana]) {
      await poll(async () => (await viewer.page.locator(`[data-testid="video-tile"][data-participant-id="${ids.ben}"]`).count()) === 0, {
        what: `${viewer.name} to lose Ben's tile`,
        timeoutMs: 30_000,
      });
      await waitForNoConsumers(viewer.page, ids.ben);
    }
    // The two who stayed still see and hear each other.
    await waitForFlowingMedia(ana.page, ids.mediator, 60_000);
    await waitForFlowingMedia(mediator.page, ids.ana, 60_000);
    await screenshot(ana.page, 'foundation-after-leave-ana');
  });

  it('shows a page that says the link is invalid for a tampered link, not a blank screen', async () => {
    stranger = await room.person('stranger');
    await stranger.page.goto(tamperedLink(links.ana), { waitUntil: 'domcontentloaded' });
    const error = stranger.page.getByTestId('link-error');
    await error.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await error.getAttribute('data-reason')).toBe('invalid');
    await expect.poll(() => error.innerText()).toMatch(/invalid/i);
    expect(await stranger.page.getByTestId('join-button').count()).toBe(0);
    await screenshot(stranger.page, 'foundation-tampered-link');
  });

  it('says a link was revoked once the mediator revokes it, and that a link without its code is incomplete', async () => {
    const sessionId = claimsOf(links.mediator).sid;
    const res = await fetch(`${room.app.url}/api/sessions/${sessionId}/participants/${ids.ben}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokenOf(links.mediator)}` } });
    expect(res.status).toBe(204);
    const page = stranger!.page;
    await page.goto(links.ben, { waitUntil: 'domcontentloaded' });
    // Same path, new fragment: force a fresh document so the join page checks the link again.
    await page.reload({ waitUntil: 'domcontentloaded' });
    const error = page.getByTestId('link-error');
    await expect.poll(() => error.getAttribute('data-reason'), { timeout: 30_000 }).toBe('revoked');
    await expect.poll(() => error.innerText()).toMatch(/revoked/i);
    await screenshot(page, 'foundation-revoked-link');

    await page.goto(`${room.app.url}/join`, { waitUntil: 'domcontentloaded' });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.getByTestId('link-error').getAttribute('data-reason'), { timeout: 30_000 }).toBe('missing');
  });

  it('says a link has expired, and offers no join button, for a link past its expiry', async () => {
    // The API's shortest link lifetime is an hour, so sign an already-expired link with the test
    // server's own secret for a real participant: only the expiry is wrong with it.
    const claims = claimsOf(links.ana);
    const { token } = await room.app.ctx.tokens.sign({ sessionId: claims.sid, participantId: ids.ana, role: 'party', side: 'Claimant' }, -60);
    const page = stranger!.page;
    await page.goto(`${room.app.url}/join#t=${token}`, { waitUntil: 'domcontentloaded' });
    await page.reload({ waitUntil: 'domcontentloaded' });
    const error = page.getByTestId('link-error');
    await expect.poll(() => error.getAttribute('data-reason'), { timeout: 30_000 }).toBe('expired');
    await expect.poll(() => error.innerText()).toMatch(/expired/i);
    expect(await page.getByTestId('join-button').count()).toBe(0);
    await screenshot(page, 'foundation-expired-link');
  });

  it('copies a link without the Clipboard API (plain http on a LAN address), and offers a manual copy when even that fails', async () => {
    const copier = await room.person('copier');
    try {
      // What a mediator on http://192.168.x.y gets: no navigator.clipboard. execCommand is stubbed so
      // the test decides whether the fallback copy works.
      await copier.context.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
        const w = window as unknown as { __copyWorks?: boolean; __copied?: string[] };
        w.__copied = [];
        Document.prototype.execCommand = function (cmd: string) {
          if (cmd !== 'copy' || !w.__copyWorks) return false;
          w.__copied!.push(String(window.getSelection()?.toString() || (document.activeElement as HTMLTextAreaElement | null)?.value));
          return true;
        };
      });
      const page = copier.page;
      await page.goto(room.app.url, { waitUntil: 'domcontentloaded' });
      await page.getByTestId('session-title').fill('Copy check');
      await page.getByTestId('your-name').fill('Maria Mediator');
      await page.getByTestId('invitee-name').nth(0).fill('Ana Claimant');
      await page.getByTestId('create-session').click();
      const own = (await page.getByTestId('mediator-link').getAttribute('href', { timeout: 30_000 }))!;
      const button = page.getByRole('button', { name: 'Copy your own link' });

      await button.click();
      const field = page.getByTestId('copy-manual-field');
      await field.waitFor({ state: 'visible', timeout: 10_000 });
      expect(await field.inputValue()).toBe(own);
      expect(await page.getByTestId('copy-manual-hint').innerText()).toMatch(/^Select and copy/);
      // The link is already selected, ready for Ctrl+C.
      expect(await field.evaluate((el: HTMLInputElement) => el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0))).toBe(own);
      await screenshot(page, 'foundation-copy-manual');

      await page.evaluate(() => void ((window as unknown as { __copyWorks: boolean }).__copyWorks = true));
      await button.click();
      await expect.poll(() => button.innerText()).toBe('Copied');
      expect(await page.evaluate(() => (window as unknown as { __copied: string[] }).__copied)).toEqual([own]);
    } finally {
      await closePerson(copier);
    }
  });
});
