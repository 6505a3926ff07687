/**
 * Caucus isolation in real browsers: a mediator and two parties (three Chromium contexts with fake
 * cameras and microphones). The mediator admits the parties from the waiting room, moves Ana into
 * a private caucus and back, all through the room's own controls. While Ana is in the caucus, Ben
 * (joint) must not receive her audio or video, she must not receive his, and what she types in the
 * caucus chat must never reach Ben's page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreateSessionResponse } from '@mediation/shared';
import { INVITE } from '../helpers/server.js';
import { clickWhenEnabled, consumerStats, joinByLink, poll, screenshot, waitForFlowingMedia, waitForNoConsumers, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { openPanel, waitForSpace } from '../helpers/roomPage.js';

describe('caucus: the mediator moves a party into a private caucus and back', () => {
  // The waiting room is on (the default): admitting is part of the flow under test.
  const room = useBrowserRoom({ session: { title: 'Smith v. Jones', invites: [INVITE.ana, INVITE.ben] } });
  const failWithErrors = room.withErrors;
  let session: CreateSessionResponse;
  let mediator: Person;
  let ana: Person;
  let ben: Person;
  let caucusId = '';
  const ids = { mediator: '', ana: '', ben: '' };
  const canary = `caucus-canary-${Math.random().toString(36).slice(2, 10)}`;

  beforeAll(async () => {
    session = room.session;
    ids.mediator = session.mediator.participantId;
    ids.ana = session.invites[0]!.participantId;
    ids.ben = session.invites[1]!.participantId;
    mediator = await room.person('mediator');
    ana = await room.person('ana');
    ben = await room.person('ben');
  });

  it('keeps parties in the waiting room, receiving no media, until the mediator admits them', async () => {
    await failWithErrors(async () => {
      await joinByLink(mediator.page, session.mediator.link);
      await waitForSpace(mediator.page, (s) => s === 'joint', 'the mediator to be in the joint room');
      await joinByLink(ana.page, session.invites[0]!.link);
      await joinByLink(ben.page, session.invites[1]!.link);
      for (const party of [ana, ben]) {
        await party.page.getByTestId('waiting-room').waitFor({ state: 'visible', timeout: 60_000 });
      }
      // Connected and waiting: nothing of the joint room (the mediator's camera) may reach them.
      for (const party of [ana, ben]) {
        await poll(async () => (await party.page.getByTestId('connection-state').getAttribute('data-state')) === 'connected', { what: `${party.name} to be connected`, timeoutMs: 60_000 });
        expect(await party.page.locator(`[data-testid="video-tile"][data-participant-id="${ids.mediator}"]`).count()).toBe(0);
      }
      expect(await consumerStats(ana.page)).toEqual([]);
      expect(await consumerStats(ben.page)).toEqual([]);

      // Admit Ana first: once she and the mediator demonstrably stream to each other in joint,
      // Ben, still waiting, must hold no consumer of either.
      await admit(mediator.page, ids.ana);
      await waitForSpace(ana.page, (s) => s === 'joint', 'Ana to be admitted to joint');
      await waitForFlowingMedia(ana.page, ids.mediator, 120_000);
      await waitForFlowingMedia(mediator.page, ids.ana, 120_000);
      expect(await consumerStats(ben.page)).toEqual([]);
      expect(await ben.page.getByTestId('video-tile').evaluateAll((tiles) => tiles.filter((t) => t.getAttribute('data-self') !== 'true').length)).toBe(0);
      await screenshot(ben.page, 'caucus-waiting-room-ben');

      await admit(mediator.page, ids.ben);
      await waitForSpace(ben.page, (s) => s === 'joint', 'Ben to be admitted to joint');
    });
  });

  it('lets everyone in the joint room see and hear everyone', async () => {
    await failWithErrors(async () => {
      await waitForFlowingMedia(ana.page, ids.ben, 120_000);
      await waitForFlowingMedia(ben.page, ids.ana, 120_000);
      await waitForFlowingMedia(ana.page, ids.mediator, 120_000);
      await waitForFlowingMedia(ben.page, ids.mediator, 120_000);
      await waitForFlowingMedia(mediator.page, ids.ana, 120_000);
      // Only mediators get the control tower; parties have no way to move anyone, themselves included.
      await mediator.page.getByTestId('control-tower').waitFor({ state: 'visible', timeout: 30_000 });
      for (const party of [ana, ben]) {
        expect(await party.page.getByTestId('control-tower').count()).toBe(0);
        expect(await party.page.getByTestId('move-menu').count()).toBe(0);
        expect(await party.page.getByTestId('go-here').count()).toBe(0);
      }
    });
  });

  it('cuts media both ways between a party moved into a caucus and the party left in joint', async () => {
    await failWithErrors(async () => {
      caucusId = await createCaucus(mediator.page, 'Claimant caucus');
      await moveTo(mediator.page, ids.ana, caucusId);
      await waitForSpace(ana.page, (s) => s === caucusId, 'Ana to be in the caucus');
      // Her screen says where she is and that the other side cannot hear her.
      await expect.poll(() => ana.page.getByTestId('where-am-i').innerText(), { timeout: 30_000 }).toMatch(/Claimant caucus[\s\S]*cannot hear/i);

      await waitForNoConsumers(ben.page, ids.ana);
      await waitForNoConsumers(ana.page, ids.ben);
      // Ben's page is alive and still receiving the mediator, who stayed in joint: the silence
      // from Ana is isolation, not a broken page.
      await waitForFlowingMedia(ben.page, ids.mediator, 60_000);
      await expect.poll(() => ben.page.locator(`[data-testid="video-tile"][data-participant-id="${ids.ana}"]`).count(), { timeout: 30_000 }).toBe(0);
      // Presence says no more than "Ana is in a caucus": not which one, not its name.
      const benState = await ben.page.evaluate(() => (window as unknown as { __mediation: { state: { participants: Array<{ id: string; whereabouts: string }> } } }).__mediation.state);
      expect(benState.participants.find((p) => p.id === ids.ana)?.whereabouts).toBe('caucus');
      const benHtml = await ben.page.content();
      expect(benHtml).not.toContain(caucusId);
      expect(benHtml).not.toContain('Claimant caucus');
      await screenshot(ben.page, 'caucus-joint-view-ben');
      await screenshot(ana.page, 'caucus-view-ana');
      await screenshot(mediator.page, 'caucus-control-tower');
    });
  });

  it('never shows chat typed in the caucus to the party in the joint room', async () => {
    await failWithErrors(async () => {
      await sendChat(ana.page, canary);
      await ana.page.locator('[data-testid="chat-message"]', { hasText: canary }).first().waitFor({ state: 'visible', timeout: 30_000 });
      // Mediators read every space: the canary reached the server and went out to its audience.
      await mediator.page.locator('[data-testid="chat-message"]', { hasText: canary }).first().waitFor({ state: 'attached', timeout: 30_000 });
      await screenshot(ana.page, 'caucus-view-ana-chat');

      // A later joint message is an ordering barrier: the server sends to Ben's socket in order,
      // so once Ben shows the barrier, a leaked canary would already be on his page.
      const barrier = `joint-barrier-${Date.now()}`;
      await sendChat(mediator.page, barrier);
      await ben.page.locator('[data-testid="chat-message"]', { hasText: barrier }).first().waitFor({ state: 'attached', timeout: 30_000 });
      expect(await ben.page.content()).not.toContain(canary);
      expect(await ben.page.locator('[data-testid="chat-message"]', { hasText: canary }).count()).toBe(0);
    });
  });

  it('shows a broadcast to the caucus only to its members, and one to the joint room only to joint', async () => {
    await failWithErrors(async () => {
      const toCaucus = `caucus-broadcast-${Date.now()}`;
      const toJoint = `joint-broadcast-${Date.now()}`;
      await broadcast(mediator.page, toCaucus, caucusId);
      await ana.page.locator('[data-testid="broadcast"]', { hasText: toCaucus }).waitFor({ state: 'visible', timeout: 30_000 });
      await broadcast(mediator.page, toJoint, 'joint');
      await ben.page.locator('[data-testid="broadcast"]', { hasText: toJoint }).waitFor({ state: 'visible', timeout: 30_000 });
      // Ben got the later joint broadcast, so the earlier caucus one would be there if it leaked.
      expect(await ben.page.content()).not.toContain(toCaucus);
      // And a later caucus broadcast is the barrier for Ana.
      const barrier = `caucus-barrier-${Date.now()}`;
      await broadcast(mediator.page, barrier, caucusId);
      await ana.page.locator('[data-testid="broadcast"]', { hasText: barrier }).waitFor({ state: 'attached', timeout: 30_000 });
      expect(await ana.page.content()).not.toContain(toJoint);
    });
  });

  it('lets Ana knock from the caucus and the mediator answer by joining her: media follows the mediator, not Ben', async () => {
    await failWithErrors(async () => {
      await ana.page.getByTestId('knock').click();
      const knock = mediator.page.locator('[data-testid="knock-item"]', { hasText: 'Ana Claimant' });
      await knock.waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot(mediator.page, 'caucus-control-tower-knock');
      await knock.getByTestId('knock-join').click();
      await waitForSpace(mediator.page, (s) => s === caucusId, 'the mediator to be in the caucus');
      await waitForFlowingMedia(ana.page, ids.mediator, 120_000);
      await waitForFlowingMedia(mediator.page, ids.ana, 120_000);
      await waitForNoConsumers(ben.page, ids.mediator);
      await waitForNoConsumers(mediator.page, ids.ben);
      await screenshot(ana.page, 'caucus-view-ana-with-mediator');

      await mediator.page.locator('[data-testid="space-card"][data-space-id="joint"] [data-testid="go-here"]').click();
      await waitForSpace(mediator.page, (s) => s === 'joint', 'the mediator to be back in joint');
      await waitForFlowingMedia(ben.page, ids.mediator, 120_000);
      await waitForNoConsumers(ana.page, ids.mediator);
    });
  });

  it('lets media flow again both ways when the party returns to joint', async () => {
    await failWithErrors(async () => {
      await moveTo(mediator.page, ids.ana, 'joint');
      await waitForSpace(ana.page, (s) => s === 'joint', 'Ana to be back in joint');
      await waitForFlowingMedia(ben.page, ids.ana, 120_000);
      await waitForFlowingMedia(ana.page, ids.ben, 120_000);
      // Returning to joint does not hand Ben the caucus history.
      expect(await ben.page.content()).not.toContain(canary);
      await screenshot(ben.page, 'caucus-after-return-ben');
    });
  });

  it('puts a party on hold in the waiting room, with no media either way, and admits him again', async () => {
    await failWithErrors(async () => {
      await moveTo(mediator.page, ids.ben, 'lobby');
      await ben.page.getByTestId('waiting-room').waitFor({ state: 'visible', timeout: 60_000 });
      await waitForNoConsumers(ben.page, ids.ana);
      await waitForNoConsumers(ben.page, ids.mediator);
      await waitForNoConsumers(ana.page, ids.ben);
      await waitForNoConsumers(mediator.page, ids.ben);
      await screenshot(ben.page, 'caucus-hold-ben-waiting');

      await admit(mediator.page, ids.ben);
      await waitForSpace(ben.page, (s) => s === 'joint', 'Ben to be admitted again');
      await waitForFlowingMedia(ben.page, ids.ana, 120_000);
      await waitForFlowingMedia(ana.page, ids.ben, 120_000);
    });
  });

  it('refuses what Ana wrote for the caucus when the mediator ends the caucus before it arrives: nobody reads it, and she keeps it with the reason', async () => {
    await failWithErrors(async () => {
      await moveTo(mediator.page, ids.ana, caucusId);
      await waitForSpace(ana.page, (s) => s === caucusId, 'Ana to be in the caucus again');
      await openPanel(ana.page, 'chat');
      // Ana's message leaves her page only after the move: her outgoing chat:send is held in the
      // page (the network's delay, made long) until the mediator has brought her back to joint.
      await ana.page.evaluate(() => {
        const w = window as unknown as { __releaseChat: () => void };
        const held: Array<() => void> = [];
        const send = WebSocket.prototype.send;
        WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
          if (typeof data === 'string' && /^42\d*\["chat:send"/.test(data)) return void held.push(() => send.call(this, data));
          return send.call(this, data);
        };
        w.__releaseChat = () => {
          WebSocket.prototype.send = send;
          held.splice(0).forEach((go) => go());
        };
      });
      const crossed = `crossed-${canary}`;
      await ana.page.getByTestId('chat-input').fill(crossed);
      await clickWhenEnabled(ana.page, 'chat-send');
      await moveTo(mediator.page, ids.ana, 'joint');
      await waitForSpace(ana.page, (s) => s === 'joint', 'Ana to be back in joint');
      await ana.page.evaluate(() => (window as unknown as { __releaseChat: () => void }).__releaseChat());
      const refusal = ana.page.locator('.chat [role="alert"]');
      await refusal.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await refusal.textContent()).toMatch(/moved before your message was sent/);
      expect(await ana.page.getByTestId('chat-input').inputValue()).toBe(crossed);
      await screenshot(ana.page, 'caucus-chat-crossed-by-move-ana');
      // A message Ben sends after it is a barrier: once it shows at the mediator, the refused one
      // would have reached both of them before it.
      const barrier = `barrier-${canary}`;
      await sendChat(ben.page, barrier);
      await mediator.page.locator('[data-testid="chat-message"]', { hasText: barrier }).first().waitFor({ state: 'attached', timeout: 30_000 });
      await ana.page.locator('[data-testid="chat-message"]', { hasText: barrier }).first().waitFor({ state: 'attached', timeout: 30_000 });
      for (const who of [ben, mediator, ana]) expect(await who.page.locator('[data-testid="chat-message"]', { hasText: crossed }).count()).toBe(0);
      expect(await ben.page.content()).not.toContain(crossed);
    });
  });

  // ---- the mediator's controls (through the room UI) ----

  async function admit(page: Page, participantId: string): Promise<void> {
    const own = page.locator(`[data-testid="admit"][data-participant-id="${participantId}"]`);
    await own.waitFor({ state: 'visible', timeout: 60_000 });
    await own.click();
  }

  async function createCaucus(page: Page, name: string): Promise<string> {
    const before = new Set(await page.getByTestId('space-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id'))));
    await page.getByTestId('new-caucus-name').fill(name);
    await clickWhenEnabled(page, 'create-caucus');
    return poll(async () => {
      const now = await page.getByTestId('space-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id')));
      return now.find((id) => id && id.startsWith('caucus:') && !before.has(id)) ?? undefined;
    }, { what: 'the new caucus to appear in the control tower', timeoutMs: 30_000 });
  }

  async function moveTo(page: Page, participantId: string, space: string): Promise<void> {
    const menu = page.locator(`[data-testid="move-menu"][data-participant-id="${participantId}"]`);
    await menu.waitFor({ state: 'visible', timeout: 30_000 });
    await menu.selectOption(space);
  }

  async function broadcast(page: Page, text: string, to: string): Promise<void> {
    await openPanel(page, 'tools');
    await page.getByTestId('broadcast-text').fill(text);
    await page.getByTestId('broadcast-target').selectOption(to);
    await clickWhenEnabled(page, 'broadcast-send');
  }

  async function sendChat(page: Page, text: string): Promise<void> {
    await openPanel(page, 'chat');
    await page.getByTestId('chat-input').fill(text);
    await clickWhenEnabled(page, 'chat-send');
  }
});
