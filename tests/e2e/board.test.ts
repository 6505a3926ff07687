/**
 * The board in real browsers: Ana and Ben (two Chromium contexts) add and move cards on the joint
 * board and see each other's changes live; a card Ana writes in her caucus is invisible on Ben's
 * joint board until the mediator promotes it (anonymously), and then it appears without her side.
 * The mediator is a socket.io client in this process using the mediator's own link, so the moves
 * and the promotion go through the real server exactly as the control tower sends them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreateSessionResponse, SpaceId } from '@mediation/shared';
import { INVITE, tokenOf } from '../helpers/server.js';
import { must, type TestClient } from '../helpers/socketClient.js';
import { poll, screenshot, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { boardConnected, openBoard, openPanel } from '../helpers/roomPage.js';

async function addCard(page: Page, kind: string, text: string): Promise<void> {
  await page.getByTestId('board-kind').selectOption(kind);
  await page.getByTestId('board-card-text').fill(text);
  await page.getByTestId('board-add-card').click();
}

/** A card by its own text (its aria-label ends with it; other cards may list it in their menus). */
const cardWithText = (page: Page, text: string) => page.locator(`[data-testid="board-card"][aria-label$=${JSON.stringify(': ' + text)}]`);

describe('board: live cards between two parties, and a caucus card promoted by the mediator', () => {
  const room = useBrowserRoom({
    session: {
      settings: { waitingRoom: false },
      invites: [INVITE.ana, INVITE.ben],
    },
  });
  const { withErrors } = room;
  let s: CreateSessionResponse;
  let mediator: TestClient | undefined;
  let ana: Person;
  let ben: Person;

  beforeAll(async () => {
    s = room.session;
    mediator = await room.control(s.mediator.link);
    ana = await room.person('ana', s.invites[0]!.link);
    ben = await room.person('ben', s.invites[1]!.link);
  });

  it('shows a card Ana adds on Ben\'s board, in her side\'s colour, and Ben\'s move of it on Ana\'s', () => withErrors(async () => {
    await openBoard(ana.page);
    await openBoard(ben.page);
    await addCard(ana.page, 'option', 'Pay in six monthly instalments');
    await addCard(ben.page, 'interest', 'Certainty of payment');
    const atBen = cardWithText(ben.page, 'Pay in six monthly instalments');
    await atBen.waitFor({ state: 'visible', timeout: 30_000 });
    await cardWithText(ana.page, 'Certainty of payment').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await atBen.textContent()).toContain('Claimant');
    // Presence: each sees the other on the board, named by the server.
    await ben.page.getByRole('list', { name: 'On this board' }).getByText('Ana Claimant').waitFor({ state: 'visible', timeout: 30_000 });
    await ana.page.getByRole('list', { name: 'On this board' }).getByText('Ben Respondent').waitFor({ state: 'visible', timeout: 30_000 });

    // Ben drags Ana's card 200 px right and 150 px down by its header.
    const box = (await atBen.boundingBox())!;
    await ben.page.mouse.move(box.x + 20, box.y + 10);
    await ben.page.mouse.down();
    await ben.page.mouse.move(box.x + 120, box.y + 80, { steps: 5 });
    await ben.page.mouse.move(box.x + 220, box.y + 160, { steps: 5 });
    await ben.page.mouse.up();
    const atAna = cardWithText(ana.page, 'Pay in six monthly instalments');
    await poll(async () => {
      const [ax, ay, bx, by] = await Promise.all([atAna.getAttribute('data-x'), atAna.getAttribute('data-y'), atBen.getAttribute('data-x'), atBen.getAttribute('data-y')]);
      return ax === bx && ay === by && Number(ax) >= 150 ? true : undefined;
    }, { what: 'the move to reach Ana', timeoutMs: 30_000 });
    await screenshot(ben.page, 'board-joint-ben');
  }));

  it('keeps Ana\'s caucus card off Ben\'s joint board until the mediator promotes it without her side', () => withErrors(async () => {
    const caucus = must(await mediator!.request('control:createSpace', { name: 'Claimant caucus' })).space as SpaceId;
    must(await mediator!.request('control:move', { participantIds: [s.invites[0]!.participantId], to: caucus }));
    await poll(async () => (await ana.page.getByTestId('board-panel').getAttribute('data-space', { timeout: 2000 })) === caucus, { what: 'Ana on the caucus board', timeoutMs: 60_000 });
    await boardConnected(ana.page, 'caucus board connected');
    const secret = `We could go to 8 percent ${Math.random().toString(36).slice(2, 8)}`;
    await addCard(ana.page, 'option', secret);
    await cardWithText(ana.page, secret).waitFor({ state: 'visible' });
    const cardId = (await cardWithText(ana.page, secret).getAttribute('data-card-id'))!;

    // Give it every chance to leak, then check Ben's page never had it.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await ben.page.content()).not.toContain(secret);

    const res = await fetch(`${room.app.url}/api/sessions/${s.sessionId}/board/promote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(s.mediator.link)}` },
      body: JSON.stringify({ fromSpace: caucus, cardId, anonymous: true }),
    });
    expect(res.status).toBe(201);
    const promoted = cardWithText(ben.page, secret);
    await promoted.waitFor({ state: 'visible', timeout: 30_000 });
    const shown = (await promoted.textContent()) ?? '';
    expect(shown).toContain('Promoted from a caucus');
    expect(shown).not.toContain('Claimant');
    await screenshot(ben.page, 'board-joint-after-promotion');
  }));
});

