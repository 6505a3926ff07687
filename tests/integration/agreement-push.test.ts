/**
 * The server pushes agreement changes (`agreement:changed`, a content-free hint) over the room's
 * socket, through egress, to the people who may read what changed: every joint reader within a
 * second for the joint agreement; for a caucus proposal only that caucus and the mediators. The
 * other side records everything it receives and gets nothing, not even the hint.
 */
import { describe, expect, it } from 'vitest';
import { docNameOf, type AgreementState, type CreateSessionResponse, type NotificationPayload } from '@mediation/shared';
import { createTestSession, INVITE, tokenOf } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { must, type TestClient } from '../helpers/socketClient.js';
import { replaceDoc } from '../../server/src/agreement/model.js';
import { agreementApi } from './agreement-helpers.js';

const fx = useRoomServer();
const HINT_WITHIN_MS = 1000;

type Hint = NotificationPayload<'agreement:changed'>;

interface Cast {
  s: CreateSessionResponse;
  api: ReturnType<typeof agreementApi>;
  token: { m: string; ana: string; ben: string; lee: string; kim: string };
  m: TestClient;
  ana: TestClient;
  ben: TestClient;
  lee: TestClient;
  kim: TestClient;
  id: { ana: string; ben: string; lee: string; kim: string };
}

/** A mediator, two parties and their attorneys, all joined in the joint room. */
async function cast(): Promise<Cast> {
  const s = await createTestSession(fx.app, { invites: [INVITE.ana, INVITE.ben, INVITE.lee, INVITE.kim], settings: { waitingRoom: false } });
  const [m, ana, ben, lee, kim] = await Promise.all([s.mediator.link, ...s.invites.map((i) => i.link)].map((l) => fx.open(l)));
  for (const c of [m!, ana!, ben!, lee!, kim!]) must(await c.request('session:join', {}));
  const t = (i: number) => tokenOf(s.invites[i]!.link);
  const id = (i: number) => s.invites[i]!.participantId;
  return {
    s, api: agreementApi(fx.app, s.sessionId),
    token: { m: tokenOf(s.mediator.link), ana: t(0), ben: t(1), lee: t(2), kim: t(3) },
    m: m!, ana: ana!, ben: ben!, lee: lee!, kim: kim!,
    id: { ana: id(0), ben: id(1), lee: id(2), kim: id(3) },
  };
}

/** Runs `act` and expects each of `readers` to receive the hint `what` within a second of it. */
async function expectHint(readers: TestClient[], what: Hint['what'], act: () => Promise<unknown>): Promise<void> {
  const since = readers.map((c) => c.received.length);
  const start = Date.now();
  const arrived = Promise.all(readers.map((c, i) => c.waitFor('agreement:changed', (h) => h.what === what, HINT_WITHIN_MS + 500, since[i]).then(() => Date.now() - start)));
  await act();
  const delays = await arrived;
  for (const d of delays) expect(d).toBeLessThan(HINT_WITHIN_MS);
}

