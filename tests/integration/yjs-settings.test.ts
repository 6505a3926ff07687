/**
 * Session settings reach open Yjs connections at once: turning `partiesEditAgreement` on or off
 * (control:updateSettings over the real room) changes a party's write access on the joint
 * agreement connection they already have open, without a reconnect.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName, JOINT } from '@mediation/shared';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connectClient, must, type TestClient } from '../helpers/socketClient.js';
import { connect, synced, updateFrame, waitFor, type Client } from './yjs-helpers.js';

let app: TestServer;
const sockets: TestClient[] = [];
const docs: Client[] = [];
beforeAll(async () => {
  app = await startTestServer();
});
afterEach(() => {
  for (const d of docs.splice(0)) d.destroy();
  for (const c of sockets.splice(0)) c.close();
});
afterAll(async () => {
  await stopTestServer(app);
});


describe('session settings and open Yjs connections', () => {
  it("makes a party's open agreement connection writable when partiesEditAgreement is turned on, and read-only again when turned off", async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const join = async (link: string) => {
      const c = await connectClient(app.url, tokenOf(link));
      sockets.push(c);
      must(await c.request('session:join', {}));
      return c;
    };
    const m = await join(s.mediator.link);
    await join(s.invites[0]!.link);
    const name = docName(s.sessionId, 'agreement', JOINT);
    const open = (link: string) => {
      const d = connect(app, name, tokenOf(link));
      docs.push(d);
      return d;
    };
    const med = open(s.mediator.link);
    const ana = open(s.invites[0]!.link);
    await Promise.all([synced(med), synced(ana)]);
    const anaSocket = ana.provider.ws;
    const shared = (app.ctx.docs as unknown as { docs: Map<string, { refused: number }> }).docs.get(name)!;
    const serverState = () => app.ctx.docs!.read(name, (d) => Y.encodeStateAsUpdate(d));

    med.doc.getText('t').insert(0, 'base');
    await waitFor(() => ana.doc.getText('t').toString() === 'base', 5000, 'ana synced base');

    // 1. Off (the default): the party's update is refused and the document stays byte-identical.
    // (Sent from a scratch doc over her open socket so her own doc does not diverge from the server.)
    const scratch = new Y.Doc();
    scratch.on('update', (u: Uint8Array) => ana.provider.ws!.send(updateFrame(u)));
    let refused = shared.refused;
    const before1 = await serverState();
    scratch.getText('x').insert(0, 'REFUSED-WHILE-OFF');
    await waitFor(() => shared.refused === refused + 1, 5000, 'first update refused');
    expect(Buffer.from(await serverState()).equals(Buffer.from(before1))).toBe(true);
    expect(med.doc.getText('x').toString()).toBe('');

    // 2. On: the very same connection now writes.
    must(await m.request('control:updateSettings', { partiesEditAgreement: true }));
    ana.doc.getText('t').insert(4, ' ANA-EDIT');
    await waitFor(() => med.doc.getText('t').toString() === 'base ANA-EDIT', 5000, 'mediator sees the party edit');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, await serverState());
    expect(stored.getText('t').toString()).toBe('base ANA-EDIT');

    // 3. Off again: refused again, byte-identical, nobody else receives it.
    must(await m.request('control:updateSettings', { partiesEditAgreement: false }));
    refused = shared.refused;
    const before3 = await serverState();
    ana.doc.getText('t').insert(0, 'AFTER-OFF ');
    await waitFor(() => shared.refused === refused + 1, 5000, 'update after turning off refused');
    expect(Buffer.from(await serverState()).equals(Buffer.from(before3))).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(med.doc.getText('t').toString()).toBe('base ANA-EDIT');

    // All of it over one connection: the settings reached it while open, no reconnect.
    expect(ana.provider.ws).toBe(anaSocket);
    scratch.destroy();
  });
});
