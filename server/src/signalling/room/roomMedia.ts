/**
 * Media follows membership: consumers exist only between two people in the same space, are
 * created by the server (paused), and are closed before a move is acknowledged, unless both ends
 * of one end the move in the same space again (people who move together keep what they had of
 * each other). Everything here runs inside the room queue.
 */
import type { types } from 'mediasoup';
import { ErrorCode, fail, ok, type MediaSource, type NotificationPayload, type Result } from '@mediation/shared';
import { mayReceive, send, type Audience } from '../egress.js';
import type { ConsumerInfo, ProducerInfo } from '../media/peerMedia.js';
import { trackConsumer, trackProducer } from '../media/sessionRouter.js';
import type { Member, Room } from './room.js';

/**
 * After this person moved: closes every consumer that carries media to or from them, except one
 * whose two ends may still exchange media where they are now (the room state already holds the
 * move), which only happens when the other end moved into the same space in the same change: two
 * people going to a caucus together keep their consumers of each other, so their media does not
 * stop, and the worker is spared closing and re-creating them (a video consumer allocates ~1.5 MB
 * of retransmission buffers). The test is `mediaAllowed`, the one `consume` makes before creating
 * a consumer, so a kept consumer is exactly one the move would otherwise have re-created.
 */
export function closeMediaBetween(room: Room, participantId: string): void {
  const mine = room.members.get(participantId);
  mine?.media.closeConsumersWhere((ownerId) => !mediaAllowed(room, mine, ownerId));
  for (const m of room.members.values()) {
    if (m !== mine) m.media.closeConsumersWhere((ownerId) => ownerId === participantId && !mediaAllowed(room, m, ownerId));
  }
}

/** Consumer ids closed per viewer while `collectClosedConsumers` runs (null: not collecting). */
let collecting: Map<Member, string[]> | null = null;

/**
 * Runs `fn` (which closes consumers, synchronously) and returns the ids it closed, per viewer,
 * instead of telling each viewer one consumer at a time: a move sends each person one
 * `media:consumers` listing everything it closed and created for them.
 */
export function collectClosedConsumers(fn: () => void): Map<Member, string[]> {
  const outer = collecting;
  const mine = new Map<Member, string[]>();
  collecting = mine;
  try {
    fn();
  } finally {
    collecting = outer;
  }
  return mine;
}

/** A consumer made for a viewer and not yet announced to them. */
interface Created {
  consumer: types.Consumer;
  payload: NotificationPayload<'media:newConsumer'>;
}

/**
 * Creates the consumers the movers' new spaces allow, in both directions (the worker pipelines
 * the requests, so they are issued together), then tells every viewer concerned once: one
 * `media:consumers` with the consumers the move closed for them (`closed`, already closed on the
 * server) and the ones it created. `consume` refuses duplicates and anything the policy no longer
 * allows by the time the worker answers.
 */
export async function openMediaFor(room: Room, ids: readonly string[], closed: ReadonlyMap<Member, string[]> = new Map()): Promise<void> {
  const pending = new Map<Member, Array<Promise<Created | null>>>();
  const made = (viewer: Member, producer: types.Producer) => {
    const mine = pending.get(viewer) ?? [];
    pending.set(viewer, mine);
    mine.push(consume(room, viewer, producer));
  };
  for (const id of ids) {
    const mover = room.members.get(id);
    if (!mover) continue;
    for (const other of room.members.values()) {
      if (other === mover) continue;
      for (const producer of other.media.producers.values()) made(mover, producer);
      for (const producer of mover.media.producers.values()) made(other, producer);
    }
  }
  // Each viewer is told as soon as its own consumers exist, not when everyone's do: the mover's
  // first picture waited for the worker to make the new space's consumers *of* the mover too
  // (issue 17). What a message may carry is decided in `announce` when it is sent, as before.
  for (const viewer of closed.keys()) if (!pending.has(viewer)) announce(room, viewer, closed.get(viewer) ?? [], []);
  await Promise.all(
    [...pending].map(async ([viewer, list]) => {
      const created = (await Promise.all(list)).filter((c): c is Created => c !== null);
      announce(room, viewer, closed.get(viewer) ?? [], created);
    }),
  );
}

/** Sends each viewer its closed consumers now, in one message (those a move only takes from). */
export function announceClosed(room: Room, closed: ReadonlyMap<Member, string[]>): void {
  for (const [viewer, ids] of closed) announce(room, viewer, ids, []);
}

/** Every producer the viewer's space offers, consumed for them (after they set capabilities, made
 * a recv transport, or joined with transports made before joining), announced in one message. */
export async function consumeSpaceFor(room: Room, viewer: Member): Promise<void> {
  const pending: Array<Promise<Created | null>> = [];
  for (const other of room.members.values()) {
    if (other === viewer) continue;
    for (const producer of other.media.producers.values()) pending.push(consume(room, viewer, producer));
  }
  const created = (await Promise.all(pending)).filter((c): c is Created => c !== null);
  announce(room, viewer, [], created);
}

/**
 * Tells one viewer, in one message, what was closed and what was created for them. A created
 * consumer is announced only if it is still open and still allowed now (a later move may have
 * closed it while the others were being made); one that cannot be announced is closed.
 */
function announce(room: Room, viewer: Member, closed: string[], created: Created[]): void {
  const live = created.filter(({ consumer, payload }) => !consumer.closed && viewer.media.consumers.get(consumer.id) === consumer && mediaAllowed(room, viewer, payload.participantId));
  for (const c of created) if (!live.includes(c)) c.consumer.close();
  if (closed.length === 0 && live.length === 0) return;
  const sent = send(room.recipient(viewer), 'media:consumers', { closed, created: live.map((c) => c.payload) }, { kind: 'self', participantId: viewer.participantId });
  if (!sent) for (const c of live) c.consumer.close();
}

