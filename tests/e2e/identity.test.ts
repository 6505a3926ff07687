/**
 * Names in the browser: the join page shows the invited name (it cannot be typed over), a person
 * asks for a correction there, the mediator sees the request in the people list and approves it,
 * and the person's tile shows the corrected name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestSession } from '../helpers/server.js';
import { clickWhenEnabled, errorReport, openJoin, poll, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { atScreenSizes, openPanel } from '../helpers/roomPage.js';

const SHOTS = '/tmp/shots/identity';
async function shots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await atScreenSizes(page, (w, h) => page.screenshot({ path: path.join(SHOTS, `${name}-${w}x${h}.png`), fullPage: true }));
}

describe('names in the browser', () => {
  const room = useBrowserRoom({ session: false });
  let mediator: Person;
  let ana: Person;

  beforeAll(async () => {
    mediator = await room.person('mediator');
    ana = await room.person('ana');
  });

  it('shows the invited name read-only, sends a correction to the mediator, who approves it in the people list', async () => {
    const s = await createTestSession(room.app, { settings: { waitingRoom: false } });
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

    await openPanel(mediator.page, 'people');
    const request = mediator.page.locator('[data-participant-id="' + s.invites[0]!.participantId + '"] [data-testid="name-correction"]');
    await poll(() => request.isVisible(), { what: `the correction in the mediator’s people list\n${errorReport([mediator, ana])}`, timeoutMs: 30_000 });
    expect(await request.textContent()).toContain('Ana Claimant-Reyes');
    await shots(mediator.page, 'mediator-people-list-name-correction');
    await request.getByRole('button', { name: 'Use this name' }).click();

    await poll(async () => (await ana.page.locator('[data-name="Ana Claimant-Reyes"]').count()) > 0, { what: 'the corrected name on Ana’s own tile', timeoutMs: 30_000 });
    expect((await room.app.ctx.stores.sessions.getParticipant(s.invites[0]!.participantId))!.displayName).toBe('Ana Claimant-Reyes');
    await shots(ana.page, 'room-after-name-approved');
  });
});
