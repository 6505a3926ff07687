/** Observers write in no space's chat, but have a private line to the mediators (issue 10.13). */
import { describe, expect, it } from 'vitest';
import { useRoomServer } from '../helpers/roomFixture.js';
import { createTestSession } from '../helpers/server.js';
import { must } from '../helpers/socketClient.js';

const room = useRoomServer();

describe('observer chat', () => {
  it('lets an observer write privately to the mediators, read by them only', async () => {
    const s = await createTestSession(room.app, { settings: { waitingRoom: false } });
    const olive = s.invites.find((i) => i.role === 'observer')!;
    const mediator = await room.open(s.mediator.link);
    must(await mediator.request('session:join', {}));
    const ana = await room.open(s.invites[0]!.link);
    must(await ana.request('session:join', {}));
    const observer = await room.open(olive.link);
    must(await observer.request('session:join', {}));

    const text = `observer-note-${Date.now()}`;
    const sent = must(await observer.request('chat:send', { to: { kind: 'mediators' }, text }));
    expect(sent.message.thread).toBe(`dm:${olive.participantId}`);
    await mediator.waitFor('chat:message', (m) => m.text === text);
    // A later joint message is the barrier: Ana got it, so she would have the note if it leaked.
    const barrier = `barrier-${Date.now()}`;
    must(await mediator.request('chat:send', { to: { kind: 'space' }, text: barrier }));
    await ana.waitFor('chat:message', (m) => m.text === barrier);
    expect(ana.transcript()).not.toContain(text);
  });

  it('refuses an observer writing to the whole space, and nobody receives anything', async () => {
    const s = await createTestSession(room.app, { settings: { waitingRoom: false } });
    const olive = s.invites.find((i) => i.role === 'observer')!;
    const mediator = await room.open(s.mediator.link);
    must(await mediator.request('session:join', {}));
    const observer = await room.open(olive.link);
    must(await observer.request('session:join', {}));
    const text = `observer-space-${Date.now()}`;
    const r = await observer.request('chat:send', { to: { kind: 'space' }, text });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('FORBIDDEN');
    const history = must(await mediator.request('chat:history', {}));
    expect(history.messages.some((m) => m.text === text)).toBe(false);
    expect(mediator.transcript()).not.toContain(text);
  });
});