/** One consumer (someone in the viewer's space started sending), announced on its own. */
function announceOne(room: Room, viewer: Member, { consumer, payload }: Created): void {
  const owner = room.state.person(payload.participantId);
  const sent = owner && send(room.recipient(viewer), 'media:newConsumer', payload, { kind: 'space', space: owner.space, channel: 'media' });
  if (!sent) consumer.close();
}

/** Consumers being created right now, per viewer, by producer id (so concurrent calls do not duplicate). */
const inFlight = new WeakMap<Member, Set<string>>();

/**
 * Server-side consumer creation: only between two people in the same space (the policy's 'media'
 * channel), only once per producer, paused until the viewer asks to resume. Returns what the
 * caller announces to the viewer (null when nothing was created).
 */
export async function consume(room: Room, viewer: Member, producer: types.Producer): Promise<Created | null> {
  const info = producer.appData as unknown as ProducerInfo;
  if (!mediaAllowed(room, viewer, info.participantId) || producer.closed) return null;
  const caps = viewer.media.rtpCapabilities;
  const transport = viewer.media.recvTransport;
  if (!caps || !transport) return null;
  for (const c of viewer.media.consumers.values()) if (c.producerId === producer.id) return null;
  let busy = inFlight.get(viewer);
  if (!busy) inFlight.set(viewer, (busy = new Set()));
  if (busy.has(producer.id)) return null;
  if (!room.deps.sfu.router.canConsume({ producerId: producer.id, rtpCapabilities: caps })) return null;
  let consumer: types.Consumer;
  busy.add(producer.id);
  try {
    const appData: ConsumerInfo = { ownerId: info.participantId, producerId: producer.id };
    consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: caps, paused: true, appData: { ...appData } });
  } catch (err) {
    room.ctx.log.warn({ err }, 'consume failed');
    return null;
  } finally {
    busy.delete(producer.id);
  }
  // The world may have moved on while the worker answered.
  if (!mediaAllowed(room, viewer, info.participantId) || producer.closed || transport.closed) {
    consumer.close();
    return null;
  }
  viewer.media.consumers.set(consumer.id, consumer);
  const self: Audience = { kind: 'self', participantId: viewer.participantId };
  const r = room.recipient(viewer);
  trackConsumer(consumer, () => {
    viewer.media.consumers.delete(consumer.id);
    // Inside a move's close step: reported in the move's one message to this viewer.
    if (collecting) collecting.set(viewer, [...(collecting.get(viewer) ?? []), consumer.id]);
    else send(r, 'media:consumerClosed', { consumerId: consumer.id }, self);
  });
  consumer.on('producerpause', () => send(r, 'media:consumerPaused', { consumerId: consumer.id }, self));
  consumer.on('producerresume', () => send(r, 'media:consumerResumed', { consumerId: consumer.id }, self));
  return {
    consumer,
    payload: {
      consumerId: consumer.id,
      producerId: producer.id,
      participantId: info.participantId,
      kind: consumer.kind,
      source: info.source,
      rtpParameters: consumer.rtpParameters,
      producerPaused: consumer.producerPaused,
      ...(info.interpretation ? { interpretation: true } : {}),
    },
  };
}

/** Both online, both in the same space, and the policy lets the viewer receive that space's media. */
function mediaAllowed(room: Room, viewer: Member, ownerId: string): boolean {
  if (room.members.get(viewer.participantId) !== viewer || !room.members.has(ownerId)) return false;
  const v = room.viewerOf(viewer.participantId);
  const owner = room.state.person(ownerId);
  if (!v || !owner) return false;
  return v.space === owner.space && mayReceive(v, { kind: 'space', space: owner.space, channel: 'media' });
}

export async function produce(room: Room, member: Member, transport: types.WebRtcTransport, kind: 'audio' | 'video', rtpParameters: types.RtpParameters, source: MediaSource): Promise<Result<{ producerId: string }>> {
  for (const p of member.media.producers.values()) {
    if ((p.appData as unknown as ProducerInfo).source === source) return fail(ErrorCode.CONFLICT, `You already send your ${source}; close it first.`);
  }
  if ((source === 'mic') !== (kind === 'audio')) return fail(ErrorCode.BAD_REQUEST, 'mic must be audio and cam must be video.');
  let producer: types.Producer;
  try {
    // The server, not the client, says what a producer is: an interpreter's microphone is the
    // interpretation channel (listeners choose it or the original; the same 'media' policy applies).
    const interpretation = kind === 'audio' && room.state.person(member.participantId)?.role === 'interpreter';
    const appData: ProducerInfo = { participantId: member.participantId, source, ...(interpretation ? { interpretation } : {}) };
    producer = await transport.produce({ kind, rtpParameters, appData: { ...appData } });
  } catch (err) {
    return fail(ErrorCode.BAD_REQUEST, `mediasoup refused the producer: ${(err as Error).message}`);
  }
  if (room.members.get(member.participantId) !== member || transport.closed) {
    producer.close();
    return fail(ErrorCode.CONFLICT, 'You left the room.');
  }
  trackProducer(producer);
  member.media.producers.set(producer.id, producer);
  producer.observer.once('close', () => {
    member.media.producers.delete(producer.id);
    room.setMuted(member.participantId, source, true);
  });
  if (kind === 'audio') await room.deps.sfu.levels.addProducer({ producerId: producer.id }).catch(() => undefined);
  room.setMuted(member.participantId, source, producer.paused);
  await Promise.all(
    [...room.members.values()].filter((other) => other !== member).map(async (other) => {
      const c = await consume(room, other, producer);
      if (c) announceOne(room, other, c);
    }),
  );
  return ok({ producerId: producer.id });
}

