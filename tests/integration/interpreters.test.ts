/**
 * Interpreters and captioners that follow their person, over real sockets and a real SFU: the
 * interpreter moves with Ana in one room-state transition, his audio (the interpretation channel)
 * follows her into the caucus and leaves joint, and captions reach only the captioner's space and
 * are kept nowhere unless the session keeps them.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, JOINT, LIMITS, type InviteLink, type RoomView } from '@mediation/shared';
import { roomOf } from '../helpers/mediaDump.js';
import { createTestSession, INVITE, tokenOf } from '../helpers/server.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { joinWithMedia, must, type TestClient } from '../helpers/socketClient.js';

const fx = useRoomServer();

async function invite(sessionId: string, mediatorLink: string, body: Record<string, unknown>): Promise<{ status: number; json: InviteLink & { error?: { message: string } } }> {
  const res = await fetch(`${fx.app.url}/api/sessions/${sessionId}/invites`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokenOf(mediatorLink)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as InviteLink & { error?: { message: string } } };
}

/** Ana (Claimant) with Ivo interpreting for her into Spanish, Cleo captioning for the Claimant side,
 * Ben (Respondent) and Olive (observer): everyone in joint with media (Cleo has no camera). */
async function cast(settings: Record<string, unknown> = {}) {
  const s = await createTestSession(fx.app, { invites: [INVITE.ana, INVITE.ben, INVITE.olive], settings: { waitingRoom: false, ...settings } });
  const [ana, ben, olive] = s.invites.map((i) => i.participantId) as [string, string, string];
  const ivoInvite = await invite(s.sessionId, s.mediator.link, { displayName: 'Ivo Interpreter', role: 'interpreter', interpretsFor: { participantId: ana }, interpretationLanguage: 'Spanish' });
  expect(ivoInvite.status).toBe(201);
  // The interpreter takes the side of whom he serves.
  expect(ivoInvite.json).toMatchObject({ role: 'interpreter', side: 'Claimant', interpretsFor: { participantId: ana }, interpretationLanguage: 'Spanish' });
  const cleoInvite = await invite(s.sessionId, s.mediator.link, { displayName: 'Cleo Captioner', role: 'captioner', interpretsFor: { side: 'Claimant' } });
  expect(cleoInvite.status).toBe(201);
  const c = {
    m: await fx.open(s.mediator.link),
    ana: await fx.open(s.invites[0]!.link),
    ben: await fx.open(s.invites[1]!.link),
    olive: await fx.open(s.invites[2]!.link),
    ivo: await fx.open(ivoInvite.json.link),
    cleo: await fx.open(cleoInvite.json.link),
  };
  const id = { m: s.mediator.participantId, ana, ben, olive, ivo: ivoInvite.json.participantId, cleo: cleoInvite.json.participantId };
  for (const [name, client] of Object.entries(c)) await joinWithMedia(client, { produce: name !== 'olive' && name !== 'cleo' });
  return { s, c, id };
}

