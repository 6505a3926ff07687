/**
 * The whole end of a mediation in real browsers: the mediator freezes the agreement, both parties
 * sign it in their pages, the mediator ends the session; a party's page turns into the ended page
 * with the signed agreement to download, the downloaded PDF carries every signature, and opening
 * the link again later lands on the same page (not an error). Screenshots go to SHOTS_DIR.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreateSessionResponse } from '@mediation/shared';
import { INVITE } from '../helpers/server.js';
import { joinByLink, poll, screenshot, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { applyTemplate, atScreenSizes, openAgreement, openPanel } from '../helpers/roomPage.js';

const t0 = Date.now();
const step = (what: string) => { if (process.env.E2E_STEPS) console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`); };

async function sign(page: Page, name: string): Promise<void> {
  const form = page.getByTestId('sign-form');
  await form.waitFor({ state: 'visible', timeout: 30_000 });
  await form.getByTestId('sign-name').fill(name);
  await form.getByRole('checkbox').check();
  await form.getByTestId('sign-submit').click();
}

/** Screenshots at a desktop and a phone size (SHOTS_DIR, else the test artifacts). */
async function shots(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) { await screenshot(page, `sign-and-end-${name}`); return; }
  fs.mkdirSync(dir, { recursive: true });
  await atScreenSizes(page, (w, h) => page.screenshot({ path: path.join(dir, `${name}-${w}x${h}.png`), fullPage: true }), 200);
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** Clicks a download button and returns the text of the PDF the browser saved. */
async function downloadPdf(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  const file = path.join(os.tmpdir(), `sign-and-end-${process.pid}-${Date.now()}.pdf`);
  await download.saveAs(file);
  try {
    return { name: download.suggestedFilename(), text: pdfText(file) };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('sign and end: the signed agreement is there after "End session"', () => {
  const room = useBrowserRoom({ session: { title: 'Fee dispute', settings: { waitingRoom: false }, invites: [INVITE.ana, INVITE.ben] } });
  const { withErrors } = room;
  let s: CreateSessionResponse;
  let med: Person;
  let ana: Person;
  let ben: Person;
  let later: Person | undefined;

  beforeAll(async () => {
    s = room.session;
    med = await room.person('mediator', s.mediator.link);
    await applyTemplate(room.app, s);
    ana = await room.person('ana');
    ben = await room.person('ben');
    await joinByLink(ana.page, s.invites[0]!.link);
    await joinByLink(ben.page, s.invites[1]!.link);
  }, 240_000);

  it('freeze, both parties sign, the mediator ends the session: the party downloads the signed PDF from the ended page', () => withErrors(async () => {
    await Promise.all([med, ana, ben].map((p) => openAgreement(p.page)));
    step('agreement open for all');
    await med.page.getByTestId('freeze').click();
    for (const p of [ana, ben]) await p.page.getByTestId('frozen-banner').waitFor({ state: 'visible', timeout: 30_000 });
    step('frozen');
    await sign(ana.page, 'Ana Claimant');
    await sign(ben.page, 'ben respondent');
    await poll(async () => ((await med.page.getByTestId('signing-status').innerText()).includes('Fully signed') ? true : undefined), { what: 'the mediator to see it fully signed', timeoutMs: 30_000 });

    step('fully signed');
    await openPanel(med.page, 'tools');
    await med.page.getByTestId('end-session').click();
    await med.page.getByTestId('confirm-end-session').click();

    // Ana's page becomes the ended page: said once, with the signed agreement to take away.
    step('ended');
    const summary = ana.page.getByTestId('ended-agreement-summary');
    await summary.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await summary.getAttribute('data-state')).toBe('fully-signed');
    expect(await summary.innerText()).toContain('signed by everyone who had to sign it');
    const page = await ana.page.locator('main').innerText();
    expect(page.match(/ended this session|ended “Fee dispute”/g)?.length).toBe(1);
    expect(page).not.toMatch(/SESSION_ENDED|Reason code|SHA-256/);
    await shots(ana.page, 'ended-party');

    step('ended page shown');
    const pdf = await downloadPdf(ana.page, 'download-signed-pdf');
    expect(pdf.name).toMatch(/^settlement-agreement-v\d+\.pdf$/);
    expect(pdf.text).toContain('Signed by all required signers on');
    for (const needle of ['Ana Claimant', 'Ben Respondent', 'ben respondent']) expect(pdf.text).toContain(needle);

    // The mediator's page offers it too.
    await med.page.getByTestId('download-signed-pdf').waitFor({ state: 'visible', timeout: 60_000 });
    await shots(med.page, 'ended-mediator');
  }));

  it('opening the link again after the end lands on the ended page with the download, not an error', () => withErrors(async () => {
    later = await room.person('ben-later');
    await later.page.goto(s.invites[1]!.link, { waitUntil: 'domcontentloaded' });
    await later.page.getByTestId('download-signed-pdf').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await later.page.getByTestId('link-error').count()).toBe(0);
    expect(await later.page.locator('main').innerText()).toContain('Your link keeps working for these downloads until');
    const pdf = await downloadPdf(later.page, 'download-signed-pdf');
    expect(pdf.text).toContain('Signed by all required signers on');
    await shots(later.page, 'ended-link-reopened');
  }));
});
