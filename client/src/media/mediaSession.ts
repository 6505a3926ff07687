/**
 * One connection's media over mediasoup: device, one send and one recv transport, our producers,
 * and the consumers the server creates for us. The server decides what we consume (it sends
 * `media:newConsumer`); we only attach, resume and close what it names.
 * A reconnect builds a new MediaSession (the server's transports die with the old socket).
 */
import { mediaTrouble } from '../lib/mediaErrors';
import type { Device, types as ms } from 'mediasoup-client';
import { PRECONNECT_LABEL, type MediaSource, type NotificationPayload, type PreconnectWire, type Result } from '@mediation/shared';
import type { Requester } from '../socket';
import { mark } from '../lib/marks';

export interface RemoteTrack {
  consumerId: string;
  participantId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  track: MediaStreamTrack;
  paused: boolean;
  /** An interpreter's microphone (the server's tag): the listener may choose it over the original. */
  interpretation?: boolean;
}

export interface MediaEvents {
  onRemoteTracks(tracks: RemoteTrack[]): void;
  onTransportState(direction: 'send' | 'recv', state: string): void;
  onError(message: string): void;
}

export interface ConsumerStats {
  kind: 'audio' | 'video';
  participantId: string;
  consumerId: string;
  framesDecoded?: number;
  packetsReceived?: number;
  bytesReceived?: number;
}

type NewConsumer = NotificationPayload<'media:newConsumer'>;
type ConsumerBatch = NotificationPayload<'media:consumers'>;

export interface LocalTracks {
  audio?: MediaStreamTrack;
  video?: MediaStreamTrack;
  audioMuted: boolean;
  videoMuted: boolean;
}

function unwrap<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

/** mediasoup-client is loaded on demand (the join page prefetches it), keeping it out of the
 * first script the browser has to parse. */
export const loadMediasoupClient = () => import('mediasoup-client');
/** How long sending waits for the receivers a join brought (see MediaSession.start). */
const RECEIVE_FIRST_MAX_MS = 1500;
/** The longest a move waits for the new space's first video (firstPicture): its closed receivers, the room's frame. */
const FIRST_PICTURE_MAX_WAIT_MS = 1500;
/** After the first packets of that video: its key frame is decoding. */
const FIRST_PICTURE_AFTER_PACKET_MS = 100;
const loadDevice = async (): Promise<Device> => new (await loadMediasoupClient()).Device();

/** A device loaded with the session router's capabilities before joining (the server answers
 * that request before the join), so "Join" does not wait for the device. Null when it cannot:
 * `start` then loads one itself. */
export async function preloadDevice(request: Requester, createDevice: () => Device | Promise<Device> = loadDevice): Promise<Device | null> {
  const r = await request('media:getRouterCapabilities', {});
  if (!r.ok) return null;
  const device = await createDevice();
  await device.load({ routerRtpCapabilities: r.data.rtpCapabilities as ms.RtpCapabilities });
  return device;
}

export class MediaSession {
  private device: Device | null = null;
  private send: ms.Transport | null = null;
  private recv: ms.Transport | null = null;
  private producers = new Map<MediaSource, ms.Producer>();
  private consumers = new Map<string, { consumer: ms.Consumer; info: NewConsumer; paused: boolean }>();
  /** Consumers being created, so a close or pause never overtakes its own creation. */
  private pending = new Map<string, Promise<void>>();
  /** Closed by the server while still being created: dropped as soon as creation finishes. */
  private cancelled = new Set<string>();
  /** Consumes whose receivers are still being made (see `start`: sending waits for them). */
  private creating = new Set<Promise<unknown>>();
  private recvReady: Promise<void>;
  private prepared: Promise<void> | null = null;
  private producing = false;
  /** The pre-connection's data channels: kept open (they carry nothing) until the session closes. */
  private dataChannels: Array<{ close(): void }> = [];
  private markRecvReady!: () => void;
  private closed = false;

  constructor(
    private readonly request: Requester,
    private readonly events: MediaEvents,
    /** Injectable for unit tests (mediasoup-client's FakeHandler); browsers use the default. */
    private readonly createDevice: () => Device | Promise<Device> = loadDevice,
  ) {
    this.recvReady = new Promise((resolve) => (this.markRecvReady = resolve));
  }

