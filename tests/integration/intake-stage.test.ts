/**
 * The stage tracker over HTTP and the room socket: everyone reads it, only a mediator moves it,
 * every live participant is told (`stage:changed`, the stage only); it follows obvious actions:
 * everyone signed the agreement to mediate (intake -> agreement signed), the joint agreement
 * opened during negotiation (-> drafting), and never moves back by itself.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { PracticeClient, setUpOwner } from './practice-client.js';
import { linkCall, mediatorCall, pixelforgeCase } from './intake-helpers.js';

let app: TestServer;
let maria: PracticeClient;
let sessionId = '';
const token: Record<string, string> = {};
const clients: TestClient[] = [];

beforeAll(async () => {
  app = await startTestServer();
  maria = await setUpOwner(app.url);
  const { caseId } = await pixelforgeCase(maria);
  const s = (await maria.post(`/cases/${caseId}/sessions`, {})).body.sessions[0];
  sessionId = s.sessionId;
  token.Maria = tokenOf(s.mediatorLink);
  for (const i of s.invitees) token[i.name] = tokenOf(i.link);
  expect((await mediatorCall(maria, 'PUT', `/cases/${caseId}/sessions/${sessionId}/agreement`, { required: true })).status).toBe(200);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await stopTestServer(app);
});

const stageOf = async (who: string) => (await linkCall(app.url, token[who]!, 'GET', `/sessions/${sessionId}/stage`)).body.stage;

describe('stage tracker', () => {
  it('starts at intake for everyone; a party cannot move it', async () => {
    expect(await stageOf('Ana Diaz')).toBe('intake');
    const r = await linkCall(app.url, token['Ana Diaz']!, 'PUT', `/sessions/${sessionId}/stage`, { stage: 'closing' });
    expect(r.status).toBe(403);
    expect((await linkCall(app.url, token.Maria!, 'PUT', `/sessions/${sessionId}/stage`, { stage: 'lunch' })).status).toBe(400);
    expect(await stageOf('Tom Brennan')).toBe('intake');
  });

  it('moves to "agreement signed" by itself once every party and attorney signed', async () => {
    const status = (await linkCall(app.url, token['Ana Diaz']!, 'GET', `/sessions/${sessionId}/agreement-to-mediate`)).body;
    expect(status.hash).toBe(crypto.createHash('sha256').update(status.text, 'utf8').digest('hex'));
    for (const n of ['Ana Diaz', 'Jordan Lee']) {
      expect((await linkCall(app.url, token[n]!, 'POST', `/sessions/${sessionId}/agreement-to-mediate/sign`, { typedName: n, hash: status.hash })).status).toBe(201);
      expect(await stageOf('Ana Diaz')).toBe('intake');
    }
    await linkCall(app.url, token['Tom Brennan']!, 'POST', `/sessions/${sessionId}/agreement-to-mediate/sign`, { typedName: 'Tom Brennan', hash: status.hash });
    expect(await stageOf('Ines Moreau')).toBe('agreement-signed');
  });

  it('the mediator moves it; every live participant, waiting or admitted, is told the stage and nothing else', async () => {
    const m = await connectClient(app.url, token.Maria!);
    clients.push(m);
    must(await m.request('session:join', {}));
    const ana = await connectClient(app.url, token['Ana Diaz']!);
    const tom = await connectClient(app.url, token['Tom Brennan']!);
    clients.push(ana, tom);
    must(await ana.request('session:join', {}));
    must(await tom.request('session:join', {}));
    must(await m.request('control:admit', { all: true }));
    const moved = await linkCall(app.url, token.Maria!, 'PUT', `/sessions/${sessionId}/stage`, { stage: 'opening' });
    expect(moved.body).toMatchObject({ stage: 'opening', by: 'Maria Mediator' });
    for (const c of [m, ana, tom]) {
      const n = await c.waitFor('stage:changed', (p) => p.stage === 'opening');
      expect(Object.keys(n).sort()).toEqual(['at', 'sessionId', 'stage']);
    }
    expect(await stageOf('Tom Brennan')).toBe('opening');
  });

  it('opening the joint agreement moves negotiation to drafting, but not an earlier stage, and never back', async () => {
    // At the opening: the agreement document loads (someone opens the tab), the stage stays.
    await app.ctx.docs.read(`${sessionId}/agreement/joint`, () => null);
    expect(await stageOf('Ana Diaz')).toBe('opening');
    await linkCall(app.url, token.Maria!, 'PUT', `/sessions/${sessionId}/stage`, { stage: 'negotiation' });
    // A restart of the document (a fresh server would load it again): simulated by announcing the load.
    const doc = await app.ctx.docs.read(`${sessionId}/agreement/joint`, (d) => d);
    app.ctx.hooks.documentLoaded({ name: `${sessionId}/agreement/joint`, doc, gateSuggestions: () => undefined });
    await expect.poll(() => stageOf('Ana Diaz')).toBe('drafting');
    await linkCall(app.url, token.Maria!, 'PUT', `/sessions/${sessionId}/stage`, { stage: 'closing' });
    app.ctx.hooks.documentLoaded({ name: `${sessionId}/agreement/joint`, doc, gateSuggestions: () => undefined });
    await new Promise((r) => setTimeout(r, 200));
    expect(await stageOf('Ana Diaz')).toBe('closing');
  });
});
