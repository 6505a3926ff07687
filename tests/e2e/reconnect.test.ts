/**
 * A connection blip in the middle of board and agreement work (what a Wi-Fi drop does): Ana's
 * socket.io websocket is closed once while the Board is open, and again while the Agreement is
 * open. Her page reconnects by itself; within seconds the board is live and editable again, the
 * agreement receives changes again, and no false "You left this space" (or "The agreement opens
 * in the joint room") is shown.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BOARD_MAPS, docName, JOINT, type CreateSessionResponse } from '@mediation/shared';
import { replaceDoc } from '../../server/src/agreement/model.js';
import { INVITE } from '../helpers/server.js';
import { dropSockets, joinByLink, poll, trackSockets, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { atScreenSizes, boardConnected, openBoard, openPanel } from '../helpers/roomPage.js';

const SHOTS = '/tmp/shots/yjs';

async function dropSignalling(page: Page): Promise<void> {
  expect(await dropSockets(page)).toBe(1);
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
  await atScreenSizes(page, (w, h) => page.screenshot({ path: `${SHOTS}/${name}-${w}x${h}.png`, fullPage: false }));
}

describe('documents survive a connection blip', () => {
  const room = useBrowserRoom({ session: { settings: { waitingRoom: false }, invites: [INVITE.ana, INVITE.ben] } });
  const { withErrors } = room;
  let s: CreateSessionResponse;
  let ana: Person;

  beforeAll(async () => {
    s = room.session;
    await room.control(s.mediator.link);
    ana = await room.person('ana');
    await trackSockets(ana.context);
    await joinByLink(ana.page, s.invites[0]!.link);
  });

  it('keeps the board live and editable after the signalling websocket drops once', () => withErrors(async () => {
    const page = ana.page;
    await openBoard(page);
    const board = docName(s.sessionId, 'board', JOINT);
    const cardsOnServer = () => room.app.ctx.docs!.read(board, (d) => JSON.stringify(d.getMap(BOARD_MAPS.cards).toJSON()));

    await dropSignalling(page);
    await reconnected(page);
    // The board comes back by itself: live, and nothing says she left.
    await boardConnected(page, 'board live again', 15_000);
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
    await room.app.ctx.docs!.change(agreement, 'test-setup', (d) => replaceDoc(d, [{ type: 'paragraph', content: [{ type: 'text', text: 'Clause one.' }] }]));
    await openPanel(page, 'agreement');
    const editorText = () => page.getByTestId('agreement-editor').textContent({ timeout: 2000 }).catch(() => '');
    await poll(async () => (await editorText())?.includes('Clause one.') || undefined, { what: 'the agreement to load', timeoutMs: 60_000 });

    await dropSignalling(page);
    await reconnected(page);
    await room.app.ctx.docs!.change(agreement, 'test-after', (d) => replaceDoc(d, [{ type: 'paragraph', content: [{ type: 'text', text: 'Clause one, amended after the blip.' }] }]));
    await poll(async () => (await editorText())?.includes('amended after the blip') || undefined, { what: 'the agreement to sync again', timeoutMs: 15_000 });
    expect(await page.getByText('The agreement opens in the joint room').count()).toBe(0);
    expect(await page.getByText('You left this space').count()).toBe(0);
    expect(await page.getByTestId('agreement-closed').count()).toBe(0);
    await shoot(page, 'agreement-after-blip');
  }));
});
