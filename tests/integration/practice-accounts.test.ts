/**
 * Mediator accounts over real HTTP: the first visit sets up the owner, sign in and out, wrong
 * passwords, the login rate limit, CSRF refusals, co-mediator invitations, and cookie attributes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { OWNER, PracticeClient, setUpOwner } from './practice-client.js';

let app: TestServer;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await stopTestServer(app);
});

describe('practice accounts', () => {
  it('a fresh install asks for its owner; setting up signs the owner in with an httpOnly, SameSite cookie; a second set-up is refused', async () => {
    const visitor = new PracticeClient(app.url);
    const before = await visitor.get('/status');
    expect(before.body).toMatchObject({ needsSetup: true, me: null, practice: null, csrfToken: null, smtp: false });

    const owner = await setUpOwner(app.url);
    const status = await owner.get('/status');
    expect(status.body).toMatchObject({ needsSetup: false, me: { name: 'Maria Mediator', email: 'maria@calmwaters.test', role: 'owner', active: true }, practice: { name: 'Calm Waters Mediation' } });
    expect(status.body.csrfToken).toEqual(expect.any(String));

    const again = await new PracticeClient(app.url).post('/setup', { ...OWNER, email: 'mallory@evil.test', practiceName: 'Takeover' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(again.setCookie).toEqual([]);
    expect((await visitor.get('/status')).body).toMatchObject({ needsSetup: false, me: null });
  });

  it('signs in with the right password (email in any case), and the cookie is httpOnly and SameSite=Lax, not readable by scripts', async () => {
    const c = new PracticeClient(app.url);
    const r = await c.post('/sign-in', { email: '  MARIA@calmwaters.test ', password: OWNER.password });
    expect(r.status).toBe(200);
    expect(r.body.me.email).toBe('maria@calmwaters.test');
    expect(r.setCookie).toHaveLength(1);
    expect(r.setCookie[0]).toMatch(/HttpOnly/i);
    expect(r.setCookie[0]).toMatch(/SameSite=Lax/i);
    expect(r.setCookie[0]).toMatch(/Path=\//);
    // Plain http here: no Secure flag (it would stop the cookie working at all on localhost).
    expect(r.setCookie[0]).not.toMatch(/Secure/i);
    expect((await c.get('/cases')).status).toBe(200);

    const out = await c.post('/sign-out');
    expect(out.status).toBe(204);
    expect(c.cookie).toBeNull();
    expect((await c.get('/cases')).status).toBe(401);
  });

  it('a signed-out cookie stays dead even if someone kept a copy of it', async () => {
    const c = new PracticeClient(app.url);
    await c.post('/sign-in', { email: OWNER.email, password: OWNER.password });
    const kept = c.cookie;
    await c.post('/sign-out');
    c.cookie = kept;
    expect((await c.get('/cases')).status).toBe(401);
  });

  it('a wrong password and an unknown email get the same answer, and no cookie', async () => {
    const wrong = await new PracticeClient(app.url).post('/sign-in', { email: OWNER.email, password: 'not the password' });
    const unknown = await new PracticeClient(app.url).post('/sign-in', { email: 'nobody@calmwaters.test', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    expect(wrong.setCookie).toEqual([]);
  });

  it('refuses malformed sign-ins with a typed 400', async () => {
    const c = new PracticeClient(app.url);
    for (const body of [{ email: 'not-an-email', password: 'x' }, { email: OWNER.email, password: 42 }, { email: OWNER.email }, { email: OWNER.email, password: 'x', admin: true }]) {
      const r = await c.post('/sign-in', body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('BAD_REQUEST');
    }
  });

  it('a cookie-authenticated write without the CSRF token, or from another site, is refused and changes nothing', async () => {
    const c = new PracticeClient(app.url);
    await c.post('/sign-in', { email: OWNER.email, password: OWNER.password });
    const casesBefore = (await c.get('/cases')).body.cases.length;
    const body = { title: 'Forged case', disputeType: 'fee', people: [] };

    const noToken = await c.post('/cases', body, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('FORBIDDEN');
    const wrongToken = await c.post('/cases', body, { csrf: 'x'.repeat(43) });
    expect(wrongToken.status).toBe(403);
    const otherSite = await c.post('/cases', body, { origin: 'https://evil.example' });
    expect(otherSite.status).toBe(403);
    expect(otherSite.body.error.code).toBe('FORBIDDEN');
    // Login CSRF: another site cannot sign a browser into an account either.
    const forgedSignIn = await new PracticeClient(app.url).post('/sign-in', { email: OWNER.email, password: OWNER.password }, { origin: 'https://evil.example' });
    expect(forgedSignIn.status).toBe(403);
    expect(forgedSignIn.setCookie).toEqual([]);

    expect((await c.get('/cases')).body.cases).toHaveLength(casesBefore);
    const ok = await c.post('/cases', body);
    expect(ok.status).toBe(201);
  });

  it('the owner invites a co-mediator by email; the link sets their password once and signs them in to the same practice', async () => {
    const owner = new PracticeClient(app.url);
    await owner.post('/sign-in', { email: OWNER.email, password: OWNER.password });
    const inv = await owner.post('/mediators', { name: 'Cora Comediator', email: 'cora@calmwaters.test' });
    expect(inv.status).toBe(201);
    expect(inv.body.mediator).toMatchObject({ name: 'Cora Comediator', role: 'mediator', active: false });

    // No SMTP configured: the invitation is in the outbox, with the link.
    const outbox = (await owner.get('/outbox')).body.emails;
    const email = outbox.find((e: { id: string }) => e.id === inv.body.emailId);
    expect(email).toMatchObject({ to: 'cora@calmwaters.test', status: 'outbox' });
    const link = /https?:\/\/\S+\/practice\/accept#t=(\S+)/.exec(email.text);
    expect(link).not.toBeNull();

    // Not active yet: cannot sign in.
    expect((await new PracticeClient(app.url).post('/sign-in', { email: 'cora@calmwaters.test', password: 'whatever it is' })).status).toBe(401);
    const cora = new PracticeClient(app.url);
    const accepted = await cora.post('/accept', { token: link![1], password: 'cora has a long password' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ me: { name: 'Cora Comediator', role: 'mediator', active: true }, practice: { name: 'Calm Waters Mediation' } });
    expect((await cora.get('/cases')).body.cases.length).toBeGreaterThan(0);
    // A co-mediator does not invite mediators.
    expect((await cora.post('/mediators', { name: 'Zed', email: 'zed@x.test' })).status).toBe(403);

    const reused = await new PracticeClient(app.url).post('/accept', { token: link![1], password: 'someone elses password' });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('TOKEN_INVALID');
    expect((await new PracticeClient(app.url).post('/sign-in', { email: 'cora@calmwaters.test', password: 'cora has a long password' })).status).toBe(200);
    expect((await new PracticeClient(app.url).post('/sign-in', { email: 'cora@calmwaters.test', password: 'someone elses password' })).status).toBe(401);
  });

  it('signing in is rate limited per email: after 5 failures even the right password waits', async () => {
    // A fresh account, so no earlier test's failures count.
    const owner = new PracticeClient(app.url);
    await owner.post('/sign-in', { email: OWNER.email, password: OWNER.password });
    const inv = await owner.post('/mediators', { name: 'Rita Ramos', email: 'rita@calmwaters.test' });
    const email = (await owner.get('/outbox')).body.emails.find((e: { id: string }) => e.id === inv.body.emailId);
    const token = /#t=(\S+)/.exec(email.text)![1];
    expect((await new PracticeClient(app.url).post('/accept', { token, password: 'rita has a long password' })).status).toBe(200);

    for (let i = 0; i < 5; i++) expect((await new PracticeClient(app.url).post('/sign-in', { email: 'rita@calmwaters.test', password: `guess number ${i}` })).status).toBe(401);
    const limited = await new PracticeClient(app.url).post('/sign-in', { email: 'rita@calmwaters.test', password: 'rita has a long password' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.setCookie).toEqual([]);
    // Another account is not locked by someone guessing this one.
    expect((await new PracticeClient(app.url).post('/sign-in', { email: OWNER.email, password: OWNER.password })).status).toBe(200);
  });
});

describe('practice accounts behind https', () => {
  let secure: TestServer;
  afterAll(async () => {
    await stopTestServer(secure);
  });

  it('the sign-in cookie is Secure and __Host- prefixed when the public URL is https', async () => {
    secure = await startTestServer({ publicUrl: 'https://mediation.example' });
    const c = new PracticeClient(secure.url);
    const r = await c.post('/setup', OWNER);
    expect(r.status).toBe(201);
    expect(r.setCookie[0]).toMatch(/^__Host-mediator=[A-Za-z0-9_-]{43};/);
    expect(r.setCookie[0]).toMatch(/; Secure/i);
    expect(r.setCookie[0]).toMatch(/; HttpOnly/i);
    expect(r.setCookie[0]).not.toMatch(/Domain=/i);
    expect((await c.get('/cases')).status).toBe(200);
    // The public origin is accepted as the page's own; another is not.
    expect((await c.post('/cases', { title: 'From the public origin', disputeType: 'fee' }, { origin: 'https://mediation.example' })).status).toBe(201);
    expect((await c.post('/cases', { title: 'From elsewhere', disputeType: 'fee' }, { origin: 'https://mediation.example.evil.test' })).status).toBe(403);
  });
});
