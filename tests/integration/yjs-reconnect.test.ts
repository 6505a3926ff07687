/**
 * A connection blip is not a move. When a person's socket.io connection drops and comes back, the
 * Yjs documents they had open close with the retryable AWAY code (never MOVED_OUT), their stock
 * y-websocket provider keeps retrying, and once they have rejoined the same space it resyncs by
 * itself: edits flow both ways again with no user action.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode, docName, JOINT, type SpaceId } from '@mediation/shared';
import { tokenOf } from '../helpers/server.js';
import { must } from '../helpers/socketClient.js';
import { liveServer, rawSocket, synced, waitFor, withTimeout } from './yjs-helpers.js';

const env = liveServer();

async function room() {
  const r = await env.room();
  const open = (kind: 'board' | 'agreement' | 'draft', space: SpaceId, link: string) => env.open(docName(r.s.sessionId, kind, space), link);
  return { ...r, join: env.join, open };
}

describe('Yjs documents survive a dropped connection', () => {
  it('closes a party whose connection dropped with the retryable AWAY code, and the board resyncs by itself once she rejoins', async () => {
    const r = await room();
    const anaDoc = r.open('board', JOINT, r.s.invites[0]!.link);
    const benDoc = r.open('board', JOINT, r.s.invites[1]!.link);
    await Promise.all([synced(anaDoc), synced(benDoc)]);
    anaDoc.doc.getText('t').insert(0, 'before;');
    await waitFor(() => benDoc.doc.getText('t').toString() === 'before;', 5000, 'first edit');

    // What a Wi-Fi drop does: her socket.io connection goes away.
    r.ana.socket.disconnect();
    await waitFor(() => anaDoc.codes.length > 0, 5000, 'ana closed');
    expect(anaDoc.codes[0]).toBe(CloseCode.AWAY);
    expect(anaDoc.codes).not.toContain(CloseCode.MOVED_OUT);
    expect(anaDoc.provider.shouldConnect).toBe(true);

    // Meanwhile Ben keeps writing; Ana's provider keeps retrying (refused with AWAY while she is out).
    benDoc.doc.getText('t').insert(benDoc.doc.getText('t').length, 'during;');
    await new Promise((res) => setTimeout(res, 400));

    // Her page reconnects and rejoins.
    await r.join(r.s.invites[0]!.link);
    await waitFor(() => anaDoc.provider.synced && anaDoc.doc.getText('t').toString() === 'before;during;', 8000, 'ana resynced');
    anaDoc.doc.getText('t').insert(anaDoc.doc.getText('t').length, 'after;');
    await waitFor(() => benDoc.doc.getText('t').toString() === 'before;during;after;', 5000, 'edit after reconnect reaches Ben');
    expect(anaDoc.codes.every((c) => c === CloseCode.AWAY)).toBe(true);
  });

  it('keeps the joint agreement of a reconnecting party alive too (no false "moved out")', async () => {
    const r = await room();
    const anaDoc = r.open('agreement', JOINT, r.s.invites[0]!.link);
    const medDoc = r.open('agreement', JOINT, r.s.mediator.link);
    await Promise.all([synced(anaDoc), synced(medDoc)]);
    r.ana.socket.disconnect();
    await waitFor(() => anaDoc.codes.length > 0, 5000, 'ana closed');
    await r.join(r.s.invites[0]!.link);
    medDoc.doc.getText('t').insert(0, 'clause 1');
    await waitFor(() => anaDoc.doc.getText('t').toString() === 'clause 1', 8000, 'agreement resynced');
    expect(anaDoc.codes).not.toContain(CloseCode.MOVED_OUT);
  });

  it('answers an upgrade from someone briefly out of the room with AWAY, and a real move with MOVED_OUT', async () => {
    const r = await room();
    r.ben.socket.disconnect();
    await waitFor(() => env.app.ctx.spaces!.currentSpace(r.s.sessionId, r.id.ben) === null, 5000, 'ben offline');
    const { closed } = await rawSocket(env.app, docName(r.s.sessionId, 'board', JOINT), tokenOf(r.s.invites[1]!.link));
    expect(await withTimeout(closed, 5000, 'refused')).toBe(CloseCode.AWAY);

    // A move is still a move: Ana moved out of a caucus gets MOVED_OUT (permanent for that doc).
    const caucus = must(await r.m.request('control:createSpace', { name: 'Claimant caucus' })).space as SpaceId;
    must(await r.m.request('control:move', { participantIds: [r.id.ana], to: caucus }));
    const anaCaucus = r.open('board', caucus, r.s.invites[0]!.link);
    await synced(anaCaucus);
    must(await r.m.request('control:move', { participantIds: [r.id.ana], to: JOINT }));
    expect(await withTimeout(anaCaucus.closed, 5000, 'moved')).toBe(CloseCode.MOVED_OUT);
  });

  it('never says MOVED_OUT when the session ends: the record stays readable, nothing is written any more', async () => {
    const r = await room();
    const anaDoc = r.open('board', JOINT, r.s.invites[0]!.link);
    await synced(anaDoc);
    anaDoc.doc.getText('t').insert(0, 'before the end;');
    const name = docName(r.s.sessionId, 'board', JOINT);
    const storedText = () => env.app.ctx.docs!.read(name, (d) => d.getText('t').toString());
    for (let i = 0; i < 100 && (await storedText()) !== 'before the end;'; i++) await new Promise((res) => setTimeout(res, 20));
    must(await r.m.request('control:endSession', {}));
    await waitFor(() => anaDoc.codes.length > 0, 5000, 'closed at the end');
    expect(anaDoc.codes).not.toContain(CloseCode.MOVED_OUT);
    // After the end a party may still read the joint board (read-only): her edits are not stored.
    await waitFor(() => anaDoc.provider.synced, 5000, 'read-only resync');
    anaDoc.doc.getText('t').insert(0, 'after the end;');
    await new Promise((res) => setTimeout(res, 300));
    expect(await storedText()).toBe('before the end;');
    expect(anaDoc.codes).not.toContain(CloseCode.MOVED_OUT);
  });
});
