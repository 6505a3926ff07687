/**
 * The mediator's practice in a real browser, at desktop (1280x800) and phone (390x844) widths:
 * first visit sets up the owner; a case with people by side; a second case that matches the
 * first in the conflict check, decided on the page; a session from the case; invitations in the
 * outbox (no SMTP here); the link in the outbox opens the party's join page. Screenshots of each
 * screen go to tests/artifacts/practice-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closePerson, launchBrowser, newPerson, screenshot, type Person } from '../helpers/browser.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';

const VIEWPORTS = [{ label: '1280', width: 1280, height: 800 }, { label: '390', width: 390, height: 844 }] as const;

let app: TestServer;
let browser: Browser;
let mediator: Person;

beforeAll(async () => {
  app = await startTestServer();
  browser = await launchBrowser();
  mediator = await newPerson(browser, 'mediator', app.url);
});
afterAll(async () => {
  await closePerson(mediator);
  await browser?.close();
  await stopTestServer(app);
});

async function shoot(page: Page, name: string) {
  for (const v of VIEWPORTS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    await screenshot(page, `practice-${name}-${v.label}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function fillPerson(page: Page, index: number, p: { name: string; role?: string; side: string; email?: string; org?: string }) {
  const row = page.getByTestId('person-draft').nth(index);
  await row.getByTestId('person-name').fill(p.name);
  if (p.role) await row.getByTestId('person-role').selectOption(p.role);
  await row.getByTestId('person-side').fill(p.side);
  if (p.email) await row.getByTestId('person-email').fill(p.email);
  if (p.org) await row.getByTestId('person-org').fill(p.org);
}

describe('practice in the browser', () => {
  it('sets up the owner, opens cases, records a conflict decision, creates a session and finds the invitations in the outbox', async () => {
    const { page } = mediator;
    await page.goto(`${app.url}/practice`);
    await page.getByTestId('setup-form').waitFor();
    await shoot(page, 'setup');
    await page.getByLabel('Practice name').fill('Calm Waters Mediation');
    await page.getByLabel('Your name').fill('Maria Mediator');
    await page.getByLabel('Email').fill('maria@calmwaters.test');
    await page.getByLabel(/^Password/).fill('correct horse battery');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    await shoot(page, 'home-empty');

    // The first case, with a script tag in its title (shown as text).
    await page.getByTestId('new-case').click();
    await page.getByTestId('case-title').fill('PixelForge Studio v. Harbor Bakery, invoice #2024-117 <script>alert(1)</script>');
    await page.getByTestId('case-type').fill('client-service / fee');
    await fillPerson(page, 0, { name: 'Ana Diaz', side: 'Claimant', email: 'ana@pixelforge.test', org: 'PixelForge Studio' });
    await fillPerson(page, 1, { name: 'Tom Brennan', side: 'Respondent', email: 'tom@harborbakery.test', org: 'Harbor Bakery, LLC' });
    await page.getByTestId('add-person').click();
    await fillPerson(page, 2, { name: 'Jordan Lee', role: 'counsel', side: 'Claimant', email: 'lee@lawfirm.test' });
    await shoot(page, 'new-case-form');
    await page.getByTestId('create-case').click();
    await page.getByTestId('case-heading').waitFor();
    expect(await page.getByTestId('case-heading').textContent()).toContain('<script>alert(1)</script>');
    expect(await page.getByTestId('case-person').count()).toBe(3);
    await shoot(page, 'case-clear');

    // A second case that shares a person and an organisation with the first.
    await page.goto(`${app.url}/practice`);
    await page.getByTestId('new-case').click();
    await page.getByTestId('case-title').fill('Harbor Bakery v. Flour Supply Co');
    await page.getByTestId('case-type').fill('supply contract');
    await fillPerson(page, 0, { name: 'Tom Brennan', side: 'Claimant', org: 'Harbor Bakery' });
    await fillPerson(page, 1, { name: 'Fiona Flour', side: 'Respondent', email: 'fiona@flour.test' });
    await page.getByTestId('create-case').click();
    await page.getByTestId('conflict-match').first().waitFor();
    expect(await page.getByTestId('conflict-match').count()).toBe(2);
    await expect.poll(() => page.getByTestId('create-session').isDisabled()).toBe(true);
    await shoot(page, 'conflict-matches');
    await page.getByLabel('Disclosed and waived').check();
    await page.getByTestId('decision-note').fill('Disclosed to both sides; both waived in writing.');
    await page.getByTestId('record-decision').click();
    await page.getByTestId('conflict-decision').waitFor();
    expect(await page.getByTestId('case-history').textContent()).toContain('Conflict check decision: Disclosed and waived');

    // A session with everyone's links, then the invitations.
    await page.getByTestId('session-kind').selectOption('main');
    // Three weeks ahead (links last at most 90 days, so sessions are scheduled within that).
    await page.getByTestId('session-start').fill(`${new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10)}T10:30`);
    await page.getByTestId('create-session').click();
    await page.getByTestId('case-session').waitFor();
    await page.getByTestId('send-invitations').click();
    await page.getByTestId('case-notice').waitFor();
    expect(await page.getByTestId('case-notice').textContent()).toMatch(/1 in the outbox/);
    await shoot(page, 'case-session');

    await page.goto(`${app.url}/practice`);
    await page.getByTestId('cases-by-stage').waitFor();
    expect(await page.getByTestId('case-link').count()).toBe(2);
    expect(await page.getByTestId('cases-by-stage').textContent()).toMatch(/Scheduling.*Intake|Intake.*Scheduling/s);
    await shoot(page, 'home-cases');

    await page.goto(`${app.url}/practice/outbox`);
    await page.getByTestId('outbox-email').first().waitFor();
    const text = await page.getByTestId('outbox-email').first().textContent();
    expect(text).toContain('fiona@flour.test');
    expect(text).toContain('with a calendar invite');
    await shoot(page, 'outbox');

    // The link in the outbox opens Fiona's join page.
    const link = /https?:\/\/\S+?\/join#t=[A-Za-z0-9._-]+/.exec(text ?? '')?.[0];
    expect(link).toBeDefined();
    const fiona = await newPerson(browser, 'fiona', app.url);
    try {
      await fiona.page.setViewportSize({ width: 390, height: 844 });
      await fiona.page.goto(link!);
      await fiona.page.getByTestId('join-button').waitFor({ state: 'visible' });
      expect(await fiona.page.textContent('body')).toContain('Fiona Flour');
      await screenshot(fiona.page, 'practice-party-join-390');
    } finally {
      await closePerson(fiona);
    }

    // Signing out returns to the sign-in page.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor();
    await shoot(page, 'sign-in');
    expect(mediator.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
