/** media:* and session:leave. Every id is looked up in the caller's own PeerMedia maps only. */
import type { types } from 'mediasoup';
import { can, ErrorCode, fail, isMediatorRole, LOBBY, ok } from '@mediation/shared';
import type { CommandContext, HandlerTable } from './commandTypes.js';
import { consumeSpaceFor, produce } from './roomMedia.js';
import { declareRtpCapabilities, preconnect } from '../media/preconnect.js';

type MediaRequest =
  | 'session:leave'
  | 'media:getRouterCapabilities'
  | 'media:createTransport'
  | 'media:connectTransport'
  | 'media:setRtpCapabilities'
  | 'media:produce'
  | 'media:closeProducer'
  | 'media:pauseProducer'
  | 'media:resumeProducer'
  | 'media:resumeConsumer'
  | 'media:resumeConsumers'
  | 'media:preconnect';

/**
 * An id that is not on the caller's connection. If it is another member's in this session (another
 * space's producer, transport or consumer) that is an attempt to reach into their media: FORBIDDEN.
 * Otherwise (stale, mistyped, of the wrong kind, or of another session, which is never looked at so
 * nothing about it is confirmed): NOT_FOUND. Either way nothing is touched.
 */
function notYours({ room, member }: CommandContext, id: string, what: string) {
  const someoneElses = [...room.members.values()].some((m) => m !== member && m.media.holds(id));
  return someoneElses ? fail(ErrorCode.FORBIDDEN, `That ${what} belongs to someone else.`) : fail(ErrorCode.NOT_FOUND, `No such ${what} on your connection.`);
}

/** mediasoup 3.8.4 can freeze the first video for ~1 s if a consumer resumes before ICE completes.
 * A transport whose DTLS is connected (the pre-connection's, by the time anyone clicks) has its
 * ICE path in use already: nothing to wait for. */
const ICE_WAIT_MS = 1000;
function iceSettled(transport: types.WebRtcTransport): Promise<void> {
  if (transport.iceState === 'completed' || transport.dtlsState === 'connected' || transport.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      transport.removeListener('icestatechange', onState);
      resolve();
    };
    const onState = (s: string) => s === 'completed' && done();
    const timer = setTimeout(done, ICE_WAIT_MS);
    transport.on('icestatechange', onState);
  });
}

/** A consumer whose resume the worker refused because it was closed meanwhile: closed here, or
 * no longer the caller's, or its sender's producer is gone (closed on our side already; the
 * worker's notice that closes the consumer here arrives after the refusal). */
function closedMeanwhile({ room, member }: CommandContext, consumer: types.Consumer): boolean {
  if (consumer.closed || member.media.consumers.get(consumer.id) !== consumer) return true;
  return ![...room.members.values()].some((m) => m.media.producers.get(consumer.producerId)?.closed === false);
}

/** Pauses or resumes one of the caller's own producers; the room shows its source muted while paused. */
async function setPaused(c: CommandContext, producerId: string, paused: boolean) {
  const { room, member } = c;
  const producer = member.media.producers.get(producerId);
  if (!producer) return notYours(c, producerId, 'producer');
  await (paused ? producer.pause() : producer.resume());
  room.setMuted(member.participantId, (producer.appData as { source: 'mic' | 'cam' }).source, paused);
  return ok({});
}

