/**
 * A connection blip in the middle of board and agreement work (what a Wi-Fi drop does): Ana's
 * socket.io websocket is closed once while the Board is open, and again while the Agreement is
 * open. Her page reconnects by itself; within seconds the board is live and editable again, the
 * agreement receives changes again, and no false "You left this space" (or "The agreement opens
 * in the joint room") is shown.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { BOARD_MAPS, docName, JOINT, type CreateSessionResponse } from '@mediation/shared';
import { replaceDoc } from '../../server/src/agreement/model.js';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { assertClientBuilt, closePerson, errorReport, joinByLink, launchBrowser, newPerson, poll, type Person } from '../helpers/browser.js';

const SHOTS = '/tmp/shots/yjs';

/** Keeps every WebSocket the page opens, so the test can drop socket.io's like a network would. */
const TRACK_SOCKETS = `(() => {
  const Native = window.WebSocket;
  const all = [];
  window.__sockets = all;
  window.WebSocket = class extends Native { constructor(...args) { super(...args); all.push(this); } };
})();`;

async function dropSignalling(page: Page): Promise<void> {
  const dropped = await page.evaluate(() => {
    let n = 0;
    for (const s of (window as unknown as { __sockets: WebSocket[] }).__sockets) {
      if (s.url.includes('/socket.io/') && s.readyState === WebSocket.OPEN) { s.close(); n++; }
    }
    return n;
  });
  expect(dropped).toBe(1);
}

/** Waits until the page has noticed the drop and is connected and joined again. (The socket.io
 * id may survive: the server recovers connection state.) */
async function reconnected(page: Page): Promise<void> {
  const state = () => page.evaluate(() => {
    const hook = (window as unknown as { __mediation?: { state: { connection: string; space: string | null } } }).__mediation;
    return { connection: hook?.state.connection ?? null, space: hook?.state.space ?? null };
  });
  await poll(async () => (await state()).connection !== 'connected' || undefined, { what: 'the page to notice the drop', timeoutMs: 10_000 });
  await poll(async () => {
    const now = await state();
    return (now.connection === 'connected' && now.space === 'joint') || undefined;
  }, { what: 'the page to reconnect and rejoin', timeoutMs: 30_000 });
}

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [w, h] of [[1280, 800], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/${name}-${w}x${h}.png`, fullPage: false });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('documents survive a connection blip', () => {
  let app: TestServer | undefined;
  let browser: Browser | undefined;
  let s: CreateSessionResponse;
  let mediator: TestClient | undefined;
  let ana: Person;

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
    await ana.context.addInitScript({ content: TRACK_SOCKETS });
    await joinByLink(ana.page, s.invites[0]!.link);
  });

  afterAll(async () => {
    mediator?.close();
    await closePerson(ana);
    await browser?.close().catch(() => undefined);
    await stopTestServer(app);
  });

  const withErrors = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${errorReport([ana])}`);
    }
  };

  it('keeps the board live and editable after the signalling websocket drops once', () => withErrors(async () => {
    const page = ana.page;
    await page.getByRole('tab', { name: 'Board' }).click();
    await poll(async () => (await page.getByTestId('board-status').getAttribute('data-status', { timeout: 2000 })) === 'connected' || undefined, { what: 'board connected', timeoutMs: 60_000 });
    const board = docName(s.sessionId, 'board', JOINT);
    const cardsOnServer = () => app!.ctx.docs!.read(board, (d) => JSON.stringify(d.getMap(BOARD_MAPS.cards).toJSON()));

    await dropSignalling(page);
    await reconnected(page);
    // The board comes back by itself: live, and nothing says she left.
    await poll(async () => (await page.getByTestId('board-status').getAttribute('data-status', { timeout: 2000 })) === 'connected' || undefined, { what: 'board live again', timeoutMs: 15_000 });
    await page.getByTestId('board-kind').selectOption('option');
    await page.getByTestId('board-card-text').fill('Written after the blip');
    await page.getByTestId('board-add-card').click();
    await poll(async () => (await cardsOnServer()).includes('Written after the blip') || undefined, { what: 'the card to reach the server', timeoutMs: 15_000 });
    expect(await page.getByText('You left this space').count()).toBe(0);
    await shoot(page, 'board-after-blip');
  }));

  it('keeps the agreement syncing after the signalling websocket drops again', () => withErrors(async () => {
    const page = ana.page;
    const agreement = docName(s.sessionId, 'agreement', JOINT);
    await app!.ctx.docs!.change(agreement, 'test-setup', (d) => replaceDoc(d, [{ type: 'paragraph', content: [{ type: 'text', text: 'Clause one.' }] }]));
    await page.getByRole('tab', { name: 'Agreement' }).click();
    const editorText = () => page.getByTestId('agreement-editor').textContent({ timeout: 2000 }).catch(() => '');
    await poll(async () => (await editorText())?.includes('Clause one.') || undefined, { what: 'the agreement to load', timeoutMs: 60_000 });

    await dropSignalling(page);
    await reconnected(page);
    await app!.ctx.docs!.change(agreement, 'test-after', (d) => replaceDoc(d, [{ type: 'paragraph', content: [{ type: 'text', text: 'Clause one, amended after the blip.' }] }]));
    await poll(async () => (await editorText())?.includes('amended after the blip') || undefined, { what: 'the agreement to sync again', timeoutMs: 15_000 });
    expect(await page.getByText('The agreement opens in the joint room').count()).toBe(0);
    expect(await page.getByText('You left this space').count()).toBe(0);
    expect(await page.getByTestId('agreement-closed').count()).toBe(0);
    await shoot(page, 'agreement-after-blip');
  }));
});
