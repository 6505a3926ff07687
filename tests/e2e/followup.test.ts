/**
 * The closing stage in real browsers, in a session of a practice's case: the mediator builds the
 * follow-up plan in the room (an item for Ana, one for the Respondent side, a discovery plan, a
 * firm follow-up date), Ana confirms her follow-up email on her phone (390x844), the mediator ends
 * the session, Ana's ended page shows her part of the plan (never the Respondent's item) and the
 * satisfaction survey, which she answers; her plan email (outbox: no SMTP here) has her part only.
 * Screenshots: tests/artifacts/followup-*.png.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { joinByLink, screenshot, type Person } from '../helpers/browser.js';
import { useBrowserRoom } from '../helpers/browserRoom.js';
import { openPanel } from '../helpers/roomPage.js';
import { caseWithSession, type CaseSessionFixture } from '../integration/followup-helpers.js';
import { OWNER, setUpOwner, type PracticeClient } from '../integration/practice-client.js';

const RESPONDENT_ITEM = 'Respondent pays the first instalment (canary-e2e-resp)';
const ANA_ITEM = 'Send the corrected invoice';

const pad = (n: number) => String(n).padStart(2, '0');
const localInput = (ms: number) => { const d = new Date(ms); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`; };
const dayAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('follow-up at the closing stage, in the browser', () => {
  const room = useBrowserRoom({ session: false });
  const { withErrors } = room;
  let maria: PracticeClient;
  let f: CaseSessionFixture;
  let med: Person;
  let ana: Person;
  const link = (token: string) => `${room.app.url}/join#t=${token}`;

  beforeAll(async () => {
    maria = await setUpOwner(room.app.url);
    f = await caseWithSession(maria);
    med = await room.person('mediator', link(f.mediator));
    await openPanel(med.page, 'followup');
    ana = await room.person('ana');
    await ana.page.setViewportSize({ width: 390, height: 844 });
    await joinByLink(ana.page, link(f.tok.ana));
    // Case sessions have a waiting room: the mediator admits Ana from the alert.
    await med.page.getByTestId('alert-admit').first().click();
    // In the room (on her phone the Follow-up button is under More, so attached, not visible).
    await ana.page.getByTestId('tab-followup').waitFor({ state: 'attached', timeout: 60_000 });
  }, 240_000);

  it('the mediator builds the plan, Ana confirms her email, the session ends, Ana sees her part and answers the survey', () => withErrors(async () => {
    const m = med.page;
    await m.getByTestId('followup-panel').waitFor();
    await m.getByTestId('followup-add-item').click();
    await m.getByTestId('followup-item-what-0').fill(ANA_ITEM);
    await m.getByTestId('followup-item-owner-0').selectOption({ label: 'Ana Diaz (Claimant)' });
    await m.getByTestId('followup-item-due-0').fill(dayAhead(7));
    await m.getByTestId('followup-item-clause-0').fill('Clause 2');
    await m.getByTestId('followup-add-item').click();
    await m.getByTestId('followup-item-what-1').fill(RESPONDENT_ITEM);
    await m.getByTestId('followup-item-owner-1').selectOption({ label: 'Respondent side' });
    await m.getByTestId('followup-item-due-1').fill(dayAhead(10));
    await m.getByTestId('followup-discovery').fill('Both sides gather their bank statements for March.');
    await m.getByTestId('followup-date').fill(localInput(Date.now() + 21 * 86_400_000));
    await m.getByTestId('followup-purpose').fill('Check the first payment');
    await m.getByTestId('followup-save').click();
    await m.getByText('Plan saved.').waitFor();
    await screenshot(m, 'followup-mediator-plan-1280');

    // Ana, on her phone: confirms her email, sees only what concerns her.
    const a = ana.page;
    await openPanel(a, 'followup');
    await a.getByTestId('followup-email').fill('ana@claimant.test');
    await a.getByTestId('followup-email-confirm').click();
    await a.getByText('Confirmed: the follow-up will go to ana@claimant.test.').waitFor();
    const panel = await a.getByTestId('followup-panel').innerText();
    expect(panel).toContain(ANA_ITEM);
    expect(panel).not.toContain(RESPONDENT_ITEM);
    await screenshot(a, 'followup-party-panel-390');

    // The mediator sees Ana's confirmation, then ends the session.
    await m.getByTestId('followup-save').click();
    await m.getByText('ana@claimant.test').waitFor();
    await openPanel(m, 'tools');
    await m.getByTestId('end-session').click();
    await m.getByTestId('confirm-end-session').click();

    // Ana's ended page: her plan, then the survey.
    const plan = a.getByTestId('ended-plan');
    await plan.waitFor({ state: 'visible', timeout: 60_000 });
    const planText = await plan.innerText();
    expect(planText).toContain(ANA_ITEM);
    expect(planText).toContain('Both sides gather their bank statements for March.');
    expect(planText).toContain('Check the first payment');
    expect(await a.locator('main').innerText()).not.toContain('canary-e2e-resp');
    await screenshot(a, 'followup-ended-plan-390');

    const survey = a.getByTestId('survey-form');
    await survey.waitFor();
    for (const [key, n] of [['explained', 5], ['heard', 4], ['neutral', 5], ['notPressured', 4], ['workable', 4], ['satisfied', 5]] as const) {
      await a.getByTestId(`survey-rating-${key}-${n}`).check({ force: true });
    }
    await a.getByTestId('survey-recommend-9').check({ force: true });
    await a.getByTestId('survey-comment').fill('Clear and calm.');
    await survey.scrollIntoViewIfNeeded();
    await screenshot(a, 'followup-survey-390');
    await a.getByTestId('survey-submit').click();
    await a.getByTestId('survey-thanks').waitFor();
    await screenshot(a, 'followup-survey-thanks-390');

    // Her plan email (in the outbox: no SMTP here) has her part only.
    const outbox = (await maria.get('/outbox')).body.emails as Array<{ to: string; subject: string; text: string }>;
    const mail = outbox.find((e) => e.to === 'ana@claimant.test' && e.subject.startsWith('Your follow-up plan'));
    expect(mail?.text).toContain(ANA_ITEM);
    expect(mail?.text).not.toContain('canary-e2e-resp');
    expect(outbox.find((e) => e.to === 'tom@harborbakery.test' && e.subject.startsWith('Your follow-up plan'))?.text).toContain('canary-e2e-resp');

    // Stored once, without Ana; the mediator's ended page shows no totals for one answer.
    const report = await fetch(`${room.app.url}/api/sessions/${f.sessionId}/survey/report`, { headers: { authorization: `Bearer ${f.mediator}` } });
    const body = (await report.json()) as { cuts: Array<{ label: string; answers: number; averages: unknown }> };
    expect(body.cuts.find((c) => c.label === 'This session')).toMatchObject({ answers: 1, averages: null });
    await m.getByTestId('ended-plan').waitFor({ state: 'visible', timeout: 60_000 });
    await m.getByTestId('survey-report').waitFor();
    await screenshot(m, 'followup-ended-mediator-1280');
  }));

  it('between sessions, Ana and the mediator exchange private messages in the Claimant thread (phone width for Ana)', () => withErrors(async () => {
    const a = ana.page;
    const m = med.page;
    const claimantThread = a.getByRole('tab', { name: /^Claimant side and the mediator/ });
    await claimantThread.click();
    await a.getByTestId('message-text').fill('The bank asked for a form from Tom. Can you help?');
    await a.getByTestId('message-send').click();
    await a.getByTestId('message-list').getByText('The bank asked for a form').waitFor();

    await m.reload();
    const mediatorThread = m.getByRole('tab', { name: /^Claimant side and the mediator/ });
    await mediatorThread.waitFor();
    expect(await mediatorThread.innerText()).toContain('1');
    await mediatorThread.click();
    await m.getByTestId('message-list').getByText('The bank asked for a form').waitFor();
    await m.getByTestId('message-text').fill('Yes: I will ask Tom’s side in their thread and come back to you.');
    await m.getByTestId('message-send').click();
    await m.getByTestId('message-list').getByText('I will ask Tom').waitFor();

    await a.reload();
    await a.getByRole('tab', { name: /^Claimant side and the mediator/ }).click();
    await a.getByTestId('message-list').getByText('I will ask Tom').waitFor();
    // Ana never has the Respondent's thread or the notes.
    expect(await a.getByRole('tab', { name: /Respondent|notes/ }).count()).toBe(0);
    await a.getByTestId('messages').scrollIntoViewIfNeeded();
    await screenshot(a, 'followup-messages-390');
  }));

  it('Ana attaches a file at phone width; the mediator downloads it and starts a call from the thread; Ana gets her join button', () => withErrors(async () => {
    const a = ana.page;
    const m = med.page;
    await a.getByRole('tab', { name: /^Claimant side and the mediator/ }).click();
    await a.getByTestId('message-attach').setInputFiles({ name: 'bank form.txt', mimeType: 'text/plain', buffer: Buffer.from('Form 12B, to be signed by Tom') });
    await a.getByTestId('message-list').getByTestId('message-file').filter({ hasText: 'bank form.txt' }).waitFor();
    // A refused type is said in plain words, nothing is added.
    await a.getByTestId('message-attach').setInputFiles({ name: 'page.txt', mimeType: 'text/plain', buffer: Buffer.from('<html><script>x</script></html>') });
    await a.getByRole('alert').getByText(/Only these files can be attached/).waitFor();
    expect(await a.getByTestId('message-file').count()).toBe(1);

    await m.reload();
    await m.getByRole('tab', { name: /^Claimant side and the mediator/ }).click();
    const file = m.getByTestId('message-file').filter({ hasText: 'bank form.txt' });
    await file.waitFor();
    const [download] = await Promise.all([m.waitForEvent('download'), file.click()]);
    expect(download.suggestedFilename()).toBe('bank form.txt');
    await m.getByTestId('message-start-call').click();
    await m.getByTestId('message-list').getByText(/started a call with/).waitFor();

    await a.reload();
    await a.getByRole('tab', { name: /^Claimant side and the mediator/ }).click();
    const join = a.getByTestId('message-join-call');
    await join.waitFor();
    expect(await join.getAttribute('href')).toMatch(/\/join#t=/);
    expect(await a.getByTestId('message-start-call').count()).toBe(0);
    await join.scrollIntoViewIfNeeded();
    await screenshot(a, 'followup-messages-attach-call-390');
  }));

  it('the mediator signs in to the practice and opens the dashboard (desktop and phone)', () => withErrors(async () => {
    const m = med.page;
    await m.goto(`${room.app.url}/practice`);
    await m.getByTestId('sign-in-form').waitFor();
    await m.getByLabel('Email').fill(OWNER.email);
    await m.getByLabel('Password').fill(OWNER.password);
    await m.getByRole('button', { name: 'Sign in' }).click();
    await m.getByRole('heading', { name: 'Cases' }).waitFor();
    await m.goto(`${room.app.url}/dashboard`);
    await m.getByTestId('dashboard-settlement').waitFor();
    expect(await m.getByTestId('dashboard-settlement').innerText()).toBe('0%');
    expect(await m.getByTestId('dashboard-ontime').innerText()).toBe('0 of 2');
    // The charts arrive in a lazily loaded chunk; each says its numbers in words too.
    await m.getByTestId('chart-followups').locator('svg').first().waitFor();
    expect(await m.getByTestId('chart-stages').getByRole('img').getAttribute('aria-label')).toContain('Follow-up, 1;');
    expect(await m.getByTestId('chart-followups').getByRole('img').getAttribute('aria-label')).toContain('Not yet due, 2.');
    expect(await m.getByTestId('chart-nps-month').getByRole('table').innerText()).toContain('fewer than 3 answers');
    await screenshot(m, 'followup-dashboard-1280');
    await m.setViewportSize({ width: 390, height: 844 });
    await screenshot(m, 'followup-dashboard-390');
    await m.setViewportSize({ width: 1280, height: 800 });
  }));
});
