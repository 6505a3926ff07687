/**
 * Interpreters and captions in real browsers. Ana (Claimant), her interpreter Ivo (Spanish) and
 * Ben (Respondent) join with fake cameras and microphones; the mediator and a captioner for the
 * Claimant side are socket.io clients. When the mediator moves Ana into a caucus, Ivo's tile
 * moves with her: Ana keeps receiving his media there, Ben's page loses Ana's and Ivo's together.
 * Ana can listen to the interpretation (the others ducked, not muted); captions reach only the
 * captioner's space and show in the overlay once someone turns it on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, InviteLink } from '@mediation/shared';
import { INVITE, tokenOf } from '../helpers/server.js';
import { consumerStats, joinByLink, poll, screenshot, waitForFlowingMedia, waitForNoConsumers, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { must, type TestClient } from '../helpers/socketClient.js';
import { openPanel, waitForSpace } from '../helpers/roomPage.js';

describe('an interpreter follows his party into a caucus', () => {
  const room = useBrowserRoom({ session: { title: 'Diaz v. Brennan', invites: [INVITE.ana, INVITE.ben], settings: { waitingRoom: false } } });
  let session: CreateSessionResponse;
  let ivoLink: InviteLink;
  let cleoLink: InviteLink;
  let mediator: TestClient;
  let cleo: TestClient;
  let ana: Person;
  let ben: Person;
  let ivo: Person;
  const ids = { ana: '', ben: '', ivo: '' };

  const invite = async (body: Record<string, unknown>): Promise<InviteLink> => {
    const res = await fetch(`${room.app.url}/api/sessions/${session.sessionId}/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenOf(session.mediator.link)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as InviteLink;
  };

  beforeAll(async () => {
    session = room.session;
    ids.ana = session.invites[0]!.participantId;
    ids.ben = session.invites[1]!.participantId;
    ivoLink = await invite({ displayName: 'Ivo Interpreter', role: 'interpreter', interpretsFor: { participantId: ids.ana }, interpretationLanguage: 'Spanish' });
    cleoLink = await invite({ displayName: 'Cleo Captioner', role: 'captioner', interpretsFor: { side: 'Claimant' } });
    ids.ivo = ivoLink.participantId;
    mediator = await room.control(session.mediator.link);
    cleo = await room.control(cleoLink.link);
    ana = await room.person('ana', session.invites[0]!.link);
    ben = await room.person('ben', session.invites[1]!.link);
    ivo = await room.person('ivo', ivoLink.link);
  });

  it('says whom he interprets for, and lets Ana listen to the interpretation with the others ducked', async () => {
    await room.withErrors(async () => {
      for (const p of [ana, ben, ivo]) await waitForSpace(p.page, (s) => s === 'joint', `${p.name} in joint`);
      await waitForFlowingMedia(ana.page, ids.ivo, 120_000);
      await waitForFlowingMedia(ben.page, ids.ivo, 120_000);
      await waitForFlowingMedia(ana.page, ids.ben, 120_000);
      await openPanel(ben.page, 'people');
      await poll(async () => ((await ben.page.locator(`[data-testid="person-whereabouts"][data-participant-id="${ids.ivo}"] [data-testid="person-role"]`).textContent()) === 'Interpreter for Ana Claimant (Spanish)') || undefined, { what: 'the people list to name whom Ivo serves', timeoutMs: 30_000 });

      const picker = ana.page.getByTestId('interpretation-picker');
      await picker.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await picker.textContent()).toContain('Interpretation (Spanish)');
      // Ivo's own page offers no picker (he is the interpretation).
      expect(await ivo.page.getByTestId('interpretation-picker').count()).toBe(0);
      await ana.page.getByTestId('listen-interpretation').check();
      const volumes = () => ana.page.locator('audio[data-volume]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-volume'))).sort());
      await poll(async () => (JSON.stringify(await volumes()) === JSON.stringify([0.2, 1]) ? true : undefined), { what: 'Ben ducked to 0.2, Ivo at full volume', timeoutMs: 10_000 });
      await screenshot(ana.page, 'interpreter-joint-ana');
      await ana.page.getByTestId('listen-original').check();
    });
  });

  it('moves Ivo’s tile with Ana into the caucus: she keeps his media, Ben loses both', async () => {
    await room.withErrors(async () => {
      const caucus = must(await mediator.request('control:createSpace', { name: 'Claimant room' })).space;
      const moved = must(await mediator.request('control:move', { participantIds: [ids.ana], to: caucus as never })).moved;
      expect(moved).toContain(ids.ivo);
      await waitForSpace(ana.page, (s) => s === caucus, 'Ana in the caucus');
      await waitForSpace(ivo.page, (s) => s === caucus, 'Ivo in the caucus with her');
      await waitForNoConsumers(ben.page, ids.ana);
      await waitForNoConsumers(ben.page, ids.ivo);
      await waitForFlowingMedia(ana.page, ids.ivo, 120_000);
      await ana.page.locator(`[data-testid="video-tile"][data-participant-id="${ids.ivo}"]`).waitFor({ state: 'visible', timeout: 30_000 });
      // His tile says whom he serves, as the people list does.
      expect(await ana.page.locator(`[data-testid="video-tile"][data-participant-id="${ids.ivo}"] .tile-label`).textContent()).toContain('Interpreter for Ana Claimant (Spanish)');
      expect(await ben.page.locator(`[data-testid="video-tile"][data-participant-id="${ids.ivo}"]`).count()).toBe(0);
      expect((await consumerStats(ben.page)).some((s) => s.participantId === ids.ivo || s.participantId === ids.ana)).toBe(false);
    });
  });

  it('shows the caucus captions to Ana once she turns them on, and nothing of them to Ben', async () => {
    await room.withErrors(async () => {
      for (const p of [ana, ben]) await p.page.getByTestId('toggle-captions').click();
      const text = `caption-canary-${Math.random().toString(36).slice(2, 8)} we could accept the offer`;
      must(await cleo.request('caption:send', { text }));
      await poll(async () => ((await ana.page.getByTestId('caption-lines').textContent())?.includes(text) ? true : undefined), { what: 'the caption on Ana’s overlay', timeoutMs: 15_000 });
      expect(await ana.page.getByTestId('caption-lines').getAttribute('aria-live')).toBe('off');
      await screenshot(ana.page, 'interpreter-caucus-captions-ana');
      // Ben's overlay is on and stays empty of the caucus's words.
      expect(await ben.page.getByTestId('caption-lines').textContent()).not.toContain('caption-canary');
      expect(await ben.page.content()).not.toContain('caption-canary');
    });
  });
});