export const mediaCommands: HandlerTable<MediaRequest> = {
  'session:leave': ({ room, member }) => {
    room.detach(member, 'left');
    return ok({});
  },

  'media:getRouterCapabilities': ({ room }) => ok({ rtpCapabilities: room.deps.sfu.router.rtpCapabilities }),

  'media:createTransport': async ({ room, member, person }, { direction }) => {
    if (direction === 'send' && !can(person.role, 'produce')) return fail(ErrorCode.FORBIDDEN, 'Observers do not send audio or video.');
    if (person.space === LOBBY && !isMediatorRole(person.role)) return fail(ErrorCode.NOT_ADMITTED, 'You are in the waiting room; media starts when the mediator lets you in.');
    // One transport per direction: a new one (e.g. after an ICE failure) replaces the old.
    for (const t of member.media.transports.values()) if ((t.appData as { direction: string }).direction === direction) t.close();
    const transport = await room.deps.sfu.createWebRtcTransport({ participantId: member.participantId, direction });
    if (room.members.get(member.participantId) !== member) {
      transport.close();
      return fail(ErrorCode.CONFLICT, 'You left the room.');
    }
    member.media.transports.set(transport.id, transport);
    transport.observer.once('close', () => member.media.transports.delete(transport.id));
    if (direction === 'recv') void room.run(() => consumeSpaceFor(room, member));
    return ok({ id: transport.id, iceParameters: transport.iceParameters, iceCandidates: transport.iceCandidates, dtlsParameters: transport.dtlsParameters });
  },

  'media:connectTransport': async (c, { transportId, dtlsParameters }) => {
    const transport = c.member.media.transportOf(transportId);
    if (!transport) return notYours(c, transportId, 'transport');
    try {
      await transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
    } catch (err) {
      return fail(ErrorCode.BAD_REQUEST, `Cannot connect the transport: ${(err as Error).message}`);
    }
    return ok({});
  },

  'media:setRtpCapabilities': ({ room, member }, { rtpCapabilities }) => {
    const declared = declareRtpCapabilities(member.media, rtpCapabilities);
    if (declared.ok) void room.run(() => consumeSpaceFor(room, member));
    return declared;
  },

  // The pre-connection is made before joining (connection.ts). One that arrives just after the
  // join (the person clicked while it was under way) is served the same way, the waiting room
  // included (its transports carry nothing there), and consumes what the space offers.
  'media:preconnect': async ({ room, member, person }, { direction }) => {
    const r = await preconnect(room.deps.sfu, { participantId: member.participantId, role: person.role, media: member.media }, direction);
    if (room.members.get(member.participantId) !== member) {
      member.media.closeAll();
      return fail(ErrorCode.CONFLICT, 'You left the room.');
    }
    if (r.ok && direction === 'recv') void room.run(() => consumeSpaceFor(room, member));
    return r;
  },

  'media:produce': async (c, { transportId, kind, rtpParameters, source }) => {
    const { room, member, person } = c;
    if (!can(person.role, 'produce')) return fail(ErrorCode.FORBIDDEN, 'Observers do not send audio or video.');
    const transport = member.media.transportOf(transportId, 'send');
    if (!transport) return notYours(c, transportId, 'send transport');
    return produce(room, member, transport, kind, rtpParameters as unknown as types.RtpParameters, source);
  },

  'media:closeProducer': (c, { producerId }) => {
    const producer = c.member.media.producers.get(producerId);
    if (!producer) return notYours(c, producerId, 'producer');
    producer.close();
    return ok({});
  },

  'media:pauseProducer': (c, { producerId }) => setPaused(c, producerId, true),

  'media:resumeProducer': (c, { producerId }) => setPaused(c, producerId, false),

  'media:resumeConsumer': async (c, { consumerId }) => {
    const { member } = c;
    const consumer = member.media.consumers.get(consumerId);
    if (!consumer) return notYours(c, consumerId, 'consumer');
    const transport = member.media.recvTransport;
    if (transport) await iceSettled(transport);
    // Looked up again: a move may have closed it while we waited.
    if (member.media.consumers.get(consumerId) !== consumer || consumer.closed) return fail(ErrorCode.NOT_FOUND, 'That consumer was closed (you moved, or its sender left).');
    try {
      await consumer.resume();
    } catch (err) {
      // Closed in the worker while it was being resumed (its sender left: seen in the join bench
      // when a joiner leaves right after joining): the same answer as closed before, not a failure.
      if (closedMeanwhile(c, consumer)) return fail(ErrorCode.NOT_FOUND, 'That consumer was closed (you moved, or its sender left).');
      throw err;
    }
    return ok({});
  },

  /** The consumers a move or a join created, resumed together: one request, one wait for ICE. An
   * id of someone else's refuses the whole request; one closed meanwhile is skipped. */
  'media:resumeConsumers': async (c, { consumerIds }) => {
    const { member } = c;
    const foreign = consumerIds.find((id) => !member.media.consumers.has(id) && [...c.room.members.values()].some((m) => m !== member && m.media.holds(id)));
    if (foreign) return notYours(c, foreign, 'consumer');
    const transport = member.media.recvTransport;
    if (transport) await iceSettled(transport);
    // Looked up after the wait: a move may have closed some of them meanwhile.
    const live = consumerIds.map((id) => member.media.consumers.get(id)).filter((x): x is types.Consumer => !!x && !x.closed);
    // One closed in the worker meanwhile (see media:resumeConsumer) is skipped like one closed before.
    const done = await Promise.all(live.map((x) => x.resume().then(() => true, (err: unknown) => {
      if (closedMeanwhile(c, x)) return false;
      throw err;
    })));
    return ok({ resumed: live.filter((_, i) => done[i]).map((x) => x.id) });
  },
};
