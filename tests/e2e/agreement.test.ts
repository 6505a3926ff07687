/**
 * The agreement in real browsers: two attorneys (two Chromium contexts) type into the live
 * agreement at the same time and converge; a party (read-only editor) selects a word and suggests
 * a replacement through the server; an attorney accepts it in the side panel and it becomes plain
 * text for everyone. The mediator is a socket.io client in this process (real room join).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CreateSessionResponse } from '@mediation/shared';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { assertClientBuilt, closePerson, errorReport, joinByLink, launchBrowser, newPerson, poll, screenshot, type Person } from '../helpers/browser.js';

const editorOf = (page: Page) => page.getByTestId('agreement-editor');

async function openAgreement(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Agreement' }).click();
  await poll(async () => ((await editorOf(page).textContent({ timeout: 2000 }).catch(() => '')) ?? '').includes('Settlement Agreement') || undefined, { what: 'the agreement to load', timeoutMs: 60_000 });
}

/** Clicks at the end of the paragraph holding `text` and types like a person. */
async function typeAfter(page: Page, text: string, typed: string): Promise<void> {
  const target = editorOf(page).locator('p', { hasText: text }).first();
  // A remote update landing between the click and the editor reading the caret can put the caret
  // back where it was; click again until the caret is in the paragraph.
  await poll(async () => {
    await target.click();
    return (await page.evaluate((t) => window.getSelection()?.anchorNode?.parentElement?.closest('p')?.textContent?.includes(t) ?? false, text)) || undefined;
  }, { what: 'the caret in the paragraph', timeoutMs: 20_000 });
  await page.keyboard.press('End');
  await page.keyboard.type(typed, { delay: 15 });
}

