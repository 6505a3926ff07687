/**
 * A whole mediation by keyboard only (WCAG 2.1.1 Keyboard, 2.4.3 Focus order, 2.4.11 Focus not
 * obscured, 2.5.7 Dragging movements): a mediator page and a party page, each driven only by
 * page.keyboard. Focus moves with Tab (tabTo: until the focused element has the accessible name
 * wanted, failing after a bounded number of presses), things are done with Enter, Space, the arrow
 * keys and Escape, and text is typed. No click, no element.click(), no fill(); the invite link is
 * opened by its address, as a person pastes it.
 *
 * The mediator joins and admits the party, moves her into a caucus and back (the party's screen
 * reader hears the move), she adds two board cards, a group, puts both cards in the group and moves
 * a card with the arrow keys (no dragging), suggests a change to the agreement which the mediator
 * accepts; the mediator freezes it and she signs. Every focus stop passed on the way must be
 * visible: not outside the window, not under the fixed control bar or anything else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreateSessionResponse } from '@mediation/shared';
import { INVITE } from '../helpers/server.js';
import { openJoin, poll, screenshot, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { boardConnected, editorOf, waitForSpace } from '../helpers/roomPage.js';
import { arrowToOption, focusStop, obscuredStops, tabTo, tryTabTo, typeText, unringedStops, waitForText } from '../helpers/keyboard.js';

/**
 * Opens a panel (board, agreement, control tower) by keyboard, whatever shape the room gives it:
 * a toggle button in the control bar (aria-pressed) or a tab (roving tabindex: Tab reaches the
 * selected tab, the arrow keys the others). Already open: nothing to do.
 */
async function showPanel(page: Page, name: string): Promise<void> {
  const stop = await tryTabTo(page, (s) => s.name === name || s.name.startsWith(`${name},`));
  if (stop) {
    if (stop.pressed === 'true' || stop.selected === 'true') return;
    await page.keyboard.press('Enter');
    return;
  }
  await tabTo(page, (s) => s.role === 'tab' && s.selected === 'true', { label: `the selected tab, to reach ${name}` });
  for (let i = 0; i < 8; i++) {
    const now = await focusStop(page);
    if (now && (now.name === name || now.name.startsWith(`${name},`))) return;
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`no panel or tab named ${name}`);
}

async function pressOn(page: Page, name: string | RegExp, key = 'Enter'): Promise<void> {
  await tabTo(page, name);
  await page.keyboard.press(key);
}

