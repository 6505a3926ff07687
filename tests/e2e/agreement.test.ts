/**
 * The agreement in real browsers (a Chromium context each for the mediator, two attorneys and a
 * party): the attorneys type at the same time and converge; the party selects a word and types
 * over it, which is one suggestion under her name, with her caret showing to the others; an
 * attorney accepts it and it becomes plain text for everyone. Then the mediator freezes: nobody
 * can type, a wrong typed name is refused with the message next to the sign form, the right one
 * makes the agreement "Fully signed" for everyone, and unfreezing asks for confirmation first.
 * Set SHOTS_DIR to get screenshots at 1280x800 and 390x844.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AgreementState, CreateSessionResponse } from '@mediation/shared';
import { INVITE, tokenOf } from '../helpers/server.js';
import { joinByLink, poll, screenshot, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { applyTemplate, atScreenSizes, editorOf, openAgreement } from '../helpers/roomPage.js';

/** Puts the caret at the end of the paragraph holding `text` and types like a person: a click
 * just after its last character, a look at where the caret is, then the typing. */
async function typeAfter(page: Page, text: string, typed: string): Promise<void> {
  const target = editorOf(page).locator('p', { hasText: text }).first();
  // (End alone is not enough: it goes to the end of the visual line, and these paragraphs wrap.)
  // A collaborator's update applied between the click and the editor reading the new caret puts
  // the caret back where the editor last knew it, so click again until it has stayed at the end.
  await poll(async () => {
    const end = await target.evaluate((p) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let last: Text | null = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n as Text).data.length) last = n as Text;
      if (!last) return null;
      const r = document.createRange();
      r.setStart(last, last.data.length - 1);
      r.setEnd(last, last.data.length);
      const c = r.getBoundingClientRect();
      const box = p.getBoundingClientRect();
      return { x: c.right - box.left + 1, y: c.top + c.height / 2 - box.top };
    });
    await target.click(end ? { position: end } : {});
    await page.keyboard.press('End');
    await page.waitForTimeout(150);
    return (await page.evaluate((t) => {
      const sel = window.getSelection();
      const at = sel?.anchorNode;
      const p = (at instanceof Element ? at : at?.parentElement)?.closest('p');
      if (!sel?.isCollapsed || !at || !p?.textContent?.includes(t)) return false;
      const rest = document.createRange();
      rest.setStart(at, sel.anchorOffset);
      rest.setEnd(p, p.childNodes.length);
      return rest.toString() === '';
    }, text)) || undefined;
  }, { what: 'the caret at the end of the paragraph', timeoutMs: 30_000 });
  await page.keyboard.type(typed, { delay: 15 });
}

/** Runs a step on the editor; if it fails, the error carries what the editor showed then (its
 * text, the panel's sync status and lock), so a failure in CI says which of them went wrong. */
async function withEditorShown<T>(page: Page, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    const panel = page.getByTestId('agreement-panel');
    const [text, status, locked] = await Promise.all([
      editorOf(page).textContent({ timeout: 2000 }).catch(() => '(no editor)'),
      panel.getAttribute('data-status', { timeout: 2000 }).catch(() => '(no panel)'),
      panel.getAttribute('data-locked', { timeout: 2000 }).catch(() => '(no panel)'),
    ]);
    throw new Error(`${(err as Error).message}\nthe editor then (panel status ${status}, locked ${locked}): ${JSON.stringify(text)}`);
  }
}

/** Selects characters [from, to) of the first text node containing `needle` in the editor. */
async function selectText(page: Page, needle: string, from: number, to: number): Promise<void> {
  await page.evaluate(([needle, from, to]) => {
    const root = document.querySelector('[data-testid="agreement-editor"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n as Text;
      const i = t.data.indexOf(needle as string);
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(t, i + (from as number));
      range.setEnd(t, i + (to as number));
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return;
    }
    throw new Error('text not found');
  }, [needle, from, to] as const);
  // Let the editor read the new selection before anyone types.
  await page.waitForTimeout(100);
}

/** Screenshots at a desktop and a phone size (SHOTS_DIR, else the test artifacts). */
async function shots(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) { await screenshot(page, `agreement-${name}`); return; }
  fs.mkdirSync(dir, { recursive: true });
  await atScreenSizes(page, async (w, h) => {
    // On a phone one panel shows at a time, as a sheet: the wide layout's open agreement is kept
    // mounted but hidden until the person opens its sheet from the bar's "More" menu.
    if (!(await page.getByTestId('panel-agreement').isVisible())) {
      await page.getByTestId('bar-more').click();
      await page.getByTestId('more-agreement').click();
    }
    await page.getByTestId('agreement-panel').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(dir, `${name}-${w}x${h}.png`) });
  });
}