const hintsOf = (c: TestClient, since = 0) => c.received.slice(since).filter((r) => r.event === 'agreement:changed');
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('joint agreement changes are pushed', () => {
  it('reach every joint reader within a second: a new version, a comment, freezing, each signature and "fully signed"', async () => {
    const c = await cast();
    const everyone = [c.m, c.ana, c.ben, c.lee, c.kim];
    const others = (who: TestClient) => everyone.filter((x) => x !== who);

    await expectHint(others(c.m), 'versions', async () => expect((await c.api.call('POST', '/template', c.token.m, {})).body).toEqual({ applied: true }));
    await expectHint(others(c.lee), 'versions', async () => expect((await c.api.call('POST', '/versions', c.token.lee, { name: 'Draft 1' })).status).toBe(201));
    await expectHint(others(c.ben), 'threads', async () => expect((await c.api.call('POST', '/threads', c.token.ben, { from: 2, to: 8, body: 'Why this date?' })).status).toBe(201));

    let state: AgreementState | null = null;
    await expectHint(others(c.m), 'frozen', async () => {
      expect((await c.api.call('POST', '/freeze', c.token.m, {})).status).toBe(201);
      state = await c.api.state(c.token.m);
    });
    const frozen = (state as AgreementState | null)!.frozen!;
    const sign = (token: string, typedName: string) => async () =>
      expect((await c.api.call('POST', '/sign', token, { versionId: frozen.versionId, hash: frozen.hash, typedName, confirm: true })).status).toBe(201);
    await expectHint(others(c.ana), 'signoffs', sign(c.token.ana, 'Ana Claimant'));
    // The last required signature (both parties; attorneys are optional): everyone hears "fully signed".
    await expectHint(others(c.ben), 'fully-signed', sign(c.token.ben, 'Ben Respondent'));
    // The hint says what and when, nothing of the text.
    const hint = c.kim.of('agreement:changed').at(-1)!;
    expect(Object.keys(hint).sort()).toEqual(['at', 'sessionId', 'what']);
    expect(hint.sessionId).toBe(c.s.sessionId);
  });

  it('do not reach someone in a caucus (the joint agreement is not readable there), nor the one who acted', async () => {
    const c = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'Respondent' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ben, c.id.kim], to: caucus }));
    await c.ben.waitFor('room:state', (v) => v.self.space === caucus);
    const since = { ben: c.ben.received.length, kim: c.kim.received.length, m: c.m.received.length };
    await expectHint([c.ana, c.lee], 'versions', async () => expect((await c.api.call('POST', '/template', c.token.m, {})).status).toBe(200));
    await settle();
    expect(hintsOf(c.ben, since.ben)).toEqual([]);
    expect(hintsOf(c.kim, since.kim)).toEqual([]);
    expect(hintsOf(c.m, since.m)).toEqual([]);
  });
});

describe('a caucus proposal is pushed only inside that caucus and to the mediators', () => {
  it('the other side, in its own caucus or in the joint room, receives nothing at all about it', async () => {
    const c = await cast();
    expect((await c.api.call('POST', '/template', c.token.m, {})).body).toEqual({ applied: true });
    const claimant = must(await c.m.request('control:createSpace', { name: 'Claimant' })).space;
    const respondent = must(await c.m.request('control:createSpace', { name: 'Respondent' })).space;
    must(await c.m.request('control:move', { participantIds: [c.id.ana, c.id.lee], to: claimant }));
    must(await c.m.request('control:move', { participantIds: [c.id.ben], to: respondent }));
    // Kim stays in the joint room with the mediator.
    await c.ana.waitFor('room:state', (v) => v.self.space === claimant);
    await c.ben.waitFor('room:state', (v) => v.self.space === respondent);

    const SECRET = 'Claimant would accept 20,000 as a floor.';
    const draft = docNameOf(await fx.app.ctx.docs.current({ sessionId: c.s.sessionId, kind: 'draft', scope: claimant }));
    await fx.app.ctx.docs.change(draft, 'test', (d) => replaceDoc(d, [{ type: 'paragraph', content: [{ type: 'text', text: SECRET }] }]));

    const since = { ben: c.ben.received.length, kim: c.kim.received.length };
    // Ana proposes: her fellow caucus member and the mediator hear of it (so the hint is really sent)...
    await expectHint([c.m, c.lee], 'proposals', async () => expect((await c.api.call('POST', '/proposals', c.token.ana, { draftSpace: claimant, from: 1, to: 10 })).status).toBe(201));
    const proposal = (await c.api.state(c.token.m)).proposals[0]!;
    // ...and the mediator's decision on it is caucus news too.
    await expectHint([c.ana, c.lee], 'proposals', async () => expect((await c.api.call('POST', `/proposals/${proposal.id}/reject`, c.token.m, {})).status).toBe(200));
    await settle();

    // The other side: not the hint, not the text, not an event of any kind about it.
    for (const [who, from] of [[c.ben, since.ben], [c.kim, since.kim]] as const) {
      const got = who.received.slice(from);
      expect(got.filter((r) => r.event === 'agreement:changed')).toEqual([]);
      expect(JSON.stringify(got)).not.toContain('20,000');
    }
  });
});
