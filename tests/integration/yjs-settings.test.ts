/**
 * Session settings reach open Yjs connections at once: turning `partiesEditAgreement` on or off
 * (control:updateSettings over the real room) changes a party's write access on the joint
 * agreement connection they already have open, without a reconnect.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, docName, JOINT } from '@mediation/shared';
import { createTestSession } from '../helpers/server.js';
import { must } from '../helpers/socketClient.js';
import { liveServer, synced, updateFrame, waitFor } from './yjs-helpers.js';

const env = liveServer();

describe('session settings and open Yjs connections', () => {
  it("makes a party's open agreement connection writable when partiesEditAgreement is turned on, and read-only again when turned off", async () => {
    const s = await createTestSession(env.app, { settings: { waitingRoom: false } });
    const m = await env.join(s.mediator.link);
    await env.join(s.invites[0]!.link);
    const name = docName(s.sessionId, 'agreement', JOINT);
    const open = (link: string) => env.open(name, link);
    const med = open(s.mediator.link);
    const ana = open(s.invites[0]!.link);
    await Promise.all([synced(med), synced(ana)]);
    const anaSocket = ana.provider.ws;
    const shared = (env.app.ctx.docs as unknown as { docs: Map<string, { refused: number }> }).docs.get(name)!;
    const serverState = () => env.app.ctx.docs!.read(name, (d) => Y.encodeStateAsUpdate(d));

    med.doc.getText('t').insert(0, 'base');
    await waitFor(() => ana.doc.getText('t').toString() === 'base', 5000, 'ana synced base');

    // 1. Off (the default): the party's update is refused and the document stays byte-identical.
    // Sent over a second connection of hers: a refusal closes the connection it came on
    // (CHANGE_REFUSED: that copy has diverged), and her first connection must stay untouched.
    const probe = open(s.invites[0]!.link);
    await synced(probe);
    const scratch = new Y.Doc();
    scratch.on('update', (u: Uint8Array) => probe.provider.ws!.send(updateFrame(u)));
    let refused = shared.refused;
    const before1 = await serverState();
    scratch.getText('x').insert(0, 'REFUSED-WHILE-OFF');
    await waitFor(() => shared.refused === refused + 1, 5000, 'first update refused');
    expect(await probe.closed).toBe(CloseCode.CHANGE_REFUSED);
    expect(Buffer.from(await serverState()).equals(Buffer.from(before1))).toBe(true);
    expect(med.doc.getText('x').toString()).toBe('');

    // 2. On: the very same connection now writes.
    must(await m.request('control:updateSettings', { partiesEditAgreement: true }));
    ana.doc.getText('t').insert(4, ' ANA-EDIT');
    await waitFor(() => med.doc.getText('t').toString() === 'base ANA-EDIT', 5000, 'mediator sees the party edit');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, await serverState());
    expect(stored.getText('t').toString()).toBe('base ANA-EDIT');
    // The same connection she opened while it was off: no reconnect.
    expect(ana.provider.ws).toBe(anaSocket);
    expect(ana.codes).toEqual([]);

    // 3. Off again: refused again, byte-identical, nobody else receives it.
    must(await m.request('control:updateSettings', { partiesEditAgreement: false }));
    refused = shared.refused;
    const before3 = await serverState();
    ana.doc.getText('t').insert(0, 'AFTER-OFF ');
    await waitFor(() => shared.refused === refused + 1, 5000, 'update after turning off refused');
    expect(Buffer.from(await serverState()).equals(Buffer.from(before3))).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(med.doc.getText('t').toString()).toBe('base ANA-EDIT');

    // The settings reached her connection while open, no reconnect; the refusal in 3 then closed
    // it, because her copy now holds a change the server does not have.
    expect(await ana.closed).toBe(CloseCode.CHANGE_REFUSED);
    expect(ana.codes).toEqual([CloseCode.CHANGE_REFUSED]);
    scratch.destroy();
  });
});
