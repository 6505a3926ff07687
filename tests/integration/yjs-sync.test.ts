import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, docName, type CreateSessionResponse } from '@mediation/shared';
import { createTestSession, tokenOf, type TestServer } from '../helpers/server.js';
import { synced, useDocServer, waitFor, withTimeout, type Client, type TestSpaces } from './yjs-helpers.js';

const fx = useDocServer({ everyoneIn: 'joint' });
const { open, tok, pid } = fx;
let app: TestServer, s: CreateSessionResponse, spaces: TestSpaces;
beforeAll(() => void ({ app, session: s, spaces } = fx));

describe('Yjs sync endpoint', () => {
  it('makes concurrent edits from three real y-websocket clients converge', async () => {
    const name = docName(s.sessionId, 'board', 'joint');
    const a = open(name, tok(0));
    const b = open(name, tok(1));
    const m = open(name, tokenOf(s.mediator.link));
    await Promise.all([synced(a), synced(b), synced(m)]);
    for (let i = 0; i < 20; i++) {
      a.doc.getArray<string>('log').push([`a${i}`]);
      b.doc.getArray<string>('log').push([`b${i}`]);
      m.doc.getMap('meta').set(`m${i}`, { text: `mediator ${i}` });
    }
    const full = (c: Client) => c.doc.getArray('log').length === 40 && c.doc.getMap('meta').size === 20;
    await waitFor(() => full(a) && full(b) && full(m), 10_000, 'convergence');
    expect(a.doc.getArray('log').toJSON()).toEqual(b.doc.getArray('log').toJSON());
    expect(m.doc.getArray('log').toJSON()).toEqual(a.doc.getArray('log').toJSON());
    const server = await app.ctx.docs!.read(name, (d) => Y.encodeStateAsUpdate(d));
    const mirror = new Y.Doc();
    Y.applyUpdate(mirror, server);
    expect(mirror.getArray('log').toJSON()).toEqual(a.doc.getArray('log').toJSON());
  });

  it('closes a connection without a token with 4401 and one with a forged token with 4401', async () => {
    const name = docName(s.sessionId, 'board', 'joint');
    const none = open(name, '');
    expect(await withTimeout(none.closed, 5000, 'close')).toBe(CloseCode.UNAUTHORIZED);
    const forged = open(name, tok(0).slice(0, -4) + 'AAAA');
    expect(await withTimeout(forged.closed, 5000, 'close')).toBe(CloseCode.UNAUTHORIZED);
  });

  it("closes a party's connection to another side's caucus board with 4403 and gives them nothing of it", async () => {
    spaces.place(s.sessionId, pid(1), 'caucus:resp1');
    const caucusName = docName(s.sessionId, 'board', 'caucus:resp1');
    const ben = open(caucusName, tok(1));
    await synced(ben);
    ben.doc.getText('t').insert(0, 'respondent secret canary');
    let serverText = '';
    await waitFor(() => {
      void app.ctx.docs!.read(caucusName, (d) => d.getText('t').toString()).then((t) => (serverText = t));
      return serverText === 'respondent secret canary';
    });
    const ana = open(caucusName, tok(0));
    expect(await withTimeout(ana.closed, 5000, 'close')).toBe(CloseCode.FORBIDDEN);
    expect(ana.doc.getText('t').toString()).toBe('');
    spaces.place(s.sessionId, pid(1), 'joint');
  });

  it('refuses a token from another session with 4403', async () => {
    const other = await createTestSession(app);
    spaces.place(other.sessionId, other.invites[0]!.participantId, 'joint');
    const c = open(docName(s.sessionId, 'board', 'joint'), tokenOf(other.invites[0]!.link));
    expect(await withTimeout(c.closed, 5000, 'close')).toBe(CloseCode.FORBIDDEN);
  });

  it('refuses mediator-only notes to a party with 4403 and opens them for the mediator', async () => {
    const name = docName(s.sessionId, 'notes', 'mediators');
    const party = open(name, tok(0));
    expect(await withTimeout(party.closed, 5000, 'close')).toBe(CloseCode.FORBIDDEN);
    const m = open(name, tokenOf(s.mediator.link));
    await synced(m);
  });

  it('refuses an unknown document name with 4404', async () => {
    const c = open(`${s.sessionId}/secrets/joint`, tok(0));
    expect(await withTimeout(c.closed, 5000, 'close')).toBe(CloseCode.NOT_FOUND);
  });

  it('sets awareness identity from the token, overwriting what the client claims', async () => {
    const name = docName(s.sessionId, 'board', 'joint');
    const liar = open(name, tok(1));
    const watcher = open(name, tok(0));
    await Promise.all([synced(liar), synced(watcher)]);
    liar.provider.awareness.setLocalStateField('user', { name: 'Maria Mediator', role: 'mediator', colour: '#000' });
    liar.provider.awareness.setLocalStateField('editing', 'card-1');
    await waitFor(() => {
      const st = watcher.provider.awareness.getStates().get(liar.doc.clientID) as { editing?: string } | undefined;
      return st?.editing === 'card-1';
    });
    const seen = watcher.provider.awareness.getStates().get(liar.doc.clientID) as { user: Record<string, unknown> };
    expect(seen.user).toMatchObject({ name: 'Ben Respondent', role: 'party', side: 'Respondent', participantId: pid(1) });
  });
});