/** Installed in a page before it loads: `window.__yjsHeld = []` holds the document messages the
 * page receives (an array of deliveries) until the test delivers them itself, inside a step of
 * its own; null (the default) passes them on at once. Only the agreement's Yjs websocket. */
function holdableYjsMessages(): void {
  type Held = { deliver(): void; update: boolean };
  const w = window as unknown as { __yjsHeld: Held[] | null };
  w.__yjsHeld = null;
  const Native = window.WebSocket;
  const onmessage = Object.getOwnPropertyDescriptor(Native.prototype, 'onmessage')!;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      if (!String(url).includes('/yjs/')) return;
      let handler: ((e: MessageEvent) => void) | null = null;
      Object.defineProperty(this, 'onmessage', {
        get: () => handler,
        set: (fn: ((e: MessageEvent) => void) | null) => {
          handler = fn;
          onmessage.set!.call(this, fn && ((e: MessageEvent) => {
            // y-websocket's framing: 0 = sync message, then 2 = a document update.
            const bytes = e.data instanceof ArrayBuffer ? new Uint8Array(e.data, 0, Math.min(2, e.data.byteLength)) : new Uint8Array();
            if (w.__yjsHeld) w.__yjsHeld.push({ deliver: () => fn.call(this, e), update: bytes[0] === 0 && bytes[1] === 2 });
            else fn.call(this, e);
          }));
        },
      });
    }
  };
}

