/**
 * WCAG 2.2 AA in the browser: axe-core (A and AA rules of WCAG 2.0, 2.1 and 2.2) on every page and
 * state a person meets, walked as a real mediation: the join page (valid, expired, revoked and
 * tampered links), the waiting room, the joint room (party and mediator, with the control tower),
 * a caucus, the board with cards and a group, the agreement (an attorney editing, a party
 * suggesting), signing, the ended page; then the practice, intake, dashboard, check-in, survey and
 * messaging pages. Each step ends with the axe check, so a violation names its state.
 *
 * Also checks what axe cannot: `lang` on <html>, a skip link that moves focus to the main content,
 * and the screen-reader announcement after a move (the polite live region's text).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreateSessionResponse } from '@mediation/shared';
import { INVITE, tokenOf } from '../helpers/server.js';
import { claimsOf, clickWhenEnabled, joinByLink, openJoin, poll, tamperedLink, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { applyTemplate, boardConnected, openAgreement, openPanel, waitForSpace } from '../helpers/roomPage.js';
import { expectNoAxeViolations } from '../helpers/axe.js';
import { api, caseWithSession, dayAhead, endSession, type CaseSessionFixture } from '../integration/followup-helpers.js';
import { setUpOwner, type PracticeClient } from '../integration/practice-client.js';

/** A fresh document for a link whose fragment changed (the join page reads the link once). */
async function openFresh(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.reload({ waitUntil: 'domcontentloaded' });
}

async function openTab(page: Page, name: string): Promise<void> {
  await openPanel(page, name);
}