describe('agreement: attorneys co-edit in two browsers; a party suggestion is accepted', () => {
  let app: TestServer | undefined;
  let browser: Browser | undefined;
  let s: CreateSessionResponse;
  let mediator: TestClient | undefined;
  let lee: Person;
  let kim: Person;
  let ana: Person;

  beforeAll(async () => {
    assertClientBuilt();
    app = await startTestServer();
    s = await createTestSession(app, {
      settings: { waitingRoom: false },
      invites: [
        { displayName: 'J. Lee', role: 'attorney', side: 'Claimant' },
        { displayName: 'K. Kim', role: 'attorney', side: 'Respondent' },
        { displayName: 'Ana Claimant', role: 'party', side: 'Claimant' },
      ],
    });
    mediator = await connectClient(app.url, tokenOf(s.mediator.link));
    must(await mediator.request('session:join', {}));
    const t = await fetch(`${app.url}/api/sessions/${s.sessionId}/agreement/template`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(s.mediator.link)}` },
      body: '{}',
    });
    expect(t.status).toBe(200);
    browser = await launchBrowser();
    lee = await newPerson(browser, 'lee', app.url);
    kim = await newPerson(browser, 'kim', app.url);
    ana = await newPerson(browser, 'ana', app.url);
    await joinByLink(lee.page, s.invites[0]!.link);
    await joinByLink(kim.page, s.invites[1]!.link);
    await joinByLink(ana.page, s.invites[2]!.link);
  });

  afterAll(async () => {
    mediator?.close();
    for (const p of [lee, kim, ana]) await closePerson(p);
    await browser?.close().catch(() => undefined);
    await stopTestServer(app);
  });

  const withErrors = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${errorReport([lee, kim, ana])}`);
    }
  };

  it('two attorneys typing at the same time converge on the same text', () => withErrors(async () => {
    await Promise.all([openAgreement(lee.page), openAgreement(kim.page), openAgreement(ana.page)]);
    await Promise.all([
      typeAfter(lee.page, 'each party releases', ' Lee adds this sentence.'),
      typeAfter(kim.page, 'required by law', ' Kim adds this one.'),
    ]);
    await poll(async () => {
      const [a, b] = await Promise.all([editorOf(lee.page).innerText(), editorOf(kim.page).innerText()]);
      return a === b && a.includes('Lee adds this sentence.') && a.includes('Kim adds this one.') ? true : undefined;
    }, { what: 'both editors to converge', timeoutMs: 30_000 });
    await poll(async () => ((await editorOf(ana.page).innerText()).includes('Kim adds this one.') ? true : undefined), { what: 'the party to see both edits', timeoutMs: 30_000 });
    await screenshot(lee.page, 'agreement-coedit-lee');
  }));

  it("a party's suggestion, accepted by an attorney, appears as plain text for everyone", () => withErrors(async () => {
    // Ana selects the word "admission" in "No admission." (her editor is read-only) and suggests a replacement.
    await ana.page.evaluate(() => {
      const root = document.querySelector('[data-testid="agreement-editor"]')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const t = n as Text;
        const i = t.data.indexOf('No admission');
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(t, i + 3);
        range.setEnd(t, i + 12);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        return;
      }
      throw new Error('text not found');
    });
    await ana.page.getByTestId('suggest-text').fill('concession');
    await ana.page.getByTestId('suggest-apply').click();
    // It reaches the attorney's editor as a marked suggestion, and his suggestion list.
    await lee.page.locator('[data-testid="agreement-editor"] ins.suggest-insert', { hasText: 'concession' }).waitFor({ state: 'visible', timeout: 30_000 });
    const card = lee.page.getByTestId('suggestion').filter({ hasText: 'concession' });
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await card.textContent()).toContain('Ana Claimant');
    await screenshot(lee.page, 'agreement-suggestion-lee');
    await card.getByTestId('suggestion-accept').click();
    for (const p of [lee, kim, ana]) {
      await poll(async () => {
        const text = await editorOf(p.page).innerText();
        const marks = await p.page.locator('[data-testid="agreement-editor"] .suggest-insert, [data-testid="agreement-editor"] .suggest-delete').count();
        return text.includes('No concession.') && !text.includes('No admission') && marks === 0 ? true : undefined;
      }, { what: `${p.name} to see the accepted text`, timeoutMs: 30_000 });
    }
    await screenshot(kim.page, 'agreement-accepted-kim');
  }));
  it("an attorney in suggest mode types a suggestion under his own name; the other attorney rejects it", () => withErrors(async () => {
    await lee.page.getByTestId('suggest-mode').check();
    await typeAfter(lee.page, 'admission of liability', ' Tracked change by Lee.XYZ');
    for (let i = 0; i < 3; i++) await lee.page.keyboard.press('Backspace');
    const card = kim.page.getByTestId('suggestion').filter({ hasText: 'Tracked change by Lee.' });
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await card.textContent()).toContain('J. Lee');
    // Backspace over his own pending insertion removed it for real: no XYZ anywhere.
    expect(await card.textContent()).not.toContain('XYZ');
    const st = await fetch(`${app!.url}/api/sessions/${s.sessionId}/agreement`, { headers: { authorization: `Bearer ${tokenOf(s.invites[1]!.link)}` } }).then((r) => r.json()) as { suggestions: Array<{ author: { id: string }; inserted: string }> };
    expect(st.suggestions).toEqual([expect.objectContaining({ author: expect.objectContaining({ id: s.invites[0]!.participantId }), inserted: ' Tracked change by Lee.' })]);
    await screenshot(kim.page, 'agreement-suggest-mode-kim');
    await card.getByRole('button', { name: 'Reject' }).click();
    for (const p of [lee, kim, ana]) {
      await poll(async () => (!(await editorOf(p.page).innerText()).includes('Tracked change') ? true : undefined), { what: `${p.name} to lose the rejected text`, timeoutMs: 30_000 });
    }
  }));
  it('an attorney adds a payment-schedule row and a column; the other attorney sees the table grow', () => withErrors(async () => {
    await lee.page.getByTestId('suggest-mode').uncheck();
    const rows = (p: Page) => p.locator('[data-testid="agreement-editor"] table').first().locator('tr');
    const headerCells = (p: Page) => p.locator('[data-testid="agreement-editor"] table').first().locator('tr').first().locator('th');
    expect(await rows(kim.page).count()).toBe(3);
    await editorOf(lee.page).locator('td', { hasText: '[date]' }).last().click();
    await lee.page.getByTitle('Add a table row below').click();
    await lee.page.keyboard.type('3');
    await lee.page.getByTitle('Add a table column to the right').click();
    await poll(async () => ((await rows(kim.page).count()) === 4 && (await headerCells(kim.page).count()) === 4 ? true : undefined), { what: 'the new row and column at Kim', timeoutMs: 30_000 });
    await screenshot(kim.page, 'agreement-table-kim');
  }));
});