describe('agreement: attorneys co-edit in two browsers; a party suggestion is accepted', () => {
  const room = useBrowserRoom({ session: { settings: { waitingRoom: false }, invites: [INVITE.lee, INVITE.kim, INVITE.ana] } });
  const { withErrors } = room;
  let s: CreateSessionResponse;
  let med: Person;
  let lee: Person;
  let kim: Person;
  let ana: Person;

  beforeAll(async () => {
    s = room.session;
    med = await room.person('mediator', s.mediator.link);
    await applyTemplate(room.app, s);
    lee = await room.person('lee');
    await lee.context.addInitScript(holdableYjsMessages);
    kim = await room.person('kim');
    ana = await room.person('ana');
    await joinByLink(lee.page, s.invites[0]!.link);
    await joinByLink(kim.page, s.invites[1]!.link);
    await joinByLink(ana.page, s.invites[2]!.link);
  }, 300_000); // four browsers joining on a shared 2-core machine

  const stateAs = async (link: string): Promise<AgreementState> =>
    fetch(`${room.app.url}/api/sessions/${s.sessionId}/agreement`, { headers: { authorization: `Bearer ${tokenOf(link)}` } }).then((r) => r.json()) as Promise<AgreementState>;

  it('two attorneys typing at the same time converge on the same text', () => withErrors(async () => {
    await Promise.all([openAgreement(lee.page), openAgreement(kim.page), openAgreement(ana.page)]);
    await Promise.all([
      typeAfter(lee.page, 'each party releases', ' Lee adds this sentence.'),
      typeAfter(kim.page, 'required by law', ' Kim adds this one.'),
    ]);
    await poll(async () => {
      // textContent, not innerText: a collaborator's caret at the end of a paragraph makes the
      // editor add a line-break placeholder there, which innerText would count as text.
      const [a, b] = await Promise.all([editorOf(lee.page).textContent(), editorOf(kim.page).textContent()]) as [string, string];
      return a === b && a.includes('Lee adds this sentence.') && a.includes('Kim adds this one.') ? true : undefined;
    }, { what: 'both editors to converge', timeoutMs: 30_000 });
    // Each sentence where its writer put it: at the end of the paragraph, whole.
    const text = await editorOf(kim.page).textContent();
    expect(text).toContain('known or unknown. Lee adds this sentence.');
    expect(text).toContain('as required by law. Kim adds this one.');
    await poll(async () => ((await editorOf(ana.page).innerText()).includes('Kim adds this one.') ? true : undefined), { what: 'the party to see both edits', timeoutMs: 30_000 });
    await screenshot(lee.page, 'agreement-coedit-lee');
  }));

  it("a party suggests by typing in place: a replacement is ONE suggestion under her name, collaborators' carets show, and accepting it makes plain text for everyone", () => withErrors(async () => {
    await Promise.all([lee, kim, ana].map((p) => openAgreement(p.page)));
    // Like a person, Ana starts typing once the panel says she can suggest (her rights have loaded
    // and the editor has become editable); typing into the read-only editor before that goes nowhere.
    await ana.page.getByTestId('party-suggest-hint').waitFor({ state: 'visible', timeout: 30_000 });
    await ana.page.locator('[data-testid="agreement-editor"][contenteditable="true"]').waitFor({ state: 'attached', timeout: 30_000 });
    // Ana (a party) selects the word "admission" in "No admission." and types over it, like anyone would.
    await editorOf(ana.page).click();
    await selectText(ana.page, 'No admission', 3, 12);
    await ana.page.keyboard.type('concession', { delay: 20 });
    // Her caret, with her name, shows in the attorney's editor.
    await lee.page.locator('[data-testid="agreement-editor"] .collab-caret-label[data-name="Ana Claimant"]').waitFor({ state: 'attached', timeout: 30_000 });
    // It reaches the attorney's editor as a marked suggestion, and his suggestion list as one card.
    await lee.page.locator('[data-testid="agreement-editor"] ins.suggest-insert', { hasText: 'concession' }).waitFor({ state: 'visible', timeout: 30_000 });
    const card = lee.page.getByTestId('suggestion').filter({ hasText: 'concession' });
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await card.textContent()).toContain('Ana Claimant');
    expect(await card.getAttribute('data-kind')).toBe('replace');
    expect(await card.locator('del').textContent()).toBe('admission');
    const st = await stateAs(s.invites[1]!.link);
    expect(st.suggestions).toEqual([expect.objectContaining({ kind: 'replace', deleted: 'admission', inserted: 'concession', author: expect.objectContaining({ id: s.invites[2]!.participantId }) })]);
    await shots(ana.page, 'suggest-mode-party');
    await shots(lee.page, 'suggest-mode-attorney');
    await card.getByTestId('suggestion-accept').click();
    await poll(async () => {
      const error = await card.getByRole('alert').textContent({ timeout: 500 }).catch(() => null);
      if (error) throw new Error(`accepting was refused: ${error}`);
      return (await lee.page.getByTestId('suggestion').count()) === 0 || undefined;
    }, { what: 'the suggestion to be accepted', timeoutMs: 30_000 });
    for (const p of [lee, kim, ana]) {
      await poll(async () => {
        const text = await editorOf(p.page).textContent() ?? '';
        const marks = await p.page.locator('[data-testid="agreement-editor"] .suggest-insert, [data-testid="agreement-editor"] .suggest-delete').count();
        return text.includes('No concession.') && !text.includes('No admission') && marks === 0 ? true : undefined;
      }, { what: `${p.name} to see the accepted text`, timeoutMs: 30_000 });
    }
  }));

  it("an attorney in suggest mode types a suggestion under his own name; the other attorney rejects it", () => withErrors(async () => {
    await lee.page.getByTestId('suggest-mode').check();
    await typeAfter(lee.page, 'admission of liability', ' Tracked change by Lee.XYZ');
    for (let i = 0; i < 3; i++) await lee.page.keyboard.press('Backspace');
    const card = kim.page.getByTestId('suggestion').filter({ hasText: 'Tracked change by Lee.' });
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await card.textContent()).toContain('J. Lee');
    // Backspace over his own pending insertion removed it for real: no XYZ anywhere (the card can
    // show the typing before the backspaces reach Kim, so wait for them; XYZ staying fails).
    await poll(async () => (!(await card.textContent())?.includes('XYZ') ? true : undefined), { what: 'the backspaces to remove XYZ from the suggestion', timeoutMs: 30_000 });
    const st = await fetch(`${room.app.url}/api/sessions/${s.sessionId}/agreement`, { headers: { authorization: `Bearer ${tokenOf(s.invites[1]!.link)}` } }).then((r) => r.json()) as { suggestions: Array<{ author: { id: string }; inserted: string }> };
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

  it('freezing locks the editor for everyone; a wrong typed name shows its message next to the sign form and keeps it; the right one makes it "Fully signed" for everyone', () => withErrors(async () => {
    await Promise.all([med, lee, kim, ana].map((p) => openAgreement(p.page)));
    await med.page.getByTestId('freeze').click();
    for (const p of [med, lee, kim, ana]) {
      await p.page.getByTestId('frozen-banner').waitFor({ state: 'visible', timeout: 30_000 });
      await poll(async () => ((await editorOf(p.page).getAttribute('contenteditable')) === 'false' ? true : undefined), { what: `${p.name}'s editor to be locked`, timeoutMs: 30_000 });
    }
    const banner = await lee.page.getByTestId('frozen-banner').innerText();
    expect(banner).toContain('Frozen for signature — editing is locked');
    expect(banner).toMatch(/Version \d+.*frozen at \d/);
    // The fingerprint is there on demand only.
    expect(await lee.page.locator('[data-testid="frozen-banner"] code').isVisible()).toBe(false);
    // An attorney clicking into the text and typing changes nothing.
    const before = await editorOf(lee.page).innerText();
    await withEditorShown(lee.page, () => editorOf(lee.page).locator('p', { hasText: 'each party releases' }).click({ timeout: 30_000 }));
    await lee.page.keyboard.type(' X');
    await lee.page.waitForTimeout(500);
    expect(await editorOf(lee.page).innerText()).toBe(before);
    expect((await stateAs(s.invites[0]!.link)).signoffs).toEqual([]);
    await shots(lee.page, 'frozen-attorney');

    // Ana types the wrong name: the server's message shows next to the sign form, and stays past the 5 s refresh.
    const form = ana.page.getByTestId('sign-form');
    await form.getByTestId('sign-name').fill('Anna Claimont');
    await form.getByRole('checkbox').check();
    await form.getByTestId('sign-submit').click();
    const err = form.getByTestId('sign-error');
    await err.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await err.innerText()).toContain('Ana Claimant');
    await ana.page.waitForTimeout(6_000);
    expect(await err.isVisible()).toBe(true);
    await shots(ana.page, 'sign-error-party');

    // The right name (case aside): Ana is the only party, so the agreement is fully signed, and everyone is told.
    await form.getByTestId('sign-name').fill('ana claimant');
    await form.getByTestId('sign-submit').click();
    for (const p of [med, lee, kim, ana]) {
      await poll(async () => ((await p.page.getByTestId('signing-status').innerText()).includes('Fully signed') ? true : undefined), { what: `${p.name} to be told it is fully signed`, timeoutMs: 30_000 });
    }
    expect(await med.page.getByTestId('signing-status').getAttribute('aria-live')).toBe('polite');
    await shots(med.page, 'fully-signed-mediator');
    await shots(kim.page, 'fully-signed-attorney');
  }));

  it('unfreezing is a mediator action behind a confirmation that says the signatures will be void', () => withErrors(async () => {
    await med.page.getByTestId('unfreeze').click();
    const dialog = med.page.getByTestId('unfreeze-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.innerText()).toMatch(/signature already given will be void/);
    await shots(med.page, 'unfreeze-confirm-mediator');
    // "Keep it frozen" changes nothing.
    await dialog.getByRole('button', { name: 'Keep it frozen' }).click();
    expect((await stateAs(s.mediator.link)).frozen).not.toBeNull();
    await med.page.getByTestId('unfreeze').click();
    await med.page.getByTestId('unfreeze-confirm').click();
    for (const p of [med, lee, ana]) {
      await poll(async () => ((await editorOf(p.page).getAttribute('contenteditable')) === 'true' ? true : undefined), { what: `${p.name}'s editor to open again`, timeoutMs: 30_000 });
    }
    const st = await stateAs(s.mediator.link);
    expect(st.frozen).toBeNull();
    expect(st.signoffs.every((x) => x.voidedAt !== null)).toBe(true);
  }));

  it("a collaborator's change landing just as an attorney moves his caret leaves the caret where he put it", () => withErrors(async () => {
    for (const p of [lee, kim]) await p.page.locator('[data-testid="agreement-editor"][contenteditable="true"]').waitFor({ state: 'attached', timeout: 30_000 });
    // Lee's caret at the start of the last paragraph, and his editor knows it.
    await editorOf(lee.page).locator('p', { hasText: 'If a dispute arises' }).click({ position: { x: 1, y: 5 } });
    await lee.page.waitForTimeout(300);
    // Kim types; her change reaches Lee's page and is held there.
    await lee.page.evaluate(() => { (window as unknown as { __yjsHeld: unknown[] }).__yjsHeld = []; });
    await typeAfter(kim.page, 'required by law', ' Q.');
    await poll(() => lee.page.evaluate(() => (window as unknown as { __yjsHeld: Array<{ update: boolean }> }).__yjsHeld.some((m) => m.update)) || undefined, { what: "Kim's change to reach Lee's page", timeoutMs: 30_000 });
    // One step of Lee's page, before any selectionchange event: the browser puts his caret at the end
    // of the release paragraph (as his click or End key does), then Kim's change arrives.
    await lee.page.evaluate(() => {
      const p = [...document.querySelectorAll('[data-testid="agreement-editor"] p')].find((e) => e.textContent?.includes('each party releases'))!;
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let last: Text | null = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n as Text).data.length) last = n as Text;
      window.getSelection()!.collapse(last!, last!.data.length);
      const w = window as unknown as { __yjsHeld: Array<{ deliver(): void }> | null };
      const held = w.__yjsHeld!;
      w.__yjsHeld = null;
      for (const m of held) m.deliver();
    });
    await lee.page.waitForTimeout(300);
    await lee.page.keyboard.type(' Kept.', { delay: 15 });
    // What he types lands where he put the caret (before the fix: at the start of the last paragraph).
    await poll(async () => ((await editorOf(kim.page).textContent()) ?? '').includes('Kept.') || undefined, { what: "Lee's typing to reach Kim", timeoutMs: 30_000 });
    const landedIn = await editorOf(kim.page).locator('p', { hasText: 'Kept.' }).first().textContent();
    expect(landedIn).toMatch(/known or unknown\. Lee adds this sentence\. Kept\.$/);
    expect(await editorOf(kim.page).textContent()).toContain('by law. Kim adds this one. Q.');
  }));
});
