/**
 * Intake and the agreement to mediate in Chromium: the mediator sends the intake links from the
 * intake view; two parties fill their forms at phone width (390x844), one with a document; the
 * mediator reads the intake view with its flags (HTML typed by a party shown as text), requires the
 * agreement to mediate for the session; the parties, in the waiting room, cannot be admitted
 * until they read and sign it, then are admitted. Screenshots: tests/artifacts/intake-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { closePerson, errorReport, joinByLink, launchBrowser, newPerson, poll, screenshot, type Person } from '../helpers/browser.js';
import { startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { PIXELFORGE, setUpOwner, type PracticeClient } from '../integration/practice-client.js';

const PHONE = { width: 390, height: 844 };

let app: TestServer;
let browser: Browser;
let maria: PracticeClient;
let mediator: Person;
let ana: Person;
let tom: Person;
let room: TestClient | undefined;
let caseId = '';
const joinLink: Record<string, string> = {};
const pid: Record<string, string> = {};
let mediatorToken = '';

beforeAll(async () => {
  app = await startTestServer();
  browser = await launchBrowser();
  maria = await setUpOwner(app.url);
  const c = await maria.post('/cases', { ...PIXELFORGE, people: PIXELFORGE.people.filter((p) => p.name !== 'Ines Moreau') });
  caseId = c.body.case.id;
  const s = (await maria.post(`/cases/${caseId}/sessions`, {})).body.sessions[0];
  mediatorToken = tokenOf(s.mediatorLink);
  for (const i of s.invitees) {
    joinLink[i.name] = i.link;
    pid[i.name] = i.participantId;
  }
  mediator = await newPerson(browser, 'mediator', app.url);
  const [name, value] = maria.cookie!.split('=');
  await mediator.context.addCookies([{ name: name!, value: value!, url: app.url }]);
  ana = await newPerson(browser, 'ana', app.url);
  tom = await newPerson(browser, 'tom', app.url);
  await ana.page.setViewportSize(PHONE);
  await tom.page.setViewportSize(PHONE);
});
afterAll(async () => {
  room?.close();
  for (const p of [mediator, ana, tom]) await closePerson(p);
  await browser?.close();
  await stopTestServer(app);
});

describe('intake and the agreement to mediate in the browser', () => {
  const intakeLink: Record<string, string> = {};

  it('the mediator sends the intake links from the intake view', async () => {
    const { page } = mediator;
    await page.goto(`${app.url}/practice/cases/${caseId}`);
    await page.getByTestId('intake-link-page').click();
    await page.getByTestId('intake-view').waitFor();
    await page.getByTestId('new-question').fill('Is there anything about <b>parking</b> we should know?');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Is there anything about <b>parking</b> we should know?').first().waitFor();
    await page.getByTestId('send-intake').click();
    await page.getByTestId('intake-link').first().waitFor();
    const rows = await page.getByTestId('intake-links').locator('li').allTextContents();
    for (const r of rows) {
      const name = r.split(':')[0]!.trim();
      intakeLink[name] = /https?:\/\/\S+?\/intake#t=[A-Za-z0-9_-]+/.exec(r)![0];
    }
    expect(Object.keys(intakeLink).sort()).toEqual(['Ana Diaz', 'Jordan Lee', 'Tom Brennan']);
    await screenshot(page, 'intake-mediator-links-1280');
  });

  it('two parties fill their intake at phone width; it saves as they go and resumes after a reload', async () => {
    const a = ana.page;
    await a.goto(intakeLink['Ana Diaz']!);
    await a.getByTestId('intake-person').waitFor();
    expect(await a.getByTestId('intake-person').textContent()).toBe('Ana Diaz');
    await screenshot(a, 'intake-form-empty-390');
    await a.getByTestId('canSettle-yes').check();
    await a.getByTestId('acc-breaks').check();
    await a.getByTestId('joint-separate-only').check();
    await a.getByTestId('joint-reason').fill('I would rather not sit with them.');
    await a.getByTestId('hardStop').fill('16:00');
    await a.getByTestId('goodOutcome').fill('Paid in full <script>alert("x")</script>');
    await a.getByTestId('upload').setInputFiles({ name: 'timeline.txt', mimeType: 'text/plain', buffer: Buffer.from('1 March: invoice sent\n1 April: reminder\n') });
    await a.getByTestId('documents').getByText('timeline.txt').waitFor();
    await poll(async () => /^Saved/.test((await a.getByTestId('save-state').textContent()) ?? ''), { what: 'Ana\'s answers saved', timeoutMs: 15_000 });
    // Resumes where she left off.
    await a.reload();
    await a.getByTestId('intake-person').waitFor();
    expect(await a.getByTestId('goodOutcome').inputValue()).toBe('Paid in full <script>alert("x")</script>');
    expect(await a.getByTestId('joint-separate-only').isChecked()).toBe(true);
    await screenshot(a, 'intake-form-filled-390');
    await a.getByTestId('intake-submit').click();
    await poll(async () => /Sent to the mediator/.test((await a.getByTestId('save-state').textContent()) ?? ''), { what: 'Ana\'s intake sent', timeoutMs: 15_000 });
    await screenshot(a, 'intake-form-sent-390');

    const t = tom.page;
    await t.goto(intakeLink['Tom Brennan']!);
    await t.getByTestId('intake-person').waitFor();
    await t.getByTestId('canSettle-no').check();
    await t.getByTestId('decisionMaker').fill('Our owner, Pat Brennan');
    await t.getByTestId('deciderAttends-no').check();
    await t.getByTestId('reachableHow').fill('by phone, +1 555 0177');
    await t.getByTestId('interpreter-yes').check();
    await t.getByTestId('language').fill('French');
    await t.getByTestId('intake-submit').click();
    await poll(async () => /Sent to the mediator/.test((await t.getByTestId('save-state').textContent()) ?? ''), { what: 'Tom\'s intake sent', timeoutMs: 15_000 });
    await screenshot(t, 'intake-form-tom-390');
    expect(errorReport([ana, tom])).toBe('');
  });

  it('the mediator reads the intake view: flags, answers shown as text, and requires the agreement to mediate', async () => {
    const { page } = mediator;
    await page.reload();
    await page.getByTestId('intake-view').waitFor();
    expect(await page.getByTestId('intake-progress').textContent()).toBe('2 of 3 people have sent their intake.');
    const kinds = await page.getByTestId('intake-flag').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(expect.arrayContaining(['accommodation', 'separate-only', 'hard-stop', 'decision-maker-absent', 'interpreter']));
    // What Ana typed is text on the page, not markup.
    await page.getByText('Paid in full <script>alert("x")</script>').waitFor();
    expect(await page.getByTestId('doc-download').first().textContent()).toBe('timeline.txt');
    await screenshot(page, 'intake-mediator-view-1280');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'intake-mediator-view-390');
    await page.setViewportSize({ width: 1280, height: 800 });

    // A controlled checkbox: it turns on once the server has stored the requirement.
    await page.getByTestId('atm-require').click();
    await page.locator('[data-testid=atm-require]:checked').waitFor();
    await page.getByTestId('atm-signer').first().waitFor();
    expect(await page.getByTestId('atm-signer').evaluateAll((els) => els.map((e) => e.getAttribute('data-signed')))).toEqual(['no', 'no', 'no']);
  });

  it('in the waiting room the parties read and sign the agreement to mediate; admission waits for it', async () => {
    room = await connectClient(app.url, mediatorToken);
    must(await room.request('session:join', {}));
    await joinByLink(ana.page, joinLink['Ana Diaz']!);
    await joinByLink(tom.page, joinLink['Tom Brennan']!);
    for (const p of [ana.page, tom.page]) await p.getByTestId('atm-gate').waitFor();
    // Where the session stands, for everyone, with what happens next.
    expect(await ana.page.getByTestId('stage-tracker').getAttribute('data-stage')).toBe('intake');
    expect(await ana.page.getByTestId('stage-next').textContent()).toMatch(/next, everyone signs the agreement to mediate/);
    await screenshot(ana.page, 'intake-waiting-room-sign-390');

    const refused = await room.request('control:admit', { participantIds: [pid['Ana Diaz']!] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED' } });

    await ana.page.getByTestId('atm-read').click();
    await ana.page.getByTestId('atm-text').waitFor();
    expect(await ana.page.getByTestId('atm-text').textContent()).toMatch(/Confidentiality and its exceptions/);
    await ana.page.getByTestId('atm-name').fill('Ana Diaz');
    await screenshot(ana.page, 'intake-waiting-room-reading-390');
    await ana.page.getByTestId('atm-sign').click();
    await ana.page.getByTestId('atm-signed').waitFor();
    await screenshot(ana.page, 'intake-waiting-room-signed-390');

    expect(must(await room.request('control:admit', { all: true })).admitted).toEqual([pid['Ana Diaz']]);
    await ana.page.getByTestId('waiting-room').waitFor({ state: 'detached' });
    await screenshot(ana.page, 'intake-admitted-390');

    await tom.page.getByTestId('atm-read').click();
    await tom.page.getByTestId('atm-name').fill('Tom Brennan');
    await tom.page.getByTestId('atm-sign').click();
    await tom.page.getByTestId('atm-signed').waitFor();
    expect(must(await room.request('control:admit', { participantIds: [pid['Tom Brennan']!] })).admitted).toEqual([pid['Tom Brennan']]);
    await tom.page.getByTestId('waiting-room').waitFor({ state: 'detached' });

    await mediator.page.reload();
    await mediator.page.getByTestId('atm-signer').first().waitFor();
    expect(await mediator.page.getByTestId('atm-signer').evaluateAll((els) => els.map((e) => e.getAttribute('data-signed')))).toEqual(['yes', 'no', 'yes']);
    await screenshot(mediator.page, 'intake-mediator-signed-1280');
  });
});
