/**
 * The join page's pre-connection: while the person looks at their preview, their connection (not
 * joined: nobody in the room, not even the waiting room) gets both WebRTC transports on the
 * session's router, connected (ICE and DTLS done), so "Join" only joins and consumes.
 *
 * What makes the browser connect a transport before any audio or video: a data channel on each.
 * mediasoup-client connects a send transport on its first produce and a receiving one on its first
 * consume. Producing the camera paused would do for the send side, but the server would then hold
 * a producer of someone's camera before they chose to be seen (one pause bug away from showing
 * them), it does not work for observers (no camera) or the receiving side. A data channel carries
 * nothing about anyone: the receiving transport consumes a silent server-side source (the same
 * for everyone), the sending one opens a channel the server never reads or forwards.
 *
 * Everything here touches only the caller's own `PeerMedia`; no room state is read or changed and
 * nothing is sent to anyone (the room's egress addresses members only, and this connection is not
 * one until `session:join`). The transports survive the join, into the waiting room as well, so
 * admission is as fast as the click.
 */
import type { types } from 'mediasoup';
import { validateRtpCapabilities } from 'mediasoup/lib/ortc.js';
import { can, ErrorCode, fail, ok, type ParsedRequest, type PreconnectWire, type Result, type Role } from '@mediation/shared';
import type { PeerMedia } from './peerMedia.js';
import type { SessionRouter } from './sessionRouter.js';

export interface PrejoinCaller {
  participantId: string;
  role: Role;
  media: PeerMedia;
}

/** Creates (or replaces) the caller's transport for one direction, with SCTP, and for a receiving
 * one the data consumer of the router's silent source. */
export async function preconnect(sfu: SessionRouter, caller: PrejoinCaller, direction: 'send' | 'recv'): Promise<Result<PreconnectWire>> {
  if (direction === 'send' && !can(caller.role, 'produce')) return fail(ErrorCode.FORBIDDEN, 'Observers do not send audio or video.');
  // One transport per direction, as after joining: a new one replaces the old.
  for (const t of caller.media.transports.values()) if ((t.appData as { direction: string }).direction === direction) t.close();
  const transport = await sfu.createWebRtcTransport({ participantId: caller.participantId, direction }, { sctp: true });
  caller.media.transports.set(transport.id, transport);
  transport.observer.once('close', () => {
    caller.media.transports.delete(transport.id);
    for (const [id, d] of caller.media.dataProducers) if (d.closed || (d.appData as { transportId?: string }).transportId === transport.id) caller.media.dataProducers.delete(id);
  });
  let dataConsumer: PreconnectWire['dataConsumer'] = null;
  if (direction === 'recv') {
    const source = await sfu.silentDataSource();
    const dc = await transport.consumeData({ dataProducerId: source.id });
    dataConsumer = { id: dc.id, dataProducerId: source.id, sctpStreamParameters: dc.sctpStreamParameters, label: dc.label, protocol: dc.protocol };
  }
  return ok({
    id: transport.id,
    iceParameters: transport.iceParameters,
    iceCandidates: transport.iceCandidates,
    dtlsParameters: transport.dtlsParameters,
    sctpParameters: transport.sctpParameters,
    dataConsumer,
  });
}

/** The caller's DTLS parameters for one of its own transports (before joining). */
export async function connectOwnTransport(caller: PrejoinCaller, transportId: string, dtlsParameters: unknown): Promise<Result<Record<string, never>>> {
  const transport = caller.media.transportOf(transportId);
  if (!transport) return fail(ErrorCode.NOT_FOUND, 'No such transport on your connection.');
  try {
    await transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
  } catch (err) {
    return fail(ErrorCode.BAD_REQUEST, `Cannot connect the transport: ${(err as Error).message}`);
  }
  return ok({});
}

/** The pre-connection's one data channel on the caller's own send transport. Nothing listens to
 * it: whatever a client writes into it is dropped by the worker. */
export async function produceData(caller: PrejoinCaller, p: ParsedRequest<'media:produceData'>): Promise<Result<{ dataProducerId: string }>> {
  const transport = caller.media.transportOf(p.transportId, 'send');
  if (!transport) return fail(ErrorCode.NOT_FOUND, 'No such send transport on your connection.');
  for (const d of caller.media.dataProducers.values()) {
    if (!d.closed && (d.appData as { transportId?: string }).transportId === transport.id) return fail(ErrorCode.CONFLICT, 'This transport already has its data channel.');
  }
  let dataProducer: types.DataProducer;
  try {
    dataProducer = await transport.produceData({ sctpStreamParameters: p.sctpStreamParameters as types.SctpStreamParameters, label: p.label, protocol: p.protocol, appData: { transportId: transport.id } });
  } catch (err) {
    return fail(ErrorCode.BAD_REQUEST, `mediasoup refused the data channel: ${(err as Error).message}`);
  }
  if (transport.closed) {
    dataProducer.close();
    return fail(ErrorCode.CONFLICT, 'That transport was closed.');
  }
  caller.media.dataProducers.set(dataProducer.id, dataProducer);
  return ok({ dataProducerId: dataProducer.id });
}

/** What the caller's browser can receive, checked by mediasoup's own structural check (on a copy:
 * it fills in defaults as it goes); used before and after joining alike. */
export function declareRtpCapabilities(media: PeerMedia, rtpCapabilities: unknown): Result<Record<string, never>> {
  const caps = structuredClone(rtpCapabilities) as types.RtpCapabilities;
  try {
    validateRtpCapabilities(caps);
  } catch (err) {
    return fail(ErrorCode.BAD_REQUEST, `Invalid RTP capabilities: ${(err as Error).message}`);
  }
  media.rtpCapabilities = caps;
  return ok({});
}
