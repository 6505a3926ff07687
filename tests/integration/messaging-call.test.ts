/**
 * From a message thread the mediator starts a live call with the people in it (issue 14), on a
 * real server with a real loopback SMTP server: the call is a session of the case made through
 * the practice's `caseSessions` port (only the thread's readers are invited, each emailed their
 * own link); the thread announces it and shows each reader a join button with their OWN link;
 * the other side is neither invited nor told; parties cannot start calls; notes have nobody to call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageThreadView, StartCallResponse, ThreadList } from '@mediation/shared';
import { type TestServer } from '../helpers/server.js';
import { connectClient, must } from '../helpers/socketClient.js';
import { api, caseWithSession, endSession, type CaseSessionFixture, startMailedServer, stopMailedServer, type Smtp } from './followup-helpers.js';
import { setUpOwner, type PracticeClient } from './practice-client.js';

let smtp: Smtp;
let app: TestServer;
let maria: PracticeClient;
let f: CaseSessionFixture;
let claimant: string;
let call: StartCallResponse;

const list = (token: string) => api<ThreadList>(app, 'GET', `/api/sessions/${f.sessionId}/messages`, token);
const read = (token: string, thread: string) => api<MessageThreadView>(app, 'GET', `/api/sessions/${f.sessionId}/messages/${thread}`, token);
const startCall = (token: string, thread: string) => api<StartCallResponse>(app, 'POST', `/api/sessions/${f.sessionId}/messages/${thread}/call`, token);
const tokenOfUrl = (url: string) => new URL(url).hash.slice('#t='.length);
const invitations = () => smtp.received.filter((m) => m.mail.subject?.startsWith('Invitation: Call'));

beforeAll(async () => {
  ({ smtp, app } = await startMailedServer());
  maria = await setUpOwner(app.url);
  f = await caseWithSession(maria);
  await endSession(app, f.mediator);
  claimant = (await list(f.mediator)).body.threads.find((t) => t.label.startsWith('Claimant'))!.id;
});

afterAll(() => stopMailedServer(app, smtp));

describe('a call started from a message thread', () => {
  it('only the mediator starts one, and not from the notes; refusals make no session', async () => {
    expect((await read(f.tok.ana, claimant)).body.canStartCall).toBe(false);
    expect((await read(f.mediator, claimant)).body.canStartCall).toBe(true);
    expect((await read(f.mediator, 'notes')).body.canStartCall).toBe(false);
    expect(await startCall(f.tok.ana, claimant)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await startCall(f.mediator, 'notes')).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    // The other side's thread does not exist for Tom: 404, as for a missing one.
    expect((await startCall(f.tok.tom, claimant)).status).toBe(404);
    const sessions = (await maria.get(`/cases/${f.caseId}`)).body.sessions as Array<{ kind: string }>;
    expect(sessions.map((s) => s.kind)).toEqual(['main']);
  });

  it('invites exactly the thread’s people, each by email with their own link, as a session of the case', async () => {
    const started = await startCall(f.mediator, claimant);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    call = started.body;
    expect(call).toMatchObject({ invited: 2, emailed: 2 });
    // The mediator's own link opens the call as its mediator.
    const mine = await api(app, 'GET', '/api/invite', tokenOfUrl(call.joinUrl));
    expect(mine.body).toMatchObject({ sessionId: call.sessionId, role: 'mediator', displayName: 'Maria Mediator' });

    const detail = (await maria.get(`/cases/${f.caseId}`)).body;
    const made = detail.sessions.find((s: { sessionId: string }) => s.sessionId === call.sessionId);
    expect(made.kind).toBe('call');
    expect(made.invitees.map((i: { name: string }) => i.name).sort()).toEqual(['Ana Diaz', 'Jordan Lee']);

    const start = Date.now();
    while (invitations().length < 2 && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    expect(invitations().map((m) => m.to[0]).sort()).toEqual(['ana@pixelforge.test', 'lee@lawfirm.test']);
  });

  it('the thread shows each reader a join button with their own link; the other side sees nothing of it', async () => {
    const links: Record<string, string> = {};
    for (const [who, token, name, role] of [['ana', f.tok.ana, 'Ana Diaz', 'party'], ['lee', f.tok.lee, 'Jordan Lee', 'attorney']] as const) {
      const last = (await read(token, claimant)).body.messages.at(-1)!;
      expect(last.text).toMatch(/^Maria Mediator started a call with (Ana Diaz, Jordan Lee|Jordan Lee, Ana Diaz)\./);
      expect(last.call).toMatchObject({ sessionId: call.sessionId, ended: false });
      links[who] = last.call!.joinUrl!;
      const invite = await api(app, 'GET', '/api/invite', tokenOfUrl(links[who]!));
      expect(invite.body).toMatchObject({ sessionId: call.sessionId, displayName: name, role });
      // The same link as in their invitation email.
      const email = invitations().find((m) => m.to[0] === (who === 'ana' ? 'ana@pixelforge.test' : 'lee@lawfirm.test'))!;
      expect(email.text).toContain(links[who]);
    }
    expect(links.ana).not.toBe(links.lee);
    // Ana's link works in the call's room.
    const c = await connectClient(app.url, tokenOfUrl(links.ana!));
    must(await c.request('session:join', {}));
    c.close();

    // Tom and Ines: not invited, and nothing of the call in anything they can read.
    for (const token of [f.tok.tom, f.tok.ines]) {
      const threads = (await list(token)).body.threads;
      const all = JSON.stringify([threads, await Promise.all(threads.map(async (t) => (await read(token, t.id)).body))]);
      expect(all).not.toContain(call.sessionId);
      expect(all).not.toContain('started a call');
    }
  });

  it('a call from the joint thread invites everyone of the case', async () => {
    const joint = await startCall(f.mediator, 'joint');
    expect(joint.status).toBe(201);
    expect(joint.body.invited).toBe(4);
    const tom = (await read(f.tok.tom, 'joint')).body.messages.at(-1)!;
    expect(tom.call?.sessionId).toBe(joint.body.sessionId);
    expect((await api(app, 'GET', '/api/invite', tokenOfUrl(tom.call!.joinUrl!))).body).toMatchObject({ displayName: 'Tom Brennan', sessionId: joint.body.sessionId });
  });
});