const view = async (c: TestClient): Promise<RoomView> => must(await c.request('session:join', {})).room;
/** An ack comes after everything the server sent that socket before it. */
const flush = async (...cs: TestClient[]) => { for (const c of cs) must(await c.request('chat:history', {})); };
const until = async (check: () => boolean, what: string, ms = 4000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('an interpreter bound to a party', () => {
  it('moves with her into a caucus in one transition, and his interpretation audio follows her there and leaves joint', async () => {
    const { s, c, id } = await cast();
    const room = roomOf(fx.app, s.sessionId);
    const ivoAudio = [...room.members.get(id.ivo)!.media.producers.values()].find((p) => p.kind === 'audio')!;
    const consumesIvo = (who: string) => [...(room.members.get(who)?.media.consumers.values() ?? [])].some((x) => x.producerId === ivoAudio.id);
    await until(() => consumesIvo(id.ben) && consumesIvo(id.ana), 'joint to hear Ivo');
    // The listener's page learns the channel from the server: Ivo's microphone is the interpretation.
    expect((await c.ben.waitFor('media:newConsumer', (p) => p.producerId === ivoAudio.id)).interpretation).toBe(true);

    const marks = new Map(Object.entries(c).map(([k, v]) => [k, v.received.length]));
    const caucus = must(await c.m.request('control:createSpace', { name: 'Claimant room' })).space;
    const moved = must(await c.m.request('control:move', { participantIds: [id.ana], to: caucus as never })).moved;
    expect(moved.sort()).toEqual([id.ana, id.ivo, id.cleo].sort());
    await flush(...Object.values(c));

    // Never a frame where Ana is in the caucus and Ivo is not, or the other way round: not for the
    // mediators (who see exact spaces), not for Ben (who sees "caucus"), not for Ana herself.
    for (const [name, client] of Object.entries(c)) {
      for (const r of client.received.slice(marks.get(name))) {
        if (r.event !== 'room:state') continue;
        const v = r.payload as RoomView;
        const where = (pid: string) => v.participants.find((p) => p.id === pid)?.whereabouts;
        if (where(id.ana) !== undefined && where(id.ivo) !== undefined) expect(where(id.ivo), `${name}'s view`).toBe(where(id.ana));
      }
    }
    const mv = await view(c.m);
    expect(mv.spaces.find((x) => x.id === caucus)!.memberIds.sort()).toEqual([id.ana, id.ivo, id.cleo].sort());
    // How the people list labels him: whom he serves and the language, for everyone.
    expect((await view(c.ben)).participants.find((p) => p.id === id.ivo)).toMatchObject({ interpretsFor: { participantId: id.ana }, interpretationLanguage: 'Spanish', whereabouts: 'caucus' });

    // Media: Ana hears Ivo in the caucus (still the interpretation channel); joint no longer does.
    await until(() => consumesIvo(id.ana), 'Ana to hear Ivo in the caucus');
    expect(consumesIvo(id.ben)).toBe(false);
    expect(consumesIvo(id.olive)).toBe(false);
    expect(consumesIvo(id.m)).toBe(false);
    // They moved together, so Ana keeps the consumer she had of him in joint (roomMedia.ts,
    // closeMediaBetween); the one she holds now was announced to her as the interpretation channel.
    const anaOfIvo = [...room.members.get(id.ana)!.media.consumers.values()].find((x) => x.producerId === ivoAudio.id)!;
    const announced = c.ana.received.filter((r) => r.event === 'media:newConsumer').map((r) => r.payload as { consumerId: string; interpretation?: boolean });
    expect(announced.find((p) => p.consumerId === anaOfIvo.id)?.interpretation).toBe(true);
    expect(c.ben.received.slice(marks.get('ben')).some((r) => r.event === 'media:newConsumer' && (r.payload as { participantId: string }).participantId === id.ivo)).toBe(false);

    // Moving Ivo alone out of Ana's caucus is refused, and nothing moves.
    const alone = await c.m.request('control:move', { participantIds: [id.ivo], to: JOINT });
    expect(alone.ok).toBe(false);
    if (!alone.ok) expect(alone.error.code).toBe(ErrorCode.CONFLICT);
    expect((await view(c.m)).participants.find((p) => p.id === id.ivo)!.whereabouts).toBe(caucus);

    // Released, he can be moved alone; bound again, he goes straight back to her.
    must(await c.m.request('control:bind', { participantId: id.ivo, interpretsFor: null }));
    must(await c.m.request('control:move', { participantIds: [id.ivo], to: JOINT }));
    expect((await view(c.ivo)).self.space).toBe(JOINT);
    must(await c.m.request('control:bind', { participantId: id.ivo, interpretsFor: { participantId: id.ana } }));
    expect((await view(c.ivo)).self.space).toBe(caucus);
    // Not to the other side (his link is on Ana's): refused, and he stays with her.
    const other = await c.m.request('control:bind', { participantId: id.ivo, interpretsFor: { participantId: id.ben } });
    expect(!other.ok && other.error.code).toBe(ErrorCode.BAD_REQUEST);
    expect((await view(c.ivo)).self.space).toBe(caucus);
  });

  it('joins Ana where she is placed on arriving (a planned caucus, waiting room off), in the same change as her arrival', async () => {
    const s = await createTestSession(fx.app, { invites: [INVITE.ana, INVITE.ben], settings: { waitingRoom: false } });
    const ana = s.invites[0]!.participantId;
    const m = await fx.open(s.mediator.link);
    must(await m.request('session:join', {}));
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant room' })).space;
    must(await m.request('control:planAssignment', { participantId: ana, space: caucus as never }));
    const ivoInvite = await invite(s.sessionId, s.mediator.link, { displayName: 'Ivo Interpreter', role: 'interpreter', interpretsFor: { participantId: ana }, interpretationLanguage: 'Spanish' });
    const ivo = await fx.open(ivoInvite.json.link);
    const ben = await fx.open(s.invites[1]!.link);
    await joinWithMedia(ivo);
    await joinWithMedia(ben);
    expect((await view(ivo)).self.space).toBe(JOINT); // Ana is not here yet: he waits in joint
    const room = roomOf(fx.app, s.sessionId);
    const ivoAudio = [...room.members.get(ivoInvite.json.participantId)!.media.producers.values()].find((p) => p.kind === 'audio')!;
    const consumes = (who: string) => [...(room.members.get(who)?.media.consumers.values() ?? [])].some((x) => x.producerId === ivoAudio.id);
    await until(() => consumes(s.invites[1]!.participantId), 'Ben to hear Ivo in joint');

    const anaClient = await fx.open(s.invites[0]!.link);
    const joined = await joinWithMedia(anaClient);
    expect(joined.room.self.space).toBe(caucus);
    // Her very first view already has Ivo with her.
    expect(joined.room.participants.find((p) => p.id === ivoInvite.json.participantId)?.whereabouts).toBe(caucus);
    expect((await view(ivo)).self.space).toBe(caucus);
    await until(() => consumes(ana), 'Ana to hear Ivo in the caucus');
    expect(consumes(s.invites[1]!.participantId)).toBe(false);
  });

  it('refuses invitations that bind to nobody, to a mediator, a party bound to someone, or against the served side', async () => {
    const s = await createTestSession(fx.app, { invites: [INVITE.ana, INVITE.ben], settings: { waitingRoom: false } });
    const ana = s.invites[0]!.participantId;
    for (const body of [
      { displayName: 'Ivo Interpreter', role: 'interpreter', interpretsFor: { participantId: 'nobody_000' } },
      { displayName: 'Ivo Interpreter', role: 'interpreter', interpretsFor: { participantId: s.mediator.participantId } },
      { displayName: 'Pat Party', role: 'party', side: 'Claimant', interpretsFor: { participantId: ana } },
      { displayName: 'Ivo Interpreter', role: 'interpreter', side: 'Respondent', interpretsFor: { participantId: ana } },
    ]) {
      const r = await invite(s.sessionId, s.mediator.link, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    const people = (await (await fetch(`${fx.app.url}/api/sessions/${s.sessionId}/invites`, { headers: { authorization: `Bearer ${tokenOf(s.mediator.link)}` } })).json()) as { invites: unknown[] };
    expect(people.invites).toHaveLength(3); // nothing was stored for the refused ones
  });
});

describe('captions', () => {
  it('reach only the captioner’s space (not joint, not a mediator elsewhere), from captioners only, bounded', async () => {
    const { c, id } = await cast();
    const caucus = must(await c.m.request('control:createSpace', { name: 'Claimant room' })).space;
    must(await c.m.request('control:move', { participantIds: [id.ana], to: caucus as never }));
    expect((await view(c.cleo)).self.space).toBe(caucus); // Cleo followed the last of the Claimant side
    const sent = must(await c.cleo.request('caption:send', { text: 'CAPTION-CANARY I would settle for forty' }));
    await c.ana.waitFor('caption:line', (l) => l.id === sent.line.id);
    await c.ivo.waitFor('caption:line', (l) => l.id === sent.line.id);
    await flush(c.m, c.ben, c.olive);
    for (const outside of [c.m, c.ben, c.olive]) expect(outside.transcript()).not.toContain('CAPTION-CANARY');

    // A line written in the caucus that a move back to joint crossed: refused, nobody outside reads it.
    must(await c.m.request('control:allToJoint', {}));
    const crossed = await c.cleo.request('caption:send', { text: 'CAPTION-CANARY crossed by the move', space: caucus as never });
    expect(!crossed.ok && crossed.error.code).toBe(ErrorCode.CONFLICT);
    await flush(c.m, c.ben, c.olive, c.ana);
    for (const anyone of [c.m, c.ben, c.olive]) expect(anyone.transcript()).not.toContain('CAPTION-CANARY');
    expect(c.ana.transcript()).not.toContain('crossed by the move');
    must(await c.cleo.request('caption:send', { text: 'now in joint', space: JOINT }));

    const forbidden = await c.ana.request('caption:send', { text: 'not a captioner' });
    expect(!forbidden.ok && forbidden.error.code).toBe(ErrorCode.FORBIDDEN);
    const long = await c.cleo.request('caption:send', { text: 'x'.repeat(LIMITS.captionMaxChars + 1) });
    expect(!long.ok && long.error.code).toBe(ErrorCode.BAD_REQUEST);
    const results = [];
    for (let i = 0; i < LIMITS.captionsPer10s + 5; i++) results.push(await c.cleo.request('caption:send', { text: `line ${i}` }));
    expect(results.filter((r) => !r.ok && r.error.code === ErrorCode.RATE_LIMITED).length).toBeGreaterThan(0);
  });

  it('follow the last of their side: a side’s captioner goes to the caucus when the last of the side in joint is removed', async () => {
    const s = await createTestSession(fx.app, { invites: [INVITE.ana, INVITE.lee, INVITE.ben], settings: { waitingRoom: false } });
    const [ana, lee] = [s.invites[0]!.participantId, s.invites[1]!.participantId];
    const cleoInvite = await invite(s.sessionId, s.mediator.link, { displayName: 'Cleo Captioner', role: 'captioner', interpretsFor: { side: 'Claimant' } });
    const m = await fx.open(s.mediator.link);
    const cleo = await fx.open(cleoInvite.json.link);
    for (const link of s.invites.map((i) => i.link)) must(await (await fx.open(link)).request('session:join', {}));
    must(await m.request('session:join', {}));
    must(await cleo.request('session:join', {}));
    const caucus = must(await m.request('control:createSpace', { name: 'Claimant room' })).space;
    must(await m.request('control:move', { participantIds: [ana], to: caucus as never }));
    expect((await view(cleo)).self.space).toBe(JOINT); // J. Lee (Claimant) is still in joint
    must(await m.request('control:remove', { participantId: lee }));
    await cleo.waitFor('room:state', (v) => v.self.space === caucus);
    const line = must(await cleo.request('caption:send', { text: 'now with Ana' })).line;
    expect(line.text).toBe('now with Ana');
  });

  it('are saved to nothing by default: a reload or a late joiner reads no past caption', async () => {
    const { s, c, id } = await cast();
    must(await c.cleo.request('caption:send', { text: 'CAPTION-CANARY said before the reload' }));
    await c.ana.waitFor('caption:line');
    expect(must(await c.ana.request('caption:history', {})).lines).toEqual([]);
    // Reload: a new connection for Ana.
    c.ana.close();
    const again = await fx.open(s.invites[0]!.link);
    must(await again.request('session:join', {}));
    expect(must(await again.request('caption:history', {})).lines).toEqual([]);
    expect(again.transcript()).not.toContain('CAPTION-CANARY');
    // A late joiner.
    const late = await invite(s.sessionId, s.mediator.link, { displayName: 'Lena Late', role: 'party', side: 'Claimant' });
    const lena = await fx.open(late.json.link);
    must(await lena.request('session:join', {}));
    expect(must(await lena.request('caption:history', {})).lines).toEqual([]);
    void id;
  });

  it('when the session keeps captions, are read back by who was in the space then, never by others', async () => {
    const { s, c, id } = await cast({ keepCaptions: true });
    const caucus = must(await c.m.request('control:createSpace', { name: 'Claimant room' })).space;
    must(await c.m.request('control:move', { participantIds: [id.ana], to: caucus as never }));
    must(await c.cleo.request('caption:send', { text: 'kept in the caucus' }));
    c.ana.close();
    const again = await fx.open(s.invites[0]!.link);
    must(await again.request('session:join', {}));
    expect(must(await again.request('caption:history', {})).lines.map((l) => l.text)).toEqual(['kept in the caucus']);
    expect(must(await c.ben.request('caption:history', {})).lines).toEqual([]);
    expect(must(await c.m.request('caption:history', {})).lines).toEqual([]);
    // Turned off, what was kept is gone.
    must(await c.m.request('control:updateSettings', { keepCaptions: false }));
    expect(must(await again.request('caption:history', {})).lines).toEqual([]);
  });
});
