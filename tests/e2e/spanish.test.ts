/**
 * A Spanish-speaking party in the browser: English is the default; she picks Español on the join
 * page, and the join page, the waiting room and the room's controls speak Spanish, with
 * <html lang="es"> for her screen reader; the choice survives a reload. The mediator, in the same
 * session, keeps English (each person's language is their own).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clickWhenEnabled, joinByLink, openJoin, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { atScreenSizes, waitForSpace } from '../helpers/roomPage.js';

const SHOTS = '/tmp/shots/spanish';
async function shots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await atScreenSizes(page, (w, h) => page.screenshot({ path: path.join(SHOTS, `${name}-${w}x${h}.png`), fullPage: true }));
}

const lang = (page: Page) => page.getAttribute('html', 'lang');
/** Every visible text of the page, for "says X" checks that do not depend on the markup. */
const text = (page: Page) => page.locator('body').innerText();

describe('a party who reads Spanish', () => {
  const room = useBrowserRoom({ session: { settings: { waitingRoom: true } } });
  let mediator: Person;
  let ana: Person;

  beforeAll(async () => {
    mediator = await room.person('mediator');
    ana = await room.person('ana');
  });

  it('picks Español on the join page: the page, <html lang> and the device check switch at once', () => room.withErrors(async () => {
    await openJoin(ana.page, room.session.invites[0]!.link);
    // English is the default (the browser says en-US and nothing else was chosen).
    expect(await lang(ana.page)).toBe('en');
    expect(await ana.page.getByTestId('join-button').textContent()).toBe('Join the session');

    await ana.page.getByTestId('language-picker').selectOption('es');
    await expect.poll(() => lang(ana.page), { timeout: 10_000 }).toBe('es');
    expect(await ana.page.getByTestId('join-button').textContent()).toBe('Entrar en la sesión');
    const join = await text(ana.page);
    expect(join).toContain('Idioma');
    expect(join).toContain('Cámara y micrófono');
    expect(join).toContain('Su nombre, tal como lo verán los demás');
    expect(join).toContain('Está invitado/a como Parte');
    expect(join).toContain('Esperará en la sala de espera');
    expect(await ana.page.getByLabel('Idioma').inputValue()).toBe('es');
    await shots(ana.page, 'join-page-es');
  }));

  it('keeps Spanish after a reload (her explicit choice is remembered)', () => room.withErrors(async () => {
    await ana.page.reload();
    await ana.page.getByTestId('join-button').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await lang(ana.page)).toBe('es');
    expect(await ana.page.getByTestId('join-button').textContent()).toBe('Entrar en la sesión');
    expect(await ana.page.getByTestId('language-picker').inputValue()).toBe('es');
  }));

  it('waits in a Spanish waiting room, then gets Spanish room controls; the mediator stays in English', () => room.withErrors(async () => {
    await joinByLink(mediator.page, room.session.mediator.link);
    await waitForSpace(mediator.page, (sp) => sp === 'joint', 'the mediator in the joint session');

    await clickWhenEnabled(ana.page, 'join-button');
    await ana.page.getByTestId('waiting-room').waitFor({ state: 'visible', timeout: 60_000 });
    const waiting = await text(ana.page);
    expect(waiting).toContain('Está en la sala de espera.');
    expect(waiting).toContain('Aquí nadie puede verle ni oírle.');
    expect(await ana.page.getByTestId('lobby-message').textContent()).toBe('El mediador le dará paso en breve.');
    expect(await ana.page.getByTestId('leave').textContent()).toContain('Salir');
    await shots(ana.page, 'waiting-room-es');

    const anaId = room.session.invites[0]!.participantId;
    await mediator.page.locator(`[data-testid="admit"][data-participant-id="${anaId}"]`).click();
    await waitForSpace(ana.page, (sp) => sp === 'joint', 'Ana admitted to the joint session');
    expect(await lang(ana.page)).toBe('es');
    // The control bar: microphone, camera and leave, by their Spanish accessible names.
    await ana.page.getByRole('button', { name: /^(Silenciar|Activar) micrófono/ }).waitFor({ state: 'visible', timeout: 30_000 });
    await ana.page.getByRole('button', { name: /^(Apagar|Encender) cámara/ }).waitFor({ state: 'visible' });
    await ana.page.getByRole('button', { name: /^Salir/ }).waitFor({ state: 'visible' });
    expect(await ana.page.getByTestId('where-am-i').innerText()).toMatch(/sesión conjunta/i);
    await shots(ana.page, 'room-es');

    // Each person's language is their own: the mediator's page is still English.
    expect(await lang(mediator.page)).toBe('en');
    expect(await mediator.page.getByRole('button', { name: /^(Mute|Unmute)/ }).count()).toBeGreaterThan(0);
  }));

  it('can switch back to English from the room settings without leaving the room', () => room.withErrors(async () => {
    await ana.page.getByTestId('room-settings').locator('summary').click();
    await ana.page.getByTestId('room-settings').getByTestId('language-picker').selectOption('en');
    await expect.poll(() => lang(ana.page), { timeout: 10_000 }).toBe('en');
    await ana.page.getByRole('button', { name: /^(Mute|Unmute) microphone/ }).waitFor({ state: 'visible', timeout: 10_000 });
    expect(await ana.page.getByTestId('where-am-i').innerText()).toMatch(/Joint session/);
    // Still in the room: the language changed, the connection did not.
    expect(await ana.page.getByTestId('connection-state').getAttribute('data-state')).toBe('connected');
  }));
});
