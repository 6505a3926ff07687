/**
 * Media follows membership: consumers exist only between two people in the same space, are
 * created by the server (paused), and are closed before a move is acknowledged. Everything here
 * runs inside the room queue.
 */
import type { types } from 'mediasoup';
import { ErrorCode, fail, ok, type MediaSource, type Result } from '@mediation/shared';
import { mayReceive, send, type Audience } from '../egress.js';
import type { ConsumerInfo, ProducerInfo } from '../media/peerMedia.js';
import { trackConsumer, trackProducer } from '../media/sessionRouter.js';
import type { Member, Room } from './room.js';

/** Closes every consumer that carries media to or from this person. */
export function closeMediaBetween(room: Room, participantId: string): void {
  const mine = room.members.get(participantId);
  mine?.media.closeAllConsumers();
  for (const m of room.members.values()) if (m !== mine) m.media.closeConsumersOf(participantId);
}

/**
 * Creates the consumers the movers' new spaces allow, in both directions. The worker pipelines
 * requests, so they are issued together; `consume` itself refuses duplicates and anything the
 * policy no longer allows by the time the worker answers.
 */
export async function openMediaFor(room: Room, ids: readonly string[]): Promise<void> {
  const pending: Promise<void>[] = [];
  for (const id of ids) {
    const mover = room.members.get(id);
    if (!mover) continue;
    for (const other of room.members.values()) {
      if (other === mover) continue;
      for (const producer of other.media.producers.values()) pending.push(consume(room, mover, producer));
      for (const producer of mover.media.producers.values()) pending.push(consume(room, other, producer));
    }
  }
  await Promise.all(pending);
}

/** Every producer the viewer's space offers, consumed for them (after they set capabilities or a recv transport). */
export async function consumeSpaceFor(room: Room, viewer: Member): Promise<void> {
  const pending: Promise<void>[] = [];
  for (const other of room.members.values()) {
    if (other === viewer) continue;
    for (const producer of other.media.producers.values()) pending.push(consume(room, viewer, producer));
  }
  await Promise.all(pending);
}

/** Consumers being created right now, per viewer, by producer id (so concurrent calls do not duplicate). */
const inFlight = new WeakMap<Member, Set<string>>();

/**
 * Server-side consumer creation: only between two people in the same space (the policy's 'media'
 * channel), only once per producer, paused until the viewer asks to resume.
 */
export async function consume(room: Room, viewer: Member, producer: types.Producer): Promise<void> {
  const info = producer.appData as unknown as ProducerInfo;
  if (!mediaAllowed(room, viewer, info.participantId) || producer.closed) return;
  const caps = viewer.media.rtpCapabilities;
  const transport = viewer.media.recvTransport;
  if (!caps || !transport) return;
  for (const c of viewer.media.consumers.values()) if (c.producerId === producer.id) return;
  let busy = inFlight.get(viewer);
  if (!busy) inFlight.set(viewer, (busy = new Set()));
  if (busy.has(producer.id)) return;
  if (!room.deps.sfu.router.canConsume({ producerId: producer.id, rtpCapabilities: caps })) return;
  let consumer: types.Consumer;
  busy.add(producer.id);
  try {
    const appData: ConsumerInfo = { ownerId: info.participantId, producerId: producer.id };
    consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: caps, paused: true, appData: { ...appData } });
  } catch (err) {
    room.ctx.log.warn({ err }, 'consume failed');
    return;
  } finally {
    busy.delete(producer.id);
  }
  // The world may have moved on while the worker answered.
  if (!mediaAllowed(room, viewer, info.participantId) || producer.closed || transport.closed) {
    consumer.close();
    return;
  }
  viewer.media.consumers.set(consumer.id, consumer);
  const self: Audience = { kind: 'self', participantId: viewer.participantId };
  const r = room.recipient(viewer);
  trackConsumer(consumer, () => {
    viewer.media.consumers.delete(consumer.id);
    send(r, 'media:consumerClosed', { consumerId: consumer.id }, self);
  });
  consumer.on('producerpause', () => send(r, 'media:consumerPaused', { consumerId: consumer.id }, self));
  consumer.on('producerresume', () => send(r, 'media:consumerResumed', { consumerId: consumer.id }, self));
  const ownerSpace = room.state.person(info.participantId)!.space;
  const sent = send(r, 'media:newConsumer', {
    consumerId: consumer.id,
    producerId: producer.id,
    participantId: info.participantId,
    kind: consumer.kind,
    source: info.source,
    rtpParameters: consumer.rtpParameters,
    producerPaused: consumer.producerPaused,
  }, { kind: 'space', space: ownerSpace, channel: 'media' });
  if (!sent) consumer.close();
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
    const appData: ProducerInfo = { participantId: member.participantId, source };
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
  await Promise.all([...room.members.values()].filter((other) => other !== member).map((other) => consume(room, other, producer)));
  return ok({ producerId: producer.id });
}