describe('accessibility: axe on every state of a mediation', () => {
  const room = useBrowserRoom({ session: { title: 'Smith v. Jones', invites: [INVITE.ana, INVITE.ben, INVITE.lee, INVITE.olive] } });
  const { withErrors } = room;
  let s: CreateSessionResponse;
  let med: Person;
  let ana: Person;
  let lee: Person;
  let stranger: Person;
  const ids = { ana: '', ben: '', lee: '', olive: '' };
  let caucusId = '';

  beforeAll(async () => {
    s = room.session;
    ids.ana = s.invites[0]!.participantId;
    ids.ben = s.invites[1]!.participantId;
    ids.lee = s.invites[2]!.participantId;
    ids.olive = s.invites[3]!.participantId;
    med = await room.person('mediator');
    ana = await room.person('ana');
    lee = await room.person('lee');
    stranger = await room.person('stranger');
  }, 120_000);

  it('landing page and the join page of a valid link', () => withErrors(async () => {
    await stranger.page.goto(room.app.url, { waitUntil: 'domcontentloaded' });
    await stranger.page.getByTestId('create-session').waitFor({ state: 'visible' });
    expect(await stranger.page.getAttribute('html', 'lang')).toBe('en');
    await expectNoAxeViolations(stranger.page, 'landing page');

    await openJoin(ana.page, s.invites[0]!.link);
    expect(await ana.page.getAttribute('html', 'lang')).toMatch(/^(en|es)/);
    await expectNoAxeViolations(ana.page, 'join page (valid link)');
  }));

  it('join page of an expired, a revoked and a tampered link', () => withErrors(async () => {
    const claims = claimsOf(s.invites[0]!.link);
    const { token } = await room.app.ctx.tokens.sign({ sessionId: claims.sid, participantId: ids.ana, role: 'party', side: 'Claimant' }, -60);
    await openFresh(stranger.page, `${room.app.url}/join#t=${token}`);
    await expect.poll(() => stranger.page.getByTestId('link-error').getAttribute('data-reason'), { timeout: 30_000 }).toBe('expired');
    await expectNoAxeViolations(stranger.page, 'join page (expired link)');

    const res = await fetch(`${room.app.url}/api/sessions/${s.sessionId}/participants/${ids.olive}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokenOf(s.mediator.link)}` } });
    expect(res.status).toBe(204);
    await openFresh(stranger.page, s.invites[3]!.link);
    await expect.poll(() => stranger.page.getByTestId('link-error').getAttribute('data-reason'), { timeout: 30_000 }).toBe('revoked');
    await expectNoAxeViolations(stranger.page, 'join page (revoked link)');

    await openFresh(stranger.page, tamperedLink(s.invites[1]!.link));
    await expect.poll(() => stranger.page.getByTestId('link-error').getAttribute('data-reason'), { timeout: 30_000 }).toBe('invalid');
    await expectNoAxeViolations(stranger.page, 'join page (tampered link)');
  }));

  it('waiting room (party) and the joint room with the control tower (mediator)', () => withErrors(async () => {
    await joinByLink(med.page, s.mediator.link);
    await waitForSpace(med.page, (sp) => sp === 'joint', 'the mediator in joint');
    await openTab(med.page, 'Control tower');
    await med.page.getByTestId('control-tower').waitFor({ state: 'visible' });
    await clickWhenEnabled(ana.page, 'join-button');
    await ana.page.getByTestId('waiting-room').waitFor({ state: 'visible', timeout: 60_000 });
    await expectNoAxeViolations(ana.page, 'waiting room');
    // The knock / waiting alert is part of the mediator's state too.
    await med.page.locator(`[data-testid="admit"][data-participant-id="${ids.ana}"]`).waitFor({ state: 'visible', timeout: 60_000 });
    await expectNoAxeViolations(med.page, 'joint room, control tower with someone waiting (mediator)');
  }));

  it('joint room (party), with a polite announcement of the admission', () => withErrors(async () => {
    await med.page.locator(`[data-testid="admit"][data-participant-id="${ids.ana}"]`).click();
    await waitForSpace(ana.page, (sp) => sp === 'joint', 'Ana admitted');
    await expectNoAxeViolations(ana.page, 'joint room (party)');
    await poll(async () => /joint/i.test(await ana.page.getByTestId('announcer-polite').innerText()) || undefined, { what: "Ana's admission announced", timeoutMs: 30_000 });
    // The skip link is the first thing Tab reaches, and it moves focus to the main content.
    // Focus navigation starts from the top of the document (blur() alone keeps the old starting point).
    await ana.page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
    });
    await ana.page.keyboard.press('Tab');
    expect(await ana.page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/skip to main content/i);
    await ana.page.keyboard.press('Enter');
    expect(await ana.page.evaluate(() => document.activeElement?.id ?? '')).toBe('main');
  }));

  it('board with cards and a group (party)', () => withErrors(async () => {
    await openTab(ana.page, 'Board');
    await boardConnected(ana.page);
    await ana.page.getByTestId('board-card-text').fill('Pay in six instalments');
    await ana.page.getByTestId('board-add-card').click();
    await ana.page.getByLabel('New group').fill('Money');
    await ana.page.getByRole('button', { name: 'Add group' }).click();
    await ana.page.getByTestId('board-card').first().waitFor({ state: 'visible' });
    await ana.page.getByLabel('Move to group').first().waitFor({ state: 'visible' });
    await expectNoAxeViolations(ana.page, 'board (party, one card, one group)');
  }));

  it('caucus (party) and the control tower with a caucus (mediator); the move is announced', () => withErrors(async () => {
    await openTab(med.page, 'Control tower');
    const before = new Set(await med.page.getByTestId('space-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id'))));
    await med.page.getByTestId('new-caucus-name').fill('Claimant caucus');
    await clickWhenEnabled(med.page, 'create-caucus');
    caucusId = await poll(async () => {
      const now = await med.page.getByTestId('space-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-space-id')));
      return now.find((id) => id && id.startsWith('caucus:') && !before.has(id)) ?? undefined;
    }, { what: 'the caucus', timeoutMs: 30_000 });
    await med.page.locator(`[data-testid="move-menu"][data-participant-id="${ids.ana}"]`).selectOption(caucusId);
    await waitForSpace(ana.page, (sp) => sp === caucusId, 'Ana in the caucus');
    await expectNoAxeViolations(ana.page, 'caucus (party)');
    await expectNoAxeViolations(med.page, 'control tower with a caucus (mediator)');
    await poll(async () => /moved to .*Claimant caucus/i.test(await ana.page.getByTestId('announcer-polite').innerText()) || undefined, { what: "Ana's move announced", timeoutMs: 30_000 });
  }));

  it('agreement: an attorney editing and a party suggesting', () => withErrors(async () => {
    await med.page.locator(`[data-testid="move-menu"][data-participant-id="${ids.ana}"]`).selectOption('joint');
    await waitForSpace(ana.page, (sp) => sp === 'joint', 'Ana back in joint');
    await applyTemplate(room.app, s);
    await openTab(med.page, 'Control tower');
    await joinByLink(lee.page, s.invites[2]!.link);
    await med.page.locator(`[data-testid="admit"][data-participant-id="${ids.lee}"]`).click();
    await waitForSpace(lee.page, (sp) => sp === 'joint', 'Lee admitted');
    await openAgreement(lee.page);
    await expectNoAxeViolations(lee.page, 'agreement (attorney editing)');
    await openAgreement(ana.page);
    await ana.page.getByTestId('party-suggest-hint').waitFor({ state: 'visible', timeout: 30_000 });
    await expectNoAxeViolations(ana.page, 'agreement (party suggesting)');
    await openAgreement(med.page);
    await expectNoAxeViolations(med.page, 'agreement (mediator)');
  }));

  it('signing (party) and the ended page', () => withErrors(async () => {
    await med.page.getByTestId('freeze').click();
    await ana.page.getByTestId('sign-form').waitFor({ state: 'visible', timeout: 30_000 });
    await expectNoAxeViolations(ana.page, 'signing (party)');
    await openTab(med.page, 'Session tools');
    await med.page.getByTestId('end-session').click();
    await med.page.getByTestId('confirm-end-session').waitFor({ state: 'visible' });
    await expectNoAxeViolations(med.page, 'end-session confirmation (mediator)');
    await med.page.getByTestId('confirm-end-session').click();
    await ana.page.getByTestId('session-closed').waitFor({ state: 'visible', timeout: 60_000 });
    await expectNoAxeViolations(ana.page, 'ended (party)');
  }));
});

