/**
 * The test client checks the protocol both ways: every ack and every notification is parsed with
 * its schema from packages/shared. This proves the check bites: a notification the protocol does
 * not allow is recorded and fails the test when the client is closed.
 */
import { describe, expect, it } from 'vitest';
import { signallingOf } from '../../server/src/signalling/attach.js';
import { createTestSession, tokenOf } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { connectClient, must, reportProtocolViolations } from '../helpers/socketClient.js';

const fx = useRoomServer();

/** The server's end of a participant's connection, to make it say what the real server never would. */
function serverSocketOf(participantId: string) {
  const io = signallingOf(fx.app.ctx)!.io;
  const server = [...io.of('/').sockets.values()].find((x) => (x.data as { claims?: { participantId: string } }).claims?.participantId === participantId)!;
  return {
    emit: (event: string, payload: unknown) => (server.emit as (e: string, p: unknown) => boolean)(event, payload),
    /** Answers the next `event` request with `answer` before the real handler can (socket.io sends one ack per request). */
    answerFirst: (event: string, answer: unknown) => server.prependOnceListener(event, (_payload: unknown, ack: (r: unknown) => void) => ack(answer)),
  };
}

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
    const server = serverSocketOf(s.invites[0]!.participantId);
    server.emit('room:state', { sessionId: 'x' });
    server.emit('made:up', {});
    await c.waitFor('made:up' as never);
    expect(c.violations.map((v) => v.split(':').slice(0, 2).join(':'))).toEqual(['notification room:state', 'notification made:up']);
    expect(() => c.close()).toThrow(/the protocol does not allow/);
  });

  it('fails on a notification carrying a field its schema does not declare (how something could ride along unnoticed)', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const ana = await fx.open(s.invites[0]!.link);
    must(await ana.request('session:join', {}));
    const server = serverSocketOf(s.invites[0]!.participantId);
    server.emit('media:speaking', { participantIds: [], space: 'caucus:elsewhere' });
    server.emit('media:speaking', { participantIds: [] });
    await ana.waitFor('media:speaking', (p) => !('space' in p));
    expect(ana.violations).toEqual(['notification media:speaking: undeclared field space']);
    ana.violations.splice(0);
  });

  it('rejects a request whose ack does not match its schema, has an undeclared field, or is not a typed Result', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const m = await fx.open(s.mediator.link);
    must(await m.request('session:join', {}));
    const server = serverSocketOf(s.mediator.participantId);
    server.answerFirst('control:auditLog', { ok: true, data: { entries: 'none' } });
    await expect(m.request('control:auditLog', {})).rejects.toThrow(/ack of control:auditLog does not match the protocol: data\.entries/);
    server.answerFirst('control:auditLog', { ok: true, data: { entries: [], hidden: 'x' } });
    await expect(m.request('control:auditLog', {})).rejects.toThrow(/ack of control:auditLog does not match the protocol: undeclared field data\.hidden/);
    server.answerFirst('control:auditLog', { ok: false, error: { code: 'NOT_A_CODE', message: 'x' } });
    await expect(m.request('control:auditLog', {})).rejects.toThrow(/ack of control:auditLog does not match the protocol/);
    // Raw requests are held to the same schema; an event outside the protocol to a typed Result.
    server.answerFirst('control:auditLog', { ok: true, data: { entries: 3 } });
    await expect(m.raw('control:auditLog', {})).rejects.toThrow(/ack of control:auditLog does not match the protocol/);
    server.answerFirst('made:up', { fine: true });
    await expect(m.raw('made:up', {})).rejects.toThrow(/ack of made:up does not match the protocol/);
    // The real handler still answers a well-formed request.
    expect(must(await m.request('control:auditLog', {})).entries.length).toBeGreaterThan(0);
  });

  it('fails the test for a mismatch received by a client the test never closes', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const c = await connectClient(fx.app.url, tokenOf(s.invites[1]!.link));
    must(await c.request('session:join', {}));
    serverSocketOf(s.invites[1]!.participantId).emit('chat:message', { nothing: 'like a chat message' });
    await c.waitFor('chat:message' as never);
    // What the set-up file runs after every test: it throws once for what no test has reported yet.
    expect(() => reportProtocolViolations()).toThrow(/notification chat:message/);
    expect(() => reportProtocolViolations()).not.toThrow();
    expect(() => c.close()).toThrow(/the protocol does not allow/);
  });
});
