/**
 * The test client checks the protocol both ways: every ack and every notification is parsed with
 * its schema from packages/shared. This proves the check bites: a notification the protocol does
 * not allow is recorded and fails the test when the client is closed.
 */
import { describe, expect, it } from 'vitest';
import { signallingOf } from '../../server/src/signalling/attach.js';
import { createTestSession, tokenOf } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { connectClient, must } from '../helpers/socketClient.js';

const fx = useRoomServer();

describe('the test client', () => {
  it('accepts every ack and notification of an ordinary join as the protocol defines them', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const m = await fx.open(s.mediator.link);
    must(await m.request('session:join', {}));
    must(await m.request('control:createSpace', { name: 'Claimant caucus' }));
    must(await m.request('control:auditLog', {}));
    expect(m.violations).toEqual([]);
  });

  it('fails the test on a notification that does not match its schema, or is not in the protocol', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const c = await connectClient(fx.app.url, tokenOf(s.invites[0]!.link));
    must(await c.request('session:join', {}));
    const io = signallingOf(fx.app.ctx)!.io;
    const server = [...io.of('/').sockets.values()].find((x) => (x.data as { claims?: { participantId: string } }).claims?.participantId === s.invites[0]!.participantId)!;
    (server.emit as (e: string, p: unknown) => boolean)('room:state', { sessionId: 'x' });
    (server.emit as (e: string, p: unknown) => boolean)('made:up', {});
    await c.waitFor('made:up' as never);
    expect(c.violations.map((v) => v.split(':').slice(0, 2).join(':'))).toEqual(['notification room:state', 'notification made:up']);
    expect(() => c.close()).toThrow(/the protocol does not allow/);
  });
});
