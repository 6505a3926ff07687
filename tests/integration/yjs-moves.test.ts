import { beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, docName, type CreateSessionResponse } from '@mediation/shared';
import { tokenOf, type TestServer } from '../helpers/server.js';
import { synced, useDocServer, waitFor, withTimeout, type TestSpaces } from './yjs-helpers.js';

const fx = useDocServer();
const { open } = fx;
let app: TestServer, s: CreateSessionResponse, spaces: TestSpaces;
beforeAll(() => void ({ app, session: s, spaces } = fx));
const registry = () => app.ctx.docs as unknown as { connectionsOf(sessionId: string, participantId: string): number };

describe('Yjs connections follow the room', () => {
  it('closes a party moved out of a caucus with 4410 within the move, and no later caucus update reaches them', async () => {
    const ana = s.invites[0]!;
    spaces.place(s.sessionId, s.mediator.participantId, 'caucus:claim1');
    spaces.place(s.sessionId, ana.participantId, 'caucus:claim1');
    const name = docName(s.sessionId, 'board', 'caucus:claim1');
    const anaClient = open(name, tokenOf(ana.link));
    const med = open(name, tokenOf(s.mediator.link));
    await Promise.all([synced(anaClient), synced(med)]);
    med.doc.getText('t').insert(0, 'before the move;');
    await waitFor(() => anaClient.doc.getText('t').toString() === 'before the move;');
    let movedAt = 0;
    let seenAfterMove = false;
    anaClient.doc.on('update', () => { if (movedAt > 0) seenAfterMove = true; });
    spaces.place(s.sessionId, ana.participantId, 'joint');
    movedAt = Date.now();
    // Deregistered synchronously inside the move, before anything else can be sent.
    expect(registry().connectionsOf(s.sessionId, ana.participantId)).toBe(0);
    med.doc.getText('t').insert(0, 'CANARY-caucus-after-move ');
    expect(await withTimeout(anaClient.closed, 5000, 'close')).toBe(CloseCode.MOVED_OUT);
    await new Promise((r) => setTimeout(r, 300));
    expect(anaClient.doc.getText('t').toString()).not.toContain('CANARY');
    expect(seenAfterMove).toBe(false);
    // A fresh attempt from the joint room is refused too.
    const retry = open(name, tokenOf(ana.link));
    expect(await withTimeout(retry.closed, 5000, 'close')).toBe(CloseCode.FORBIDDEN);
  });

  it('keeps a mediator connected to a caucus board after they move to joint (mediators may read every space)', async () => {
    spaces.place(s.sessionId, s.mediator.participantId, 'caucus:claim1');
    const name = docName(s.sessionId, 'board', 'caucus:claim1');
    const med = open(name, tokenOf(s.mediator.link));
    await synced(med);
    spaces.place(s.sessionId, s.mediator.participantId, 'joint');
    expect(registry().connectionsOf(s.sessionId, s.mediator.participantId)).toBeGreaterThan(0);
  });

  it('closes connections of someone who leaves the room (to: null) with the retryable AWAY code, not as a move', async () => {
    const ben = s.invites[1]!;
    spaces.place(s.sessionId, ben.participantId, 'joint');
    const c = open(docName(s.sessionId, 'board', 'joint'), tokenOf(ben.link));
    await synced(c);
    spaces.place(s.sessionId, ben.participantId, null);
    await waitFor(() => c.codes.length > 0, 5000, 'close');
    expect(c.codes[0]).toBe(CloseCode.AWAY);
    expect(registry().connectionsOf(s.sessionId, ben.participantId)).toBe(0);
    c.provider.shouldConnect = false;
  });

  it('closes the connections of a participant whose link the mediator withdraws with 4401', async () => {
    const lee = s.invites[2]!;
    spaces.place(s.sessionId, lee.participantId, 'joint');
    const c = open(docName(s.sessionId, 'board', 'joint'), tokenOf(lee.link));
    await synced(c);
    app.ctx.revokeParticipant(s.sessionId, lee.participantId, { id: s.mediator.participantId, name: 'Maria Mediator' });
    expect(await withTimeout(c.closed, 5000, 'close')).toBe(CloseCode.UNAUTHORIZED);
    expect(registry().connectionsOf(s.sessionId, lee.participantId)).toBe(0);
  });

  it('turns a party sent to the waiting room away from every board', async () => {
    const ben = s.invites[1]!;
    spaces.place(s.sessionId, ben.participantId, 'lobby');
    const c = open(docName(s.sessionId, 'board', 'joint'), tokenOf(ben.link));
    expect(await withTimeout(c.closed, 5000, 'close')).toBe(CloseCode.FORBIDDEN);
  });
});
