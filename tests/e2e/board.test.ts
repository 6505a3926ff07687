/**
 * The board in real browsers: Ana and Ben (two Chromium contexts) add and move cards on the joint
 * board and see each other's changes live; a card Ana writes in her caucus is invisible on Ben's
 * joint board until the mediator promotes it (anonymously), and then it appears without her side.
 * The mediator is a socket.io client in this process using the mediator's own link, so the moves
 * and the promotion go through the real server exactly as the control tower sends them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CreateSessionResponse, SpaceId } from '@mediation/shared';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { assertClientBuilt, closePerson, errorReport, joinByLink, launchBrowser, newPerson, poll, screenshot, type Person } from '../helpers/browser.js';


async function openBoard(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Board' }).click();
  await poll(async () => (await page.getByTestId('board-status').getAttribute('data-status', { timeout: 2000 })) === 'connected', { what: 'board connected', timeoutMs: 60_000 });
}

async function addCard(page: Page, kind: string, text: string): Promise<void> {
  await page.getByTestId('board-kind').selectOption(kind);
  await page.getByTestId('board-card-text').fill(text);
  await page.getByTestId('board-add-card').click();
}

/** A card by its own text (its aria-label ends with it; other cards may list it in their menus). */
const cardWithText = (page: Page, text: string) => page.locator(`[data-testid="board-card"][aria-label$=${JSON.stringify(': ' + text)}]`);

describe('board: live cards between two parties, and a caucus card promoted by the mediator', () => {
  let app: TestServer | undefined;
  let browser: Browser | undefined;
  let s: CreateSessionResponse;
  let mediator: TestClient | undefined;
  let ana: Person;
  let ben: Person;

  beforeAll(async () => {
    assertClientBuilt();
    app = await startTestServer();
    s = await createTestSession(app, {
      settings: { waitingRoom: false },
      invites: [
        { displayName: 'Ana Claimant', role: 'party', side: 'Claimant' },
        { displayName: 'Ben Respondent', role: 'party', side: 'Respondent' },
      ],
    });
    mediator = await connectClient(app.url, tokenOf(s.mediator.link));
    must(await mediator.request('session:join', {}));
    browser = await launchBrowser();
    ana = await newPerson(browser, 'ana', app.url);
    ben = await newPerson(browser, 'ben', app.url);
    await joinByLink(ana.page, s.invites[0]!.link);
    await joinByLink(ben.page, s.invites[1]!.link);
  });

  afterAll(async () => {
    mediator?.close();
    for (const p of [ana, ben]) await closePerson(p);
    await browser?.close().catch(() => undefined);
    await stopTestServer(app);
  });

  const withErrors = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${errorReport([ana, ben])}`);
    }
  };

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
    await poll(async () => (await ana.page.getByTestId('board-status').getAttribute('data-status', { timeout: 2000 })) === 'connected', { what: 'caucus board connected', timeoutMs: 60_000 });
    const secret = `We could go to 8 percent ${Math.random().toString(36).slice(2, 8)}`;
    await addCard(ana.page, 'option', secret);
    await cardWithText(ana.page, secret).waitFor({ state: 'visible' });
    const cardId = (await cardWithText(ana.page, secret).getAttribute('data-card-id'))!;

    // Give it every chance to leak, then check Ben's page never had it.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await ben.page.content()).not.toContain(secret);

    const res = await fetch(`${app!.url}/api/sessions/${s.sessionId}/board/promote`, {
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