describe('keyboard only: a whole mediation without a mouse', () => {
  const room = useBrowserRoom({ session: { title: 'Keyboard v. Mouse', invites: [INVITE.ana] } });
  const { withErrors } = room;
  let s: CreateSessionResponse;
  let med: Person;
  let ana: Person;
  let anaId = '';
  let caucusId = '';

  beforeAll(async () => {
    s = room.session;
    anaId = s.invites[0]!.participantId;
    med = await room.person('mediator');
    ana = await room.person('ana');
  });

  afterAll(() => {
    if (obscuredStops.length || unringedStops.length) console.error([...obscuredStops, ...unringedStops].join('\n'));
  });

  it('the mediator joins and admits the party', () => withErrors(async () => {
    await openJoin(med.page, s.mediator.link);
    await pressOn(med.page, 'Join the session');
    await waitForSpace(med.page, (sp) => sp === 'joint', 'the mediator in joint');

    await openJoin(ana.page, s.invites[0]!.link);
    await pressOn(ana.page, 'Join the session');
    await ana.page.getByTestId('waiting-room').waitFor({ state: 'visible', timeout: 60_000 });

    await showPanel(med.page, 'Control tower');
    await med.page.locator(`[data-testid="admit"][data-participant-id="${anaId}"]`).waitFor({ state: 'visible', timeout: 60_000 });
    await pressOn(med.page, 'Admit Ana Claimant');
    await waitForSpace(ana.page, (sp) => sp === 'joint', 'Ana admitted');
    await waitForText(ana.page, '[data-testid="announcer-polite"]', 'You were admitted to the joint session', "Ana's screen reader to hear she was admitted");
  }));

  it('the mediator moves the party into a caucus and back with the move menu (arrows browse, Enter moves)', () => withErrors(async () => {
    const before = new Set(await med.page.getByTestId('space-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id'))));
    if (!(await tryTabTo(med.page, 'New caucus name'))) {
      await showPanel(med.page, 'Session tools');
      await tabTo(med.page, 'New caucus name');
    }
    await typeText(med.page, 'Claimant caucus');
    await med.page.keyboard.press('Enter');
    caucusId = await poll(async () => {
      const now = await med.page.getByTestId('space-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id')));
      return now.find((id) => id && id.startsWith('caucus:') && !before.has(id)) ?? undefined;
    }, { what: 'the caucus to appear', timeoutMs: 30_000 });

    await showPanel(med.page, 'Control tower');
    await tabTo(med.page, 'Move Ana Claimant to…');
    // Browsing past "Waiting room (hold)" with the arrow keys must not hold her there.
    await arrowToOption(med.page, 'Claimant caucus');
    // A negative check needs a moment: a hold sent by the arrow press would reach Ana well within it.
    await med.page.waitForTimeout(1500);
    expect(await waitForSpaceNow(ana.page)).toBe('joint');
    await med.page.keyboard.press('Enter');
    await waitForSpace(ana.page, (sp) => sp === caucusId, 'Ana in the caucus');
    await waitForText(ana.page, '[data-testid="announcer-polite"]', /You were moved to Claimant caucus/, "Ana's screen reader to hear the move");

    await tabTo(med.page, 'Move Ana Claimant to…', { moveFirst: true, max: 400 });
    await arrowToOption(med.page, 'Joint session');
    await med.page.keyboard.press('Enter');
    await waitForSpace(ana.page, (sp) => sp === 'joint', 'Ana back in joint');
    await waitForText(ana.page, '[data-testid="announcer-polite"]', /You were moved to the joint session/, "Ana's screen reader to hear she is back");
  }));

  it('the party adds two cards and a group, groups both cards and moves one, all without dragging', () => withErrors(async () => {
    const page = ana.page;
    await showPanel(page, 'Board');
    await boardConnected(page);
    for (const text of ['Pay in six instalments', 'Apology letter']) {
      await tabTo(page, 'Card text');
      await typeText(page, text);
      await page.keyboard.press('Enter');
      await waitForText(page, '[data-testid="board-card"]', text, `card “${text}”`, 30_000);
    }
    await tabTo(page, 'New group');
    await typeText(page, 'Money');
    await page.keyboard.press('Enter');
    await page.locator('.cluster-chip', { hasText: 'Money' }).first().waitFor({ state: 'visible', timeout: 30_000 });

    // Both cards into the group: each card's "Move to group" menu, with the arrow keys.
    await tabTo(page, 'Move to group');
    await arrowToOption(page, 'Money');
    await tabTo(page, 'Move to group', { moveFirst: true });
    await arrowToOption(page, 'Money');
    await poll(async () => (await page.locator('[data-testid="board-card"] .cluster-chip', { hasText: 'Money' }).count()) === 2 || undefined, { what: 'both cards in the group', timeoutMs: 30_000 });

    // A card moves with the arrow keys (dragging is never the only way).
    const card = page.locator('[data-testid="board-card"]', { hasText: 'Apology letter' });
    const x0 = Number(await card.getAttribute('data-x'));
    await tabTo(page, /^Option by .*: Apology letter$/, { back: true });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await poll(async () => Number(await card.getAttribute('data-x')) === x0 + 60 || undefined, { what: 'the card to move 60 px right', timeoutMs: 30_000 });
  }));

  it('the party suggests a change to the agreement and the mediator accepts it', () => withErrors(async () => {
    await showPanel(med.page, 'Agreement');
    if (await tryTabTo(med.page, 'Start from the settlement template', 150)) await med.page.keyboard.press('Enter');
    await waitForText(med.page, '[data-testid="agreement-editor"]', 'Settlement Agreement', 'the template in the editor');

    await showPanel(ana.page, 'Agreement');
    await ana.page.getByTestId('party-suggest-hint').waitFor({ state: 'visible', timeout: 30_000 });
    await ana.page.locator('[data-testid="agreement-editor"][contenteditable="true"]').waitFor({ state: 'attached', timeout: 30_000 });
    await tabTo(ana.page, 'Settlement agreement');
    // To the line under the title ("Matter: …"), its end, then type: her typing becomes a suggestion.
    await ana.page.keyboard.press('Control+Home');
    await ana.page.keyboard.press('ArrowDown');
    await ana.page.keyboard.press('End');
    await typeText(ana.page, ' (keyboard draft)');
    await poll(async () => ((await editorOf(ana.page).textContent()) ?? '').includes('keyboard draft') || undefined, {
      what: `Ana's typing to reach her editor (focus: ${JSON.stringify(await focusStop(ana.page))})`, timeoutMs: 30_000,
    }).catch(async (err: Error) => {
      await screenshot(ana.page, 'keyboard-suggest-ana');
      throw err;
    });

    await med.page.getByTestId('suggestion').filter({ hasText: 'keyboard draft' }).waitFor({ state: 'visible', timeout: 30_000 }).catch(async (err: Error) => {
      // What each side has, so a failure says whether the text was refused, split or not listed.
      const cards = await med.page.getByTestId('suggestion').allTextContents();
      const anaHtml = await editorOf(ana.page).innerHTML();
      const medText = await editorOf(med.page).textContent();
      await screenshot(med.page, 'keyboard-suggest-mediator');
      throw new Error(`${err.message}\nmediator's suggestion cards: ${JSON.stringify(cards)}\nmediator's text: ${medText}\nAna's editor: ${anaHtml}`);
    });
    await pressOn(med.page, 'Accept');
    await poll(async () => (await med.page.getByTestId('suggestion').count()) === 0 || undefined, { what: 'the suggestion to be accepted', timeoutMs: 30_000 });
    await poll(async () => {
      const text = (await editorOf(ana.page).textContent()) ?? '';
      const marks = await ana.page.locator('[data-testid="agreement-editor"] .suggest-insert').count();
      return (text.includes('(keyboard draft)') && marks === 0) || undefined;
    }, { what: 'the accepted text, unmarked, in Ana’s editor', timeoutMs: 30_000 });
  }));

  it('the mediator freezes the agreement and the party signs it', () => withErrors(async () => {
    await pressOn(med.page, 'Freeze current text for signature');
    await ana.page.getByTestId('sign-form').waitFor({ state: 'visible', timeout: 30_000 });
    await tabTo(ana.page, /^Type your full name/);
    await typeText(ana.page, 'Ana Claimant');
    await ana.page.keyboard.press('Tab');
    expect((await focusStop(ana.page))?.name).toMatch(/^I have read version \d+ and agree to it\.$/);
    await ana.page.keyboard.press('Space');
    await ana.page.keyboard.press('Tab');
    expect((await focusStop(ana.page))?.name).toBe('Sign');
    await ana.page.keyboard.press('Enter');
    await waitForText(ana.page, '[data-testid="agreement-panel"]', 'You signed this version.', 'Ana’s signature', 30_000);
  }));

  it('never hid the focused element (under the control bar, outside the window or behind anything)', () => {
    expect(obscuredStops).toEqual([]);
  });

  it('showed a focus indicator on every element focus reached (WCAG 2.4.7)', () => {
    expect(unringedStops).toEqual([]);
  });
});

/** Where Ana is right now (the page's own statement). */
async function waitForSpaceNow(page: Page): Promise<string | null> {
  return page.getByTestId('where-am-i').getAttribute('data-space', { timeout: 2000 }).catch(() => null);
}