/**
 * Sharing from a caucus and a side's live scores, all in browsers: the mediator (joint, looking at
 * the Claimant caucus board), Ana and Lee of the Claimant side in their caucus, Ben of the other
 * side in joint. A co-mediator socket client makes the caucus and moves people, so the mediator's
 * browser is never taken over.
 */
describe('board: sharing a caucus card and a side\'s live scores, in browsers', () => {
  const room = useBrowserRoom({
    session: {
      settings: { waitingRoom: false },
      invites: [INVITE.ana, INVITE.lee, INVITE.ben, INVITE.cora],
    },
  });
  const { withErrors } = room;
  let med: Person;
  let ana: Person;
  let lee: Person;
  let ben: Person;
  let caucus: SpaceId;
  const shots = '/tmp/shots/board';

  beforeAll(async () => {
    const s = room.session;
    const control = await room.control(s.invites[3]!.link);
    caucus = must(await control.request('control:createSpace', { name: 'Claimant caucus' })).space as SpaceId;
    for (const [name, link] of [['med', s.mediator.link], ['ana', s.invites[0]!.link], ['lee', s.invites[1]!.link], ['ben', s.invites[2]!.link]] as const) {
      await room.person(name, link);
    }
    [med, ana, lee, ben] = room.people as [Person, Person, Person, Person];
    must(await control.request('control:move', { participantIds: [s.invites[0]!.participantId, s.invites[1]!.participantId], to: caucus }));
    for (const p of [ana, lee]) {
      await openBoard(p.page);
      await poll(async () => (await p.page.getByTestId('board-panel').getAttribute('data-space', { timeout: 2000 })) === caucus, { what: `${p.name} on the caucus board`, timeoutMs: 60_000 });
      await boardConnected(p.page, 'caucus board connected');
    }
    await openBoard(ben.page);
    await openBoard(med.page);
    await med.page.locator('.board-picker select').selectOption(caucus);
    await boardConnected(med.page, 'mediator on the caucus board');
  }, 300_000); // four browsers join one after another: slow on a shared two-core machine

  it('shares a caucus card with the first click, while someone else is on that card, and only once', () => withErrors(async () => {
    const texts = ['Pay in six monthly instalments', 'Waive the late fee', 'Written apology', 'Refund the deposit', 'Keep the contract until June', 'Meet again in 30 days'];
    for (const t of texts) await addCard(ana.page, 'option', t);
    const card = cardWithText(med.page, texts[0]!);
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    // Ana is on the card: the mediator sees her there.
    await cardWithText(ana.page, texts[0]!).locator('.text').click();
    await card.getByTestId('card-presence').waitFor({ state: 'visible', timeout: 30_000 });
    await med.page.mouse.move(0, 0);

    // One click on "Promote to joint" opens the confirmation; one click on it shares.
    await card.getByRole('button', { name: 'Promote to joint' }).click();
    const dialog = med.page.getByTestId('share-dialog');
    await dialog.waitFor({ state: 'visible', timeout: 5000 });
    expect(await dialog.textContent()).toContain('Cleared with the Claimant side?');
    await screenshot(med.page, 'board-share-confirm');
    await med.page.screenshot({ path: `${shots}/share-confirm-1280.png` });
    await dialog.getByTestId('share-confirm').click();

    // The caucus is told, on the card itself; the mediator cannot share it again.
    await cardWithText(ana.page, texts[0]!).getByTestId('card-shared').waitFor({ state: 'visible', timeout: 30_000 });
    await card.getByRole('button', { name: 'Shared' }).waitFor({ state: 'visible', timeout: 30_000 });
    expect(await card.getByRole('button', { name: 'Shared' }).isDisabled()).toBe(true);
    const atBen = cardWithText(ben.page, texts[0]!);
    await atBen.waitFor({ state: 'visible', timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await cardWithText(ben.page, texts[0]!).count()).toBe(1);
  }));

  it('shows a score Ana sets to Lee of her side within a second, saying who, and nothing of it to Ben', () => withErrors(async () => {
    const option = 'Waive the late fee';
    const atAna = cardWithText(ana.page, option);
    const atLee = cardWithText(lee.page, option);
    await atLee.waitFor({ state: 'visible', timeout: 30_000 });
    await atAna.getByTestId('score-select').selectOption('acceptable');
    const t0 = Date.now();
    await poll(async () => (await atLee.getByTestId('score-select').inputValue()) === 'acceptable', { what: 'the score at Lee', timeoutMs: 5000, intervalMs: 20 });
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(await atLee.getByTestId('score-note').textContent()).toContain('scored by Ana Claimant just now');
    expect(await ben.page.content()).not.toContain('scored by');
    await lee.page.screenshot({ path: `${shots}/scores-lee-1280.png` });
    // Lee changes it; Ana sees Lee's choice.
    await atLee.getByTestId('score-select').selectOption('maybe');
    await poll(async () => (await atAna.getByTestId('score-select').inputValue()) === 'maybe', { what: 'Lee\'s score at Ana', timeoutMs: 5000, intervalMs: 20 });
  }));

  it('keeps every card reachable at 1280x800 and 390x844, and dragging a card selects no text', () => withErrors(async () => {
    for (const [w, h] of [[1280, 800], [390, 844]] as const) {
      await ana.page.setViewportSize({ width: w, height: h });
      // On a phone the board is a full-screen sheet, opened from the control bar.
      await openPanel(ana.page, 'board');
      const canvas = ana.page.locator('.board-canvas');
      const cards = ana.page.getByTestId('board-card');
      expect(await cards.count()).toBeGreaterThanOrEqual(6);
      for (let i = 0; i < await cards.count(); i++) {
        const c = cards.nth(i);
        await c.scrollIntoViewIfNeeded();
        const [cb, vb] = [(await c.boundingBox())!, (await canvas.boundingBox())!];
        // The whole card (its buttons included) can be brought into the board's visible area.
        expect(cb.x >= vb.x - 1 && cb.x + cb.width <= vb.x + vb.width + 1, `card ${i} at ${w}px: ${JSON.stringify(cb)} in ${JSON.stringify(vb)}`).toBe(true);
      }
      await canvas.evaluate((el) => el.scrollTo(0, 0));
      await ana.page.screenshot({ path: `${shots}/caucus-board-${w}.png`, fullPage: true });
      await med.page.setViewportSize({ width: w, height: h });
      await med.page.screenshot({ path: `${shots}/mediator-board-${w}.png`, fullPage: true });
      await ben.page.setViewportSize({ width: w, height: h });
      await ben.page.screenshot({ path: `${shots}/joint-board-${w}.png`, fullPage: true });
      await lee.page.setViewportSize({ width: w, height: h });
      await lee.page.screenshot({ path: `${shots}/scores-lee-${w}.png`, fullPage: true });
    }
    await ana.page.setViewportSize({ width: 1280, height: 800 });
    // Back to the wide layout: the phone sheet becomes a panel beside the video strip. The drag
    // starts only once the card stands still there (on a loaded machine the re-layout lags the
    // resize, and a press on where the card was is a press on nothing).
    await openPanel(ana.page, 'board');
    const card = cardWithText(ana.page, 'Written apology');
    await card.scrollIntoViewIfNeeded();
    const box = await stableBox(card);
    const x0 = Number(await card.getAttribute('data-x'));
    await ana.page.mouse.move(box.x + 60, box.y + 40);
    await ana.page.mouse.down();
    await ana.page.mouse.move(box.x + 200, box.y + 200, { steps: 8 });
    await ana.page.mouse.up();
    expect(await ana.page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    await poll(async () => Number(await card.getAttribute('data-x')) >= x0 + 100 ? true : undefined, { what: 'the card moved', timeoutMs: 10_000 });
  }));
});

/** The element's box once two readings a frame apart agree (layout and scrolling have settled). */
async function stableBox(el: ReturnType<Page['locator']>): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = JSON.stringify(await el.boundingBox());
  return poll(
    async () => {
      await el.page().evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const now = await el.boundingBox();
      const same = JSON.stringify(now) === last;
      last = JSON.stringify(now);
      return same && now ? now : undefined;
    },
    { what: 'the card to stand still', timeoutMs: 30_000 },
  );
}