  /**
   * Both transports and the device, ready before anything is sent or received; at the same time
   * the device gets ready (the one loaded before joining, or one loaded now) and the server learns
   * what we can receive. With `preconnect` (the join page, before joining) the transports come
   * from `media:preconnect` and each opens a data channel at once, which makes the browser connect
   * it (ICE and DTLS): the click on "Join" then consumes over transports that are already up.
   * Data channels rather than a paused camera: nothing of the person reaches the server before
   * they choose to join, and it works for observers, who send nothing.
   */
  prepare(opts: { canProduce: boolean; preloaded?: Promise<Device | null>; preconnect?: boolean }): Promise<void> {
    this.prepared ??= this.setUp(opts);
    return this.prepared;
  }

  private async setUp(opts: { canProduce: boolean; preloaded?: Promise<Device | null>; preconnect?: boolean }): Promise<void> {
    // Pipelined: the server handles one connection's requests in order, so capabilities declared
    // right behind the transport requests find the receiving transport already there.
    const create = (direction: 'send' | 'recv') => (opts.preconnect ? this.request('media:preconnect', { direction }) : this.request('media:createTransport', { direction }));
    const [recvOpts, sendOpts, device] = await Promise.all([create('recv'), opts.canProduce ? create('send') : Promise.resolve(null), this.readyDevice(opts.preloaded)]);
    mark('media-setup-answered');
    this.device = device;
    if (this.closed) return;
    const recvData = unwrap(recvOpts, 'recv transport') as ms.TransportOptions & Partial<PreconnectWire>;
    this.recv = device.createRecvTransport(recvData);
    this.wireTransport(this.recv, 'recv');
    this.markRecvReady();
    if (sendOpts) {
      this.send = device.createSendTransport(unwrap(sendOpts, 'send transport') as ms.TransportOptions);
      this.wireTransport(this.send, 'send');
      this.send.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const source = (appData as { source: MediaSource }).source;
        void this.request('media:produce', { transportId: this.send!.id, kind, rtpParameters: rtpParameters as never, source }).then((r) =>
          r.ok ? callback({ id: r.data.producerId }) : errback(new Error(r.error.message)),
        );
      });
    }
    if (opts.preconnect) this.connectEarly(recvData.dataConsumer ?? null);
  }

  /** Opens the pre-connection's data channels (see `prepare`); failures only cost the head start. */
  private connectEarly(dataConsumer: PreconnectWire['dataConsumer']): void {
    const recv = this.recv;
    if (recv && dataConsumer) {
      void recv
        .consumeData({ id: dataConsumer.id, dataProducerId: dataConsumer.dataProducerId, sctpStreamParameters: dataConsumer.sctpStreamParameters as ms.SctpStreamParameters, label: dataConsumer.label, protocol: dataConsumer.protocol })
        .then((dc) => (this.dataChannels.push(dc), undefined))
        .catch(() => undefined);
    }
    const send = this.send;
    if (send) {
      send.on('producedata', ({ sctpStreamParameters, protocol }, callback, errback) => {
        void this.request('media:produceData', { transportId: send.id, sctpStreamParameters: sctpStreamParameters as never, label: PRECONNECT_LABEL, protocol: protocol as '' }).then((r) =>
          r.ok ? callback({ id: r.data.dataProducerId }) : errback(new Error(r.error.message)),
        );
      });
      void send
        .produceData({ label: PRECONNECT_LABEL, protocol: '' })
        .then((dp) => (this.dataChannels.push(dp), undefined))
        .catch(() => undefined);
    }
  }

  /** Prepares (unless `prepare` ran already, e.g. on the join page) and then produces the given
   * local tracks (muted ones start paused). Receiving is ready before waiting for the camera. */
  async start(opts: { canProduce: boolean; local: () => Promise<LocalTracks>; preloaded?: Promise<Device | null> }): Promise<void> {
    await this.prepare(opts);
    const device = this.device;
    if (this.closed || !this.send || !device || this.producing) return;
    this.producing = true;
    // What the person came to see comes first: the consumes a join (or an admission) brought are
    // in flight by now (the server sends them before it answers the join), and their
    // renegotiation and the producers' share Chrome's one WebRTC signalling thread; run together,
    // each slows the other, and the producers' synchronous parameter calls block the page's main
    // thread behind the consumes' SDP work (10-16 ms each, seen in a trace of the join). Others
    // see this person a renegotiation later (~100 ms); bounded, so a stuck consume cannot keep
    // anyone from being seen.
    const [tracks] = await Promise.all([opts.local(), this.receiversMade(RECEIVE_FIRST_MAX_MS)]);
    if (this.closed) return;
    const jobs: Promise<void>[] = [];
    if (tracks.audio && device.canProduce('audio')) jobs.push(this.produce('mic', tracks.audio, tracks.audioMuted));
    if (tracks.video && device.canProduce('video')) jobs.push(this.produce('cam', tracks.video, tracks.videoMuted));
    await Promise.all(jobs);
  }

  /** The loaded device, its capabilities already declared to the server. */
  private async readyDevice(preloaded: Promise<Device | null> | undefined): Promise<Device> {
    let device = preloaded ? await preloaded.catch(() => null) : null;
    if (!device) {
      const caps = unwrap(await this.request('media:getRouterCapabilities', {}), 'router capabilities');
      device = await this.createDevice();
      await device.load({ routerRtpCapabilities: caps.rtpCapabilities as ms.RtpCapabilities });
    }
    mark('device-loaded');
    unwrap(await this.request('media:setRtpCapabilities', { rtpCapabilities: device.rtpCapabilities as never }), 'rtp capabilities');
    mark('rtp-capabilities-answered');
    return device;
  }

  private wireTransport(t: ms.Transport, direction: 'send' | 'recv'): void {
    t.on('connect', ({ dtlsParameters }, callback, errback) => {
      void this.request('media:connectTransport', { transportId: t.id, dtlsParameters: dtlsParameters as never }).then((r) =>
        r.ok ? callback() : errback(new Error(r.error.message)),
      );
    });
    t.on('connectionstatechange', (state) => this.events.onTransportState(direction, state));
  }

  private async produce(source: MediaSource, track: MediaStreamTrack, paused: boolean): Promise<void> {
    if (!this.send || this.closed) return;
    mark('first-produce-started');
    try {
      const producer = await this.send.produce({
        track,
        appData: { source },
        // Tracks belong to the page, not the producer: a reconnect re-produces the same tracks.
        stopTracks: false,
        disableTrackOnPause: true,
        zeroRtpOnPause: true,
        codecOptions: source === 'mic' ? { opusDtx: true, opusFec: true } : { videoGoogleStartBitrate: 1000 },
      });
      this.producers.set(source, producer);
      mark('first-producer-created');
      if (paused) await this.setPaused(source, true);
    } catch (err) {
      this.events.onError(mediaTrouble.sendFailed(source, err));
    }
  }

  hasProducer(source: MediaSource): boolean {
    return this.producers.has(source);
  }

  /** Sends a different device's track: swaps it into the existing producer (no renegotiation),
   * or starts producing it if this source was not sent before. */
  async useTrack(source: MediaSource, track: MediaStreamTrack, paused: boolean): Promise<void> {
    const producer = this.producers.get(source);
    if (producer) await producer.replaceTrack({ track });
    else await this.produce(source, track, paused);
  }

  async setPaused(source: MediaSource, paused: boolean): Promise<Result<Record<string, never>> | null> {
    const producer = this.producers.get(source);
    if (!producer) return null;
    if (paused) producer.pause();
    else producer.resume();
    return this.request(paused ? 'media:pauseProducer' : 'media:resumeProducer', { producerId: producer.id });
  }

  /**
   * Consumes start at once (not one after another) so mediasoup-client can batch them into one
   * SDP renegotiation; a later close or pause of the same consumer waits for its own creation.
   */
  onNewConsumer(info: NewConsumer): void {
    mark('first-consumer-offered');
    const task = this.consume(info).catch((err: unknown) => {
      if (!this.closed) this.events.onError(mediaTrouble.receiveFailed(err));
    });
    this.pending.set(info.consumerId, task);
    void task.finally(() => {
      if (this.pending.get(info.consumerId) === task) this.pending.delete(info.consumerId);
    });
  }

  private async consume(info: NewConsumer): Promise<void> {
    await this.recvReady;
    if (this.closed || !this.recv) return;
    const consumer = await this.recv.consume({ id: info.consumerId, producerId: info.producerId, kind: info.kind, rtpParameters: info.rtpParameters as ms.RtpParameters });
    if (this.closed || this.cancelled.has(info.consumerId)) {
      this.cancelled.delete(info.consumerId);
      consumer.close();
      return;
    }
    mark('first-consumer-created');
    this.consumers.set(info.consumerId, { consumer, info, paused: info.producerPaused });
    consumer.on('trackended', () => this.onConsumerClosed(info.consumerId));
    this.emitTracks();
    // Not awaited: the server holds the resume until ICE settles, and the next consumer should
    // not queue behind that wait.
    void this.request('media:resumeConsumer', { consumerId: info.consumerId }).then((r) => {
      if (!r.ok && r.error.code !== 'NOT_FOUND' && !this.closed) this.events.onError(mediaTrouble.resumeFailed(r.error));
    });
  }

  /**
   * A move's or a join's consumer changes, in one message, in two SDP renegotiations whatever their
   * number: one that adds every created consumer, then one that removes every closed one (once
   * the new video's first packets are in: see `firstPicture`, and `closeTogether`).
   *
   * The order is what the first picture of the new space needs. The consumes are issued before
   * anything else (synchronously when the receiving transport exists), so the renegotiation starts
   * at once; the room's re-render waits for it (RoomSession holds the store's renders). The closed
   * ones leave the screen with that render (their tracks end here; the server closed them before
   * it made anything of the new space, so nothing arrives on them), and their SDP removal waits
   * for the new picture.
   */
  onConsumers({ closed, created }: ConsumerBatch): Promise<void> {
    if (created.length > 0) mark('first-consumer-offered');
    const retired: ms.Consumer[] = [];
    for (const id of closed) {
      if (this.pending.has(id) && !this.consumers.has(id)) this.cancelled.add(id);
      const entry = this.consumers.get(id);
      if (!entry) continue;
      this.consumers.delete(id);
      retired.push(entry.consumer);
      // Their tracks end now, before the consumes below start the renegotiation: ending a remote
      // audio track is a call the page's main thread makes to WebRTC's signalling thread and waits
      // for, and once setRemoteDescription runs there the call waits for all of it (a Chrome trace
      // of a move: 19 ms of the main thread, the SDP's own continuations queued behind it). The
      // server closed these consumers before telling us; nothing more arrives on them.
      entry.consumer.track.stop();
    }
    const made = this.makeReceivers(created);
    const task = made.then((kept) => this.resume(kept)).catch((err: unknown) => {
      if (!this.closed) this.events.onError(mediaTrouble.receiveFailed(err));
    });
    for (const info of created) this.pending.set(info.consumerId, task);
    void task.finally(() => {
      for (const info of created) if (this.pending.get(info.consumerId) === task) this.pending.delete(info.consumerId);
    });
    const picture = created.length > 0 ? this.firstPicture(made) : Promise.resolve();
    if (retired.length > 0) {
      this.emitTracks();
      if (created.length > 0) void picture.then(() => this.closeTogether(retired));
      else this.closeTogether(retired);
    }
    return picture;
  }

  /**
   * Closes consumers in one SDP renegotiation. mediasoup-client takes the closes issued while one
   * is in progress together, but on an idle transport the first close starts alone (two
   * renegotiations where one would do). So the closes are issued as if one were in progress, then
   * started as one. This uses mediasoup-client's `_consumerCloseInProgress` field (3.x), checked
   * first: without it the closes go one by one as before, correct and a renegotiation slower
   * (mediaSession.test.ts counts them, so an upgrade that changes this is seen).
   */
  private closeTogether(consumers: ms.Consumer[]): void {
    const transport = this.recv as unknown as { _consumerCloseInProgress?: unknown; closePendingConsumers?: () => void } | null;
    const batchable = transport && transport._consumerCloseInProgress === false && typeof transport.closePendingConsumers === 'function';
    if (!batchable) {
      consumers.forEach((c) => c.close());
      return;
    }
    transport._consumerCloseInProgress = true;
    consumers.forEach((c) => c.close());
    transport.closePendingConsumers!();
  }

  /**
   * Settles once a new video's first packets are in (then a moment for its key frame's decoding to
   * start), at once if there is no new video (or only paused ones), and at the latest after
   * FIRST_PICTURE_MAX_WAIT_MS.
   *
   * A move's closed receivers are removed from the SDP then (onConsumers): removing them earlier
   * puts that renegotiation exactly where the new space's first picture arrives; it runs on
   * Chrome's WebRTC threads, which also take in the sender's key frame, and the page's main thread
   * waits on them when it attaches the new tracks. Move bench, 24 moves alternated in pairs
   * (session 28): 487 -> 464 ms median, resume to first packet ~100 -> ~77. Nothing is kept that
   * could carry media: the server closed these consumers before it told us, and their tracks were
   * stopped in onConsumers; only their SDP lines wait. The room's frame waits for it too (see
   * RoomSession).
   */
  private async firstPicture(made: Promise<string[]>): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_PICTURE_MAX_WAIT_MS)));
    const firstPackets = made.then((kept) => {
      // A paused camera sends nothing: nothing to wait for.
      const waiting = kept.flatMap((id) => {
        const entry = this.consumers.get(id);
        const track = entry?.consumer.track;
        return track && track.kind === 'video' && track.muted && !entry.paused ? [track] : [];
      });
      if (waiting.length === 0) return;
      return Promise.race(waiting.map((t) => new Promise<void>((resolve) => t.addEventListener('unmute', () => setTimeout(resolve, FIRST_PICTURE_AFTER_PACKET_MS), { once: true }))));
    });
    await Promise.race([firstPackets.catch(() => undefined), cap]);
    clearTimeout(timer);
  }

  /** Creates the consumers' receivers in one renegotiation; resolves with the ids kept. */
  private makeReceivers(list: NewConsumer[]): Promise<string[]> {
    if (list.length === 0) return Promise.resolve([]);
    // Synchronously when the receiving transport is ready (see onConsumers); otherwise after it.
    const made = this.recv ? this.createAll(this.recv, list) : this.recvReady.then(() => (this.recv ? this.createAll(this.recv, list) : []));
    this.creating.add(made);
    void made.finally(() => this.creating.delete(made)).catch(() => undefined);
    return made;
  }

  /** Settles when the consumes in flight now have their receivers (or failed), or after `maxMs`. */
  receiversMade(maxMs: number): Promise<void> {
    if (this.creating.size === 0) return Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)));
    return Promise.race([Promise.allSettled([...this.creating]).then(() => undefined), cap]).finally(() => clearTimeout(timer));
  }

  /** Creates the consumers in one renegotiation; resolves with the ids kept (not cancelled meanwhile). */
  private async createAll(recv: ms.Transport, list: NewConsumer[]): Promise<string[]> {
    if (this.closed) return [];
    mark('first-consume-started');
    // Called in one go: mediasoup-client batches consumes issued together into one renegotiation.
    const made = await Promise.all(
      list.map((info) =>
        recv
          .consume({ id: info.consumerId, producerId: info.producerId, kind: info.kind, rtpParameters: info.rtpParameters as ms.RtpParameters })
          .then((consumer) => ({ info, consumer }))
          .catch((err: unknown) => {
            if (!this.closed) this.events.onError(mediaTrouble.receiveFailed(err));
            return null;
          }),
      ),
    );
    const kept: string[] = [];
    for (const m of made) {
      if (!m) continue;
      const { info, consumer } = m;
      if (this.closed || this.cancelled.has(info.consumerId)) {
        this.cancelled.delete(info.consumerId);
        consumer.close();
        continue;
      }
      this.consumers.set(info.consumerId, { consumer, info, paused: info.producerPaused });
      consumer.on('trackended', () => this.onConsumerClosed(info.consumerId));
      kept.push(info.consumerId);
    }
    if (kept.length > 0) mark('first-consumer-created');
    return kept;
  }

  /** Asks the server to resume the consumers just created, in one request. */
  private async resume(kept: string[]): Promise<void> {
    if (kept.length === 0) return;
    // Resumed only once the receivers exist: resuming with the consumes (tried, issue 17) let the
    // sender's key frame arrive before its receiver and the first frame then waited ~1 s for the
    // receiver's own key frame request (click to frame 751 -> 1703 ms median). Resuming as soon
    // as setRemoteDescription made the receivers (mediasoup-client's onRtpReceiver, tried in the
    // move bench, session 23) fails the same way in half the moves (4 of 8: ~1300 ms instead of
    // ~350): Chrome drops what arrives before setLocalDescription is done, and the recovery waits
    // for mediasoup's pending key frame request to time out (1 s; the sender's encoder ignores a
    // second request within 300 ms of its last key frame). Asked before the tracks are handed to
    // the page, whose re-render would otherwise delay the request.
    const resumed = this.request('media:resumeConsumers', { consumerIds: kept });
    this.markFirstPackets();
    this.emitTracks();
    const r = await resumed;
    mark('first-resume-answered');
    if (!r.ok && r.error.code !== 'NOT_FOUND' && !this.closed) this.events.onError(mediaTrouble.resumeFailed(r.error));
  }

  /** Marks when the first remote video's first packets arrive (its track unmutes): between the
   * resume and this is the sender's key frame; after it, decoding. Diagnostics only. */
  private markFirstPackets(): void {
    for (const { consumer } of this.consumers.values()) {
      if (consumer.kind !== 'video') continue;
      if (!consumer.track.muted) mark('first-video-unmuted');
      else consumer.track.addEventListener('unmute', () => mark('first-video-unmuted'), { once: true });
    }
  }

  /** Runs `fn` once the consumer's creation (if still in flight) has finished. */
  private afterCreation(consumerId: string, fn: () => void): void {
    const task = this.pending.get(consumerId);
    if (task) void task.then(fn);
    else fn();
  }

  onConsumerClosed(consumerId: string): void {
    if (this.pending.has(consumerId) && !this.consumers.has(consumerId)) this.cancelled.add(consumerId);
    this.afterCreation(consumerId, () => {
      this.cancelled.delete(consumerId);
      const entry = this.consumers.get(consumerId);
      if (!entry) return;
      entry.consumer.close();
      this.consumers.delete(consumerId);
      this.emitTracks();
    });
  }

  onConsumerPaused(consumerId: string, paused: boolean): void {
    this.afterCreation(consumerId, () => {
      const entry = this.consumers.get(consumerId);
      if (!entry) return;
      entry.paused = paused;
      this.emitTracks();
    });
  }

  private emitTracks(): void {
    const tracks: RemoteTrack[] = [];
    for (const { consumer, info, paused } of this.consumers.values()) {
      tracks.push({ consumerId: info.consumerId, participantId: info.participantId, kind: info.kind, source: info.source, track: consumer.track, paused, ...(info.interpretation ? { interpretation: true } : {}) });
    }
    this.events.onRemoteTracks(tracks);
  }

  /** Every consumer's receiving numbers, asked for all at once (one slow receiver, e.g. one in the
   * middle of a renegotiation, does not hold up the others). */
  async getStats(): Promise<ConsumerStats[]> {
    return Promise.all(
      [...this.consumers.values()].map(async ({ consumer, info }) => {
        const stat: ConsumerStats = { kind: info.kind, participantId: info.participantId, consumerId: info.consumerId };
        try {
          const report = await consumer.getStats();
          report.forEach((s: { type?: string; framesDecoded?: number; packetsReceived?: number; bytesReceived?: number }) => {
            if (s.type !== 'inbound-rtp') return;
            if (s.framesDecoded !== undefined) stat.framesDecoded = s.framesDecoded;
            if (s.packetsReceived !== undefined) stat.packetsReceived = s.packetsReceived;
            if (s.bytesReceived !== undefined) stat.bytesReceived = s.bytesReceived;
          });
        } catch {
          // A consumer closed while we asked: report it without numbers.
        }
        return stat;
      }),
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.markRecvReady();
    for (const d of this.dataChannels) d.close();
    this.dataChannels = [];
    for (const { consumer } of this.consumers.values()) consumer.close();
    this.consumers.clear();
    for (const p of this.producers.values()) p.close();
    this.producers.clear();
    this.send?.close();
    this.recv?.close();
    this.events.onRemoteTracks([]);
  }
}