describe('accessibility: axe on the practice, intake, dashboard, ended, messaging, check-in and survey pages', () => {
  const room = useBrowserRoom({ session: false });
  const { withErrors } = room;
  let maria: PracticeClient;
  let f: CaseSessionFixture;
  let med: Person;
  let ana: Person;
  let tom: Person;
  const link = (token: string) => `${room.app.url}/join#t=${token}`;
  let intakeLink = '';

  beforeAll(async () => {
    maria = await setUpOwner(room.app.url);
    f = await caseWithSession(maria);
    med = await room.person('mediator');
    const [name, value] = maria.cookie!.split('=');
    await med.context.addCookies([{ name: name!, value: value!, url: room.app.url }]);
    ana = await room.person('ana');
    tom = await room.person('tom');
    await tom.page.setViewportSize({ width: 390, height: 844 });
  }, 120_000);

  it('practice: sign-in, cases, a case, its intake view and the outbox', () => withErrors(async () => {
    await tom.page.goto(`${room.app.url}/practice`, { waitUntil: 'domcontentloaded' });
    await tom.page.getByTestId('sign-in-form').waitFor({ state: 'visible' });
    await expectNoAxeViolations(tom.page, 'practice sign-in (phone)');

    const m = med.page;
    await m.goto(`${room.app.url}/practice`, { waitUntil: 'domcontentloaded' });
    await m.getByRole('heading', { name: 'Cases' }).waitFor();
    await expectNoAxeViolations(m, 'practice: cases');
    await m.goto(`${room.app.url}/practice/cases/${f.caseId}`, { waitUntil: 'domcontentloaded' });
    await m.getByTestId('case-heading').waitFor();
    await m.getByTestId('case-session').first().waitFor();
    await expectNoAxeViolations(m, 'practice: a case');
    await m.goto(`${room.app.url}/practice/cases/${f.caseId}/intake`, { waitUntil: 'domcontentloaded' });
    await m.getByTestId('intake-view').waitFor();
    await expectNoAxeViolations(m, 'intake view (mediator)');
    await m.getByTestId('send-intake').click();
    await m.getByTestId('intake-link').first().waitFor();
    intakeLink = ((await m.getByTestId('intake-link').first().textContent()) ?? '').trim();
    await expectNoAxeViolations(m, 'intake view with links (mediator)');
    await m.goto(`${room.app.url}/practice/outbox`, { waitUntil: 'domcontentloaded' });
    await m.getByRole('heading', { level: 1 }).first().waitFor();
    await expectNoAxeViolations(m, 'practice: outbox');
  }));

  it('the intake form, by its link (phone)', () => withErrors(async () => {
    expect(intakeLink).toMatch(/\/intake#t=/);
    await tom.page.goto(intakeLink, { waitUntil: 'domcontentloaded' });
    await tom.page.getByTestId('intake-person').waitFor({ state: 'visible', timeout: 30_000 });
    await expectNoAxeViolations(tom.page, 'intake form (phone)');
  }));

  it('the dashboard', () => withErrors(async () => {
    await med.page.goto(`${room.app.url}/dashboard`, { waitUntil: 'domcontentloaded' });
    await med.page.getByTestId('dashboard-settlement').waitFor();
    await med.page.getByTestId('chart-stages').locator('svg').first().waitFor();
    await expectNoAxeViolations(med.page, 'dashboard');
  }));

  it('after the session: the ended page with the plan and the survey, the messages, the check-in and survey pages', () => withErrors(async () => {
    const planned = await api(room.app, 'PUT', `/api/sessions/${f.sessionId}/followup`, f.mediator, {
      items: [{ what: 'Send the corrected invoice', owner: { kind: 'person', participantId: f.pid.ana }, due: dayAhead(5), clause: '' }],
      discovery: 'Gather the bank statements for March.',
      followUp: { startsAt: Date.now() + 21 * 86_400_000, durationMinutes: 60, purpose: 'Check the payments' },
    });
    expect(planned.status).toBe(200);
    await endSession(room.app, f.mediator);
    await ana.page.goto(link(f.tok.ana), { waitUntil: 'domcontentloaded' });
    await ana.page.getByTestId('ended-plan').waitFor({ state: 'visible', timeout: 60_000 });
    await ana.page.getByTestId('survey-form').waitFor();
    await expectNoAxeViolations(ana.page, 'ended page with the plan and the survey (party)');
    const thread = ana.page.getByRole('tab', { name: /^Claimant side and the mediator/ });
    if (await thread.count()) {
      await thread.click();
      await ana.page.getByTestId('message-text').waitFor();
      await expectNoAxeViolations(ana.page, 'messages (party)');
    }

    const emails = await poll(async () => {
      const all = (await maria.get('/outbox')).body.emails as Array<{ to: string; text: string }>;
      return all.some((e) => /\/checkin#k=/.test(e.text)) && all.some((e) => /\/survey#k=/.test(e.text)) ? all : undefined;
    }, { what: 'the plan and survey emails in the outbox', timeoutMs: 30_000 });
    const checkin = emails.map((e) => /https?:\/\/\S+?\/checkin#k=[A-Za-z0-9_-]+/.exec(e.text)?.[0]).find(Boolean)!;
    const survey = emails.map((e) => /https?:\/\/\S+?\/survey#k=[A-Za-z0-9_-]+/.exec(e.text)?.[0]).find(Boolean)!;
    await tom.page.goto(checkin, { waitUntil: 'domcontentloaded' });
    await tom.page.getByTestId('checkin-send').waitFor({ state: 'visible', timeout: 30_000 });
    await expectNoAxeViolations(tom.page, 'check-in page (phone)');
    await tom.page.goto(survey, { waitUntil: 'domcontentloaded' });
    await tom.page.getByTestId('survey-page').waitFor({ state: 'visible', timeout: 30_000 });
    await tom.page.getByTestId('survey-form').waitFor({ state: 'visible', timeout: 30_000 });
    await expectNoAxeViolations(tom.page, 'survey page (phone)');

    await med.page.goto(link(f.mediator), { waitUntil: 'domcontentloaded' });
    await med.page.getByTestId('ended-plan').waitFor({ state: 'visible', timeout: 60_000 });
    await expectNoAxeViolations(med.page, 'ended page (mediator)');
  }));
});
