/**
 * Names in the browser: the join page shows the invited name (it cannot be typed over), a person
 * asks for a correction there, the mediator sees the request in the people list and approves it,
 * and the person's tile shows the corrected name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestSession, startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { assertClientBuilt, clickWhenEnabled, closePerson, errorReport, launchBrowser, newPerson, openJoin, poll, type Person } from '../helpers/browser.js';

const SHOTS = '/tmp/shots/identity';
async function shots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [w, h] of [[1280, 800], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${w}x${h}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('names in the browser', () => {
  let app: TestServer | undefined;
  let browser: Browser | undefined;
  let mediator: Person;
  let ana: Person;

  beforeAll(async () => {
    assertClientBuilt();
    app = await startTestServer();
    browser = await launchBrowser();
    mediator = await newPerson(browser, 'mediator', app.url);
    ana = await newPerson(browser, 'ana', app.url);
  });
  afterAll(async () => {
    for (const p of [mediator, ana]) await closePerson(p);
    await browser?.close().catch(() => undefined);
    await stopTestServer(app);
  });

  it('shows the invited name read-only, sends a correction to the mediator, who approves it in the people list', async () => {
    const s = await createTestSession(app!, { settings: { waitingRoom: false } });
    await openJoin(mediator.page, s.mediator.link);
    await clickWhenEnabled(mediator.page, 'join-button');

    await openJoin(ana.page, s.invites[0]!.link);
    // The name is shown, not editable.
    expect(await ana.page.getByTestId('your-name').textContent()).toBe('Ana Claimant');
    expect(await ana.page.locator('input[data-testid="your-name"]').count()).toBe(0);
    await ana.page.getByTestId('ask-name-correction').click();
    await ana.page.getByTestId('name-correction').fill('Ana Claimant-Reyes');
    await shots(ana.page, 'join-page-name-correction');
    await clickWhenEnabled(ana.page, 'join-button');

    const request = mediator.page.locator('[data-participant-id="' + s.invites[0]!.participantId + '"] [data-testid="name-correction"]');
    await poll(() => request.isVisible(), { what: `the correction in the mediator’s people list\n${errorReport([mediator, ana])}`, timeoutMs: 30_000 });
    expect(await request.textContent()).toContain('Ana Claimant-Reyes');
    await shots(mediator.page, 'mediator-people-list-name-correction');
    await request.getByRole('button', { name: 'Use this name' }).click();

    await poll(async () => (await ana.page.locator('[data-name="Ana Claimant-Reyes"]').count()) > 0, { what: 'the corrected name on Ana’s own tile', timeoutMs: 30_000 });
    expect(app!.ctx.storage.getParticipant(s.invites[0]!.participantId)!.displayName).toBe('Ana Claimant-Reyes');
    await shots(ana.page, 'room-after-name-approved');
  });
});
