/**
 * The Yjs endpoint against the real room (signalling over socket.io): document access follows
 * the mediator's moves, and a moved-out party gets nothing more from the space they left.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode, docName, JOINT, type SpaceId } from '@mediation/shared';
import { tokenOf } from '../helpers/server.js';
import { connectClient, must } from '../helpers/socketClient.js';
import { liveServer, synced, waitFor, withTimeout } from './yjs-helpers.js';

const env = liveServer();
const { sockets } = env;

async function room() {
  const r = await env.room();
  return { ...r, open: (space: SpaceId, link: string) => env.open(docName(r.s.sessionId, 'board', space), link) };
}

describe('Yjs documents follow the real room', () => {
  it('closes a party moved out of a caucus before the move is acknowledged, and the canary written after never reaches them', async () => {
    const r = await room();
    const caucus = must(await r.m.request('control:createSpace', { name: 'Claimant caucus' })).space as SpaceId;
    must(await r.m.request('control:move', { participantIds: [r.id.ana], to: caucus }));
    const anaDoc = r.open(caucus, r.s.invites[0]!.link);
    const medDoc = r.open(caucus, r.s.mediator.link);
    await Promise.all([synced(anaDoc), synced(medDoc)]);
    anaDoc.doc.getText('t').insert(0, 'our bottom line is 8%');
    anaDoc.provider.awareness.setLocalStateField('editing', 'card-9');
    await waitFor(() => medDoc.doc.getText('t').toString() === 'our bottom line is 8%');
    await waitFor(() => medDoc.provider.awareness.getStates().has(anaDoc.doc.clientID), 5000, 'Ana present for the mediator');
    // The other side never gets in.
    const benDoc = r.open(caucus, r.s.invites[1]!.link);
    expect(await withTimeout(benDoc.closed, 5000, 'ben refused')).toBe(CloseCode.FORBIDDEN);
    expect(benDoc.doc.getText('t').toString()).toBe('');

    const registry = env.app.ctx.docs as unknown as { connectionsOf(sessionId: string, participantId: string): number };
    must(await r.m.request('control:move', { participantIds: [r.id.ana], to: JOINT }));
    // Deregistered inside the move, before its acknowledgement: nothing more can be sent to her.
    expect(registry.connectionsOf(r.s.sessionId, r.id.ana)).toBe(0);
    medDoc.doc.getText('t').insert(0, 'CANARY-after-move ');
    expect(await withTimeout(anaDoc.closed, 5000, 'ana closed')).toBe(CloseCode.MOVED_OUT);
    // Her presence left the caucus board with her.
    await waitFor(() => !medDoc.provider.awareness.getStates().has(anaDoc.doc.clientID), 5000, 'Ana gone from presence');
    await new Promise((res) => setTimeout(res, 300));
    expect(anaDoc.doc.getText('t').toString()).not.toContain('CANARY');
    // From joint, Ana can no longer open the caucus board.
    const retry = r.open(caucus, r.s.invites[0]!.link);
    expect(await withTimeout(retry.closed, 5000, 'retry refused')).toBe(CloseCode.FORBIDDEN);
  });

  it('closes a party who leaves the room, and refuses anyone not joined', async () => {
    const r = await room();
    const benDoc = r.open(JOINT, r.s.invites[1]!.link);
    await synced(benDoc);
    must(await r.ben.request('session:leave', {}));
    // Leaving is not a move: AWAY, which a page that rejoins retries.
    await waitFor(() => benDoc.codes.length > 0, 5000, 'ben closed');
    expect(benDoc.codes[0]).toBe(CloseCode.AWAY);
    benDoc.provider.shouldConnect = false;
    // J. Lee never joined the room: no documents (retryable: her page may still be joining).
    const lee = r.open(JOINT, r.s.invites[2]!.link);
    await waitFor(() => lee.codes.length > 0, 5000, 'lee refused');
    expect(lee.codes[0]).toBe(CloseCode.AWAY);
    expect(lee.doc.getText('t').toString()).toBe('');
    lee.provider.shouldConnect = false;
  });

  it('lets everyone admitted to joint converge on the joint board, and the observer only read it', async () => {
    const r = await room();
    const olive = await connectClient(env.app.url, tokenOf(r.s.invites[3]!.link));
    sockets.push(olive);
    must(await olive.request('session:join', {}));
    const a = r.open(JOINT, r.s.invites[0]!.link);
    const b = r.open(JOINT, r.s.invites[1]!.link);
    const o = r.open(JOINT, r.s.invites[3]!.link);
    await Promise.all([synced(a), synced(b), synced(o)]);
    a.doc.getArray('x').push(['from ana']);
    b.doc.getArray('x').push(['from ben']);
    o.doc.getArray('x').push(['from olive']);
    await waitFor(() => a.doc.getArray('x').length === 2 && b.doc.getArray('x').length === 2, 5000, 'converge');
    await new Promise((res) => setTimeout(res, 200));
    const server = await env.app.ctx.docs!.read(docName(r.s.sessionId, 'board', JOINT), (d) => d.getArray('x').toJSON());
    expect(server.sort()).toEqual(['from ana', 'from ben']);
  });
});
