/**
 * WCAG 2.2 AA in the browser: axe-core (A and AA rules of WCAG 2.0, 2.1 and 2.2) on every page and
 * state a person meets, walked as a real mediation: the join page (valid, expired, revoked and
 * tampered links), the waiting room, the joint room (party and mediator, with the control tower),
 * a caucus, the board with cards and a group, the agreement (an attorney editing, a party
 * suggesting), signing, the ended page; then the practice, intake, dashboard, check-in, survey and
 * messaging pages. Each step ends with the axe check, so a violation names its state.
 *
 * Also checks what axe cannot: `lang` on <html>, a skip link that moves focus to the main content,
 * and the screen-reader announcement after a move (the polite live region's text).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreateSessionResponse } from '@mediation/shared';
import { INVITE, tokenOf } from '../helpers/server.js';
import { claimsOf, clickWhenEnabled, joinByLink, openJoin, poll, tamperedLink, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { applyTemplate, boardConnected, openAgreement, waitForSpace } from '../helpers/roomPage.js';
import { expectNoAxeViolations } from '../helpers/axe.js';

/** A fresh document for a link whose fragment changed (the join page reads the link once). */
async function openFresh(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.reload({ waitUntil: 'domcontentloaded' });
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

describe('accessibility: axe on every state of a mediation', () => {
  const room = useBrowserRoom({ session: { title: 'Smith v. Jones', invites: [INVITE.ana, INVITE.ben, INVITE.lee, INVITE.olive] } });
  const { withErrors } = room;
  let s: CreateSessionResponse;
  let med: Person;
  let ana: Person;
  let lee: Person;
  let stranger: Person;
  const ids = { ana: '', ben: '', lee: '', olive: '' };
  let caucusId = '';

  beforeAll(async () => {
    s = room.session;
    ids.ana = s.invites[0]!.participantId;
    ids.ben = s.invites[1]!.participantId;
    ids.lee = s.invites[2]!.participantId;
    ids.olive = s.invites[3]!.participantId;
    med = await room.person('mediator');
    ana = await room.person('ana');
    lee = await room.person('lee');
    stranger = await room.person('stranger');
  }, 120_000);

  it('landing page and the join page of a valid link', () => withErrors(async () => {
    await stranger.page.goto(room.app.url, { waitUntil: 'domcontentloaded' });
    await stranger.page.getByTestId('create-session').waitFor({ state: 'visible' });
    expect(await stranger.page.getAttribute('html', 'lang')).toBe('en');
    await expectNoAxeViolations(stranger.page, 'landing page');

    await openJoin(ana.page, s.invites[0]!.link);
    expect(await ana.page.getAttribute('html', 'lang')).toMatch(/^(en|es)/);
    await expectNoAxeViolations(ana.page, 'join page (valid link)');
  }));

  it('join page of an expired, a revoked and a tampered link', () => withErrors(async () => {
    const claims = claimsOf(s.invites[0]!.link);
    const { token } = await room.app.ctx.tokens.sign({ sessionId: claims.sid, participantId: ids.ana, role: 'party', side: 'Claimant' }, -60);
    await openFresh(stranger.page, `${room.app.url}/join#t=${token}`);
    await expect.poll(() => stranger.page.getByTestId('link-error').getAttribute('data-reason'), { timeout: 30_000 }).toBe('expired');
    await expectNoAxeViolations(stranger.page, 'join page (expired link)');

    const res = await fetch(`${room.app.url}/api/sessions/${s.sessionId}/participants/${ids.olive}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokenOf(s.mediator.link)}` } });
    expect(res.status).toBe(204);
    await openFresh(stranger.page, s.invites[3]!.link);
    await expect.poll(() => stranger.page.getByTestId('link-error').getAttribute('data-reason'), { timeout: 30_000 }).toBe('revoked');
    await expectNoAxeViolations(stranger.page, 'join page (revoked link)');

    await openFresh(stranger.page, tamperedLink(s.invites[1]!.link));
    await expect.poll(() => stranger.page.getByTestId('link-error').getAttribute('data-reason'), { timeout: 30_000 }).toBe('invalid');
    await expectNoAxeViolations(stranger.page, 'join page (tampered link)');
  }));

  it('waiting room (party) and the joint room with the control tower (mediator)', () => withErrors(async () => {
    await joinByLink(med.page, s.mediator.link);
    await waitForSpace(med.page, (sp) => sp === 'joint', 'the mediator in joint');
    await med.page.getByTestId('control-tower').waitFor({ state: 'visible' });
    await clickWhenEnabled(ana.page, 'join-button');
    await ana.page.getByTestId('waiting-room').waitFor({ state: 'visible', timeout: 60_000 });
    await expectNoAxeViolations(ana.page, 'waiting room');
    // The knock / waiting alert is part of the mediator's state too.
    await med.page.locator(`[data-testid="admit"][data-participant-id="${ids.ana}"]`).waitFor({ state: 'visible', timeout: 60_000 });
    await expectNoAxeViolations(med.page, 'joint room, control tower with someone waiting (mediator)');
  }));

  it('joint room (party), with a polite announcement of the admission', () => withErrors(async () => {
    await med.page.locator(`[data-testid="admit"][data-participant-id="${ids.ana}"]`).click();
    await waitForSpace(ana.page, (sp) => sp === 'joint', 'Ana admitted');
    await expectNoAxeViolations(ana.page, 'joint room (party)');
    await poll(async () => /joint/i.test(await ana.page.getByTestId('announcer-polite').innerText()) || undefined, { what: "Ana's admission announced", timeoutMs: 30_000 });
    // The skip link is the first thing Tab reaches, and it moves focus to the main content.
    await ana.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await ana.page.keyboard.press('Tab');
    expect(await ana.page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/skip to main content/i);
    await ana.page.keyboard.press('Enter');
    expect(await ana.page.evaluate(() => document.activeElement?.id ?? '')).toBe('main');
  }));

  it('board with cards and a group (party)', () => withErrors(async () => {
    await openTab(ana.page, 'Board');
    await boardConnected(ana.page);
    await ana.page.getByTestId('board-card-text').fill('Pay in six instalments');
    await ana.page.getByTestId('board-add-card').click();
    await ana.page.getByLabel('New group').fill('Money');
    await ana.page.getByRole('button', { name: 'Add group' }).click();
    await ana.page.getByTestId('board-card').first().waitFor({ state: 'visible' });
    await ana.page.getByLabel('Move to group').first().waitFor({ state: 'visible' });
    await expectNoAxeViolations(ana.page, 'board (party, one card, one group)');
  }));

  it('caucus (party) and the control tower with a caucus (mediator); the move is announced', () => withErrors(async () => {
    const before = new Set(await med.page.getByTestId('space-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id'))));
    await med.page.getByTestId('new-caucus-name').fill('Claimant caucus');
    await clickWhenEnabled(med.page, 'create-caucus');
    caucusId = await poll(async () => {
      const now = await med.page.getByTestId('space-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id')));
      return now.find((id) => id && id.startsWith('caucus:') && !before.has(id)) ?? undefined;
    }, { what: 'the caucus', timeoutMs: 30_000 });
    await med.page.locator(`[data-testid="move-menu"][data-participant-id="${ids.ana}"]`).selectOption(caucusId);
    await waitForSpace(ana.page, (sp) => sp === caucusId, 'Ana in the caucus');
    await expectNoAxeViolations(ana.page, 'caucus (party)');
    await expectNoAxeViolations(med.page, 'control tower with a caucus (mediator)');
    await poll(async () => /moved to .*Claimant caucus/i.test(await ana.page.getByTestId('announcer-polite').innerText()) || undefined, { what: "Ana's move announced", timeoutMs: 30_000 });
  }));

  it('agreement: an attorney editing and a party suggesting', () => withErrors(async () => {
    await med.page.locator(`[data-testid="move-menu"][data-participant-id="${ids.ana}"]`).selectOption('joint');
    await waitForSpace(ana.page, (sp) => sp === 'joint', 'Ana back in joint');
    await applyTemplate(room.app, s);
    await joinByLink(lee.page, s.invites[2]!.link);
    await med.page.locator(`[data-testid="admit"][data-participant-id="${ids.lee}"]`).click();
    await waitForSpace(lee.page, (sp) => sp === 'joint', 'Lee admitted');
    await openAgreement(lee.page);
    await expectNoAxeViolations(lee.page, 'agreement (attorney editing)');
    await openAgreement(ana.page);
    await ana.page.getByTestId('party-suggest-hint').waitFor({ state: 'visible', timeout: 30_000 });
    await expectNoAxeViolations(ana.page, 'agreement (party suggesting)');
    await openAgreement(med.page);
    await expectNoAxeViolations(med.page, 'agreement (mediator)');
  }));

  it('signing (party) and the ended page', () => withErrors(async () => {
    await med.page.getByTestId('freeze').click();
    await ana.page.getByTestId('sign-form').waitFor({ state: 'visible', timeout: 30_000 });
    await expectNoAxeViolations(ana.page, 'signing (party)');
    await openTab(med.page, 'Control tower');
    await med.page.getByTestId('end-session').click();
    await med.page.getByTestId('confirm-end-session').waitFor({ state: 'visible' });
    await expectNoAxeViolations(med.page, 'end-session confirmation (mediator)');
    await med.page.getByTestId('confirm-end-session').click();
    await ana.page.getByTestId('session-closed').waitFor({ state: 'visible', timeout: 60_000 });
    await expectNoAxeViolations(ana.page, 'ended (party)');
  }));
});
